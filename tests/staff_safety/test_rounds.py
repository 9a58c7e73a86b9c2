"""Starting a safety confirmation: by hand through the back office (form, then a confirm step),
or by another domain through start_confirmation() (idempotent with a trigger key); one message
per person, in the background, each with a working link; drills marked everywhere."""

from __future__ import annotations

import pytest
from django.test import Client

from kuyakusho.core.models import AuditRecord
from kuyakusho.staff_safety import services
from kuyakusho.staff_safety.models import Recipient, Round

from .conftest import link_for, run_worker, safety_mails, start

pytestmark = pytest.mark.django_db

COUNTED = {
    "crisis.staff@example.jp",
    "road.staff@example.jp",
    "childcare.staff@example.jp",
    "both@example.jp",
    "parks@example.jp",
}


def round_data(**extra) -> dict:
    data = {
        "kind": "actual",
        "title": "震度5強の地震",
        "message": "庁舎の被害を確認中です。",
        "reminder_interval_minutes": "30",
        "reminder_limit": "3",
    }
    data.update(extra)
    return data


def test_crisis_staff_start_a_round_by_hand_after_a_confirm_step(
    office, crisis_client, django_capture_on_commit_callbacks
):
    response = crisis_client.post("/staff/safety/rounds/new/", round_data())
    html = response.content.decode()
    assert response.status_code == 200
    assert "実際の災害として送ります" in html
    assert "5人" in html  # everyone who is staff, each once
    assert not Round.objects.exists()  # the confirm step starts nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = crisis_client.post(
            "/staff/safety/rounds/new/", round_data(confirm="1"), follow=True
        )
    round_ = Round.objects.get()
    assert response.redirect_chain[-1][0] == f"/staff/safety/rounds/{round_.pk}/"
    assert round_.started_by == office["crisis"].user and not round_.is_drill
    assert round_.recipient_count == 5
    # Nothing was sent inside the request: the mails go out from the task queue.
    assert safety_mails() == []
    run_worker()
    mails = safety_mails(round_)
    assert sorted(m.to[0] for m in mails) == sorted(COUNTED)
    record = AuditRecord.objects.get(verb="staff_safety.round.started")
    assert record.actor_id == office["crisis"].user.pk
    assert record.data["recipients"] == 5 and record.data["drill"] is False


def test_bad_input_comes_back_with_what_was_typed(office, crisis_client):
    response = crisis_client.post(
        "/staff/safety/rounds/new/",
        round_data(kind="", title="x" * 101, reminder_limit="11", message="停電しています"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "訓練か実際の災害かを選んでください。" in html
    assert "件名は100文字以内にしてください。" in html
    assert "再送の回数は0～10回にしてください。" in html
    assert "停電しています" in html
    assert not Round.objects.exists()


def test_other_staff_cannot_start_or_see_rounds(
    office, road_client, django_capture_on_commit_callbacks
):
    assert road_client.get("/staff/safety/rounds/new/").status_code == 403
    assert road_client.post("/staff/safety/rounds/new/", round_data(confirm="1")).status_code == 403
    round_ = start(django_capture_on_commit_callbacks)
    assert road_client.get(f"/staff/safety/rounds/{round_.pk}/").status_code == 403
    home = road_client.get("/staff/safety/").content.decode()
    assert "安否確認を開始" not in home and round_.title not in home
    assert "自分の連絡先を確認・変更" in home  # every staff member keeps their own details
    assert Round.objects.count() == 1


def test_start_confirmation_without_an_actor_is_automatic_and_idempotent_by_trigger_key(
    office, django_capture_on_commit_callbacks
):
    first = start(
        django_capture_on_commit_callbacks, title="震度5強 練馬区", trigger_key="jma:20260101000000"
    )
    again = start(
        django_capture_on_commit_callbacks, title="別の件名", trigger_key="jma:20260101000000"
    )
    assert again.pk == first.pk and Round.objects.count() == 1
    assert first.started_by is None
    assert len(safety_mails()) == 5  # the second call sent nothing
    record = AuditRecord.objects.get(verb="staff_safety.round.started")
    assert record.actor_label == "system" and record.data["trigger_key"] == "jma:20260101000000"
    other = start(django_capture_on_commit_callbacks, trigger_key="jma:20260202000000")
    assert other.pk != first.pk


def test_one_message_per_person_in_their_departments_and_never_twice(
    office, departments, django_capture_on_commit_callbacks
):
    round_ = start(django_capture_on_commit_callbacks)
    both = Recipient.objects.get(round=round_, user=office["both"].user)
    assert {d.department.code for d in both.departments.all()} == {"road", "parks"}
    assert not Recipient.objects.filter(round=round_, user=office["gone"].user).exists()
    # The task running again (a second worker, a retry) sends nothing more.
    from kuyakusho.staff_safety.sending import deliver

    assert deliver(round_.pk) == 0
    assert len(safety_mails(round_)) == 5
    assert Recipient.objects.filter(round=round_, sent_at__isnull=False).count() == 5


def test_every_link_opens_its_own_form(office, django_capture_on_commit_callbacks):
    round_ = start(django_capture_on_commit_callbacks)
    paths = {email: link_for(email, round_) for email in COUNTED}
    assert len(set(paths.values())) == 5
    for path in paths.values():
        response = Client().get(path)
        assert response.status_code == 200
        assert "あなたと家族の安否" in response.content.decode()


def test_private_address_gets_the_message_and_account_address_otherwise(
    office, django_capture_on_commit_callbacks
):
    from kuyakusho.staff_safety.services_contacts import save_own_contact

    save_own_contact(office["road"].user, {"personal_email": "Road.Home@Example.jp"})
    round_ = start(django_capture_on_commit_callbacks)
    addresses = {m.to[0] for m in safety_mails(round_)}
    assert "road.home@example.jp" in addresses
    assert "road.staff@example.jp" not in addresses
    assert "parks@example.jp" in addresses


def test_drill_is_unmistakable_in_mail_and_on_every_screen(
    office, crisis_client, django_capture_on_commit_callbacks
):
    response = crisis_client.post("/staff/safety/rounds/new/", round_data(kind="drill"))
    assert "【訓練】として送ります" in response.content.decode()
    round_ = start(django_capture_on_commit_callbacks, title="安否確認訓練", drill=True)
    mail = safety_mails(round_)[0]
    assert mail.subject.startswith("【訓練】")
    assert mail.body_text.startswith("【訓練】これは訓練です。")
    assert "[DRILL]" in mail.body_text or "drill" in mail.body_text.lower()  # the English part
    assert mail.headers.get("X-Kuyakusho-Drill") == "1"
    reply_page = Client().get(link_for("parks@example.jp", round_)).content.decode()
    assert "<h1>【訓練】職員安否確認</h1>" in reply_page
    dashboard = crisis_client.get(f"/staff/safety/rounds/{round_.pk}/").content.decode()
    assert "【訓練】これは訓練です。" in dashboard
    assert "【訓練】" in crisis_client.get("/staff/safety/").content.decode()


def test_an_actual_round_says_so_and_is_not_marked_as_drill(
    office, django_capture_on_commit_callbacks
):
    round_ = start(django_capture_on_commit_callbacks)
    mail = safety_mails(round_)[0]
    assert "訓練" not in mail.subject and "訓練" not in mail.body_text
    assert "実際の災害による安否確認です。" in Client().get(link_in_mail(mail)).content.decode()


def link_in_mail(mail) -> str:  # type: ignore[no-untyped-def]
    from .conftest import link_in

    return link_in(mail.body_text)


def test_mail_is_japanese_with_english_below(office, django_capture_on_commit_callbacks):
    round_ = start(django_capture_on_commit_callbacks, message="本庁舎に参集してください。")
    body = safety_mails(round_)[0].body_text
    japanese, english = body.split("----------")
    assert "職員安否確認" in japanese and "ログインは不要です。" in japanese
    assert "staff safety" in english.lower() and "sign" in english.lower()
    assert "本庁舎に参集してください。" in japanese


def test_close_by_hand_stops_the_round(office, crisis_client, django_capture_on_commit_callbacks):
    round_ = start(django_capture_on_commit_callbacks)
    assert (
        "安否確認を終了する"
        in crisis_client.get(f"/staff/safety/rounds/{round_.pk}/close/").content.decode()
    )
    crisis_client.post(f"/staff/safety/rounds/{round_.pk}/close/")
    round_.refresh_from_db()
    assert not round_.is_open and round_.closed_by == office["crisis"].user
    assert round_.next_reminder_at is None
    assert AuditRecord.objects.filter(verb="staff_safety.round.closed").count() == 1
    # Closing twice changes nothing and says so.
    response = crisis_client.post(f"/staff/safety/rounds/{round_.pk}/close/", follow=True)
    assert "すでに終了しています" in response.content.decode()
    assert AuditRecord.objects.filter(verb="staff_safety.round.closed").count() == 1


def test_a_round_closed_before_its_mail_went_out_sends_nothing(
    office, crisis_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = services.start_confirmation(None, title="すぐ取り消す", drill=True)
    services.close_round(crisis_staff.user, round_)
    run_worker()
    assert safety_mails(round_) == []


def test_a_person_needs_the_permission_even_through_the_service(office, road_staff):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.start_confirmation(road_staff.user, title="勝手に開始", drill=True)
    assert not Round.objects.exists()


def test_the_back_office_card_leads_every_staff_member_here(office, road_client):
    assert "/staff/safety/" in road_client.get("/staff/").content.decode()
