"""Live status: the running department's staff (any role) and crisis management open, mark full
or close a shelter from the phone form; every update is a history row and an audit record
without personal data; a head count above capacity × 2 is questioned and stored only once
confirmed; negative, non-numeric and absurd numbers are refused and nothing typed is lost;
another department's staff cannot update."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from kuyakusho.core.models import AuditRecord
from kuyakusho.shelters import services
from kuyakusho.shelters.headcount import HeadCountQuestioned
from kuyakusho.shelters.models import Shelter, StatusChange

from ..conftest import make_staff, sign_in

pytestmark = pytest.mark.django_db


def status_url(shelter: Shelter) -> str:
    return f"/staff/shelters/{shelter.pk}/status/"


def test_site_staff_open_a_shelter_from_the_form_and_the_history_keeps_it(
    site_client, site_staff, school
):
    page = site_client.get(status_url(school)).content.decode()
    assert 'value="0"' in page  # the current head count, ready to change
    assert "校長 携帯 090-1111-2222" in page  # the staff-only contact, for the people running it

    response = site_client.post(
        status_url(school), {"status": "open", "head_count": "１２０人", "note": "体育館を開放"}
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.status, school.head_count) == ("open", 120)
    assert school.status_updated_by == site_staff.user and school.status_updated_at is not None
    page = site_client.get(response["Location"]).content.decode()
    assert "「開設中」にしました。避難者数: 120人" in page

    # 満員 without typing a number keeps the count; then closing sets it to 0.
    site_client.post(status_url(school), {"status": "full", "head_count": ""})
    site_client.post(status_url(school), {"status": "closed", "head_count": "95"})
    school.refresh_from_db()
    assert (school.status, school.head_count) == ("closed", 0)
    changes = list(StatusChange.objects.filter(shelter=school).order_by("changed_at", "pk"))
    assert [
        (c.previous_status, c.status, c.previous_head_count, c.head_count) for c in changes
    ] == [("closed", "open", 0, 120), ("open", "full", 120, 120), ("full", "closed", 120, 0)]
    assert changes[0].note == "体育館を開放" and changes[0].changed_by == site_staff.user

    history = site_client.get(f"/staff/shelters/{school.pk}/history/").content.decode()
    assert "体育館を開放" in history and "site.staff@example.jp" in history
    assert history.index("満員 → 閉鎖中") < history.index("閉鎖中 → 開設中")  # newest first


def test_the_history_keeps_every_update_page_by_page(site_staff, site_client, school):
    for count in range(1, 106):
        services.update_status(site_staff.user, school, status="open", head_count=count)
    first = site_client.get(f"/staff/shelters/{school.pk}/history/").content.decode()
    assert '<td class="numbers">104 → 105</td>' in first and "1 / 2" in first
    second = site_client.get(f"/staff/shelters/{school.pk}/history/?page=2").content.decode()
    assert "閉鎖中 → 開設中" in second and "0 → 1</td>" in second


def test_every_update_is_audited_for_subscribers_without_the_note(site_staff, school):
    services.update_status(
        site_staff.user, school, status="open", head_count=30, note="山田さんが体調不良"
    )
    record = AuditRecord.objects.get(verb="shelters.status.changed")
    assert record.target_id == str(school.pk)
    assert record.data == {
        "department": "residents",
        "previous_status": "closed",
        "status": "open",
        "previous_head_count": 0,
        "head_count": 30,
        "capacity": 500,
        "confirmed_unusual": False,
        "change": StatusChange.objects.get().pk,
    }
    assert "山田" not in str(record.data) and record.actor_label == f"user:{site_staff.user.pk}"


def test_a_head_count_above_twice_the_capacity_is_questioned_then_stored_once_confirmed(
    site_client, school
):
    response = site_client.post(
        status_url(school), {"status": "open", "head_count": "1,200", "note": "校庭にも避難者"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "避難者数 1,200人は、収容人数 500人の2倍を超えています" in page
    assert 'name="confirmed_count" value="1200"' in page
    assert "はい、1,200人で「開設中」にする" in page
    assert 'value="1,200"' in page and "校庭にも避難者" in page  # nothing typed is lost
    school.refresh_from_db()
    assert school.status == "closed" and not StatusChange.objects.exists()

    # Confirming means sending the same number again with the confirmation it was asked for.
    response = site_client.post(
        status_url(school),
        {
            "status": "open",
            "head_count": "1,200",
            "confirmed_count": "1200",
            "note": "校庭にも避難者",
        },
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.status, school.head_count) == ("open", 1200)
    assert StatusChange.objects.get().confirmed_unusual is True


def test_a_confirmation_holds_for_that_number_only(site_client, school):
    response = site_client.post(
        status_url(school), {"status": "open", "head_count": "1300", "confirmed_count": "1200"}
    )
    assert response.status_code == 200
    assert "1,300人は、収容人数 500人の2倍を超えています" in response.content.decode()
    school.refresh_from_db()
    assert school.status == "closed"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "避難者数は0以上の数で入力してください。"),
        ("たくさん", "避難者数は数字で入力してください（例: 120）。"),
        ("12.5", "避難者数は数字で入力してください（例: 120）。"),
        ("5001", "収容人数 500人の10倍を超えているため受け付けられません"),
        ("9999999999", "10倍を超えているため受け付けられません"),
    ],
)
def test_impossible_head_counts_are_refused_and_nothing_typed_is_lost(
    site_client, school, typed, message
):
    response = site_client.post(
        status_url(school),
        {"status": "open", "head_count": typed, "note": "正門は閉鎖", "confirmed_count": typed},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{typed}"' in page and "正門は閉鎖" in page
    school.refresh_from_db()
    assert school.status == "closed" and not StatusChange.objects.exists()


def test_no_button_pressed_or_an_unknown_status_is_explained(site_client, school):
    for data in ({"head_count": "10"}, {"status": "burning", "head_count": "10"}):
        response = site_client.post(status_url(school), data)
        assert response.status_code == 400
        assert (
            "「開設」「満員」「閉鎖」のボタンのどれかを押してください。"
            in response.content.decode()
        )
        assert 'value="10"' in response.content.decode()
    staff = make_staff("other.site@example.jp", school.department, "staff").user
    with pytest.raises(ValidationError):
        services.update_status(staff, school, status="burning")


def test_staff_of_another_department_cannot_update_or_see_the_staff_contact(
    road_staff, road_client, school
):
    assert road_client.get(status_url(school)).status_code == 403
    response = road_client.post(status_url(school), {"status": "open", "head_count": "10"})
    assert response.status_code == 403
    assert road_client.get(f"/staff/shelters/{school.pk}/history/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.update_status(road_staff.user, school, status="open", head_count=10)
    school.refresh_from_db()
    assert school.status == "closed" and not StatusChange.objects.exists()
    # Their board lists only their own department's shelters: none.
    board = road_client.get("/staff/shelters/").content.decode()
    assert "第一小学校" not in board and "表示する避難所はありません。" in board


def test_crisis_management_updates_any_shelter_and_sees_them_all(
    crisis_client, crisis_staff, school, departments
):
    from .conftest import make_shelter

    park = make_shelter(
        "中央公園",
        department=departments["parks"],
        is_evacuation_site=True,
        evacuation_large_fire=True,
        capacity=3000,
    )
    response = crisis_client.post(status_url(park), {"status": "open", "head_count": "250"})
    assert response.status_code == 302
    board = crisis_client.get("/staff/shelters/").content.decode()
    assert "第一小学校" in board and "中央公園" in board
    assert "開設中 1か所 · 満員 0か所 · 閉鎖中 1か所 · 避難者 250人" in board
    assert board.index("中央公園") < board.index("第一小学校")  # open ones first


def test_an_inactive_shelter_cannot_be_updated(site_client, school):
    Shelter.objects.filter(pk=school.pk).update(is_active=False)
    response = site_client.post(status_url(school), {"status": "open", "head_count": "3"})
    assert response.status_code == 400
    assert "無効になっているため" in response.content.decode()


def test_service_refuses_and_questions_as_the_form_does(site_staff, school):
    user = site_staff.user
    with pytest.raises(HeadCountQuestioned) as asked:
        services.update_status(user, school, status="open", head_count=1001)
    assert (asked.value.head_count, asked.value.capacity) == (1001, 500)
    services.update_status(user, school, status="open", head_count=1000)  # exactly × 2: fine
    with pytest.raises(ValidationError) as refused:
        services.update_status(user, school, status="open", head_count=-1)
    assert "head_count" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.update_status(user, school, status="open", head_count=5, note="x" * 501)
    assert StatusChange.objects.count() == 1


def test_the_phone_form_needs_the_second_factor(site_staff, school):
    client = sign_in(Client(), site_staff, second_factor=False)
    response = client.get(status_url(school))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
