"""Residents' children on マイページ: age in completed years (birthdays, leap days), the page that
lists, adds and removes them, its refusals, ownership, the API, and audit records without the
personal data itself."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuyakusho.accounts import services
from kuyakusho.accounts.models import Child
from kuyakusho.core.models import AuditRecord

from ..conftest import make_resident, sign_in

PAGE = "/mypage/children/"


def _anniversary(birth: date, year: int) -> date:
    """The day the age goes up in `year`: 1 March for a 29 February birthday in other years."""
    if (birth.month, birth.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 3, 1)
    return birth.replace(year=year)


def _reference_age(birth: date, today: date) -> int:
    """Count the birthdays passed, one by one: independent of the arithmetic under test."""
    age, year = 0, birth.year + 1
    while year <= today.year and _anniversary(birth, year) <= today:
        age, year = age + 1, year + 1
    return age


@pytest.mark.parametrize(
    ("birth", "today", "age"),
    [
        (date(2021, 2, 28), date(2026, 2, 28), 5),  # on the birthday
        (date(2021, 2, 28), date(2026, 2, 27), 4),  # the day before
        (date(2020, 2, 29), date(2021, 2, 28), 0),  # leap-day child, ordinary year: not yet
        (date(2020, 2, 29), date(2021, 3, 1), 1),
        (date(2020, 2, 29), date(2024, 2, 28), 3),
        (date(2020, 2, 29), date(2024, 2, 29), 4),  # leap year: on the day itself
        (date(2023, 4, 1), date(2023, 4, 1), 0),  # born today
        (date(2008, 12, 31), date(2026, 12, 31), 18),
    ],
)
def test_age_in_completed_years(birth, today, age):
    assert services.age_on(birth, today) == age


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@given(birth=days, today=days)
def test_age_matches_counting_birthdays_one_by_one(birth, today):
    if birth <= today:
        assert services.age_on(birth, today) == _reference_age(birth, today)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    birth=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    offset=st.integers(min_value=0, max_value=22 * 366),
    bounds=st.tuples(
        st.none() | st.integers(min_value=0, max_value=18),
        st.none() | st.integers(min_value=0, max_value=18),
    ),
)
def test_the_database_query_agrees_with_the_age(resident, birth, offset, bounds):
    """user_ids_with_child_aged selects by birth-date bounds; it must pick exactly the children
    whose completed age is within [min, max] on `today`, leap days and birthdays included."""
    today = birth + timedelta(days=offset)
    low, high = bounds
    Child.objects.all().delete()
    Child.objects.create(user=resident.user, birth_date=birth)
    selected = resident.user.pk in set(
        services.user_ids_with_child_aged(low, high, today).values_list("user_id", flat=True)
    )
    age = services.age_on(birth, today)
    expected = (low is None or age >= low) and (high is None or age <= high)
    assert selected == expected, (birth, today, age, low, high)


@pytest.mark.django_db
def test_a_resident_adds_a_child_and_sees_its_age(resident_client, resident):
    today = timezone.localdate()
    birth = today - timedelta(days=3 * 365 + 100)
    response = resident_client.post(PAGE, {"birth_date": birth.isoformat(), "label": "第１子"})
    assert response.status_code == 302
    child = Child.objects.get(user=resident.user)
    assert child.birth_date == birth and child.label == "第1子"  # NFKC: 全角 digits made plain
    page = resident_client.get(PAGE).content.decode()
    assert re.search(r"<td>第1子</td>\s*<td>[^<]+</td>\s*<td>3歳</td>", page)
    record = AuditRecord.objects.get(verb="accounts.child.added")
    assert record.data == {"child": child.pk}  # no birth date or label in the audit log


@pytest.mark.django_db
def test_the_page_says_what_the_data_is_for_and_links_to_the_consent(resident_client):
    page = resident_client.get(PAGE).content.decode()
    assert "お子さんの年齢に合ったお知らせを送るためだけに使います" in page
    assert "同意した場合だけ" in page
    assert 'href="/notifications/#id_profile_targeting_consent"' in page
    assert "登録しているお子さんはいません" in page
    # The consent checkbox the link points at exists on that page.
    settings_page = resident_client.get("/notifications/").content.decode()
    assert 'id="id_profile_targeting_consent"' in settings_page
    assert "お子さんの生年月日" in settings_page  # its hint says children's dates are used too
    assert 'href="/mypage/children/"' in resident_client.get("/mypage/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days_from_today", "message"),
    [
        (1, "未来の日付は入力できません"),
        (-(18 * 366 + 2), "登録できるのは18歳までのお子さんです"),
    ],
)
def test_future_and_too_old_birth_dates_are_refused_keeping_what_was_typed(
    resident_client, days_from_today, message
):
    birth = timezone.localdate() + timedelta(days=days_from_today)
    response = resident_client.post(PAGE, {"birth_date": birth.isoformat(), "label": "上の子"})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'role="alert"' in body and 'href="#id_birth_date"' in body  # summary links the field
    assert 'value="上の子"' in body and f'value="{birth.isoformat()}"' in body
    assert not Child.objects.exists()


@pytest.mark.django_db
def test_an_unreadable_or_missing_date_is_refused(resident_client):
    response = resident_client.post(PAGE, {"birth_date": "2023-02-30", "label": "下の子"})
    assert response.status_code == 400
    assert 'value="下の子"' in response.content.decode()
    assert resident_client.post(PAGE, {"label": "下の子"}).status_code == 400
    assert not Child.objects.exists()


@pytest.mark.django_db
def test_exactly_eighteen_years_ago_is_accepted():
    today = date(2026, 2, 28)
    resident = make_resident("eighteen@example.jp")
    child = services.add_child(
        resident.user, birth_date=date(2008, 2, 28), actor=resident.user, today=today
    )
    assert services.age_on(child.birth_date, today) == 18
    with pytest.raises(ValidationError):
        services.add_child(
            resident.user, birth_date=date(2008, 2, 27), actor=resident.user, today=today
        )


@pytest.mark.django_db
def test_a_resident_removes_their_own_child(resident_client, resident):
    child = services.add_child(
        resident.user, birth_date=timezone.localdate(), label="", actor=resident.user
    )
    assert resident_client.get(f"{PAGE}{child.pk}/delete/").status_code == 405  # POST only
    response = resident_client.post(f"{PAGE}{child.pk}/delete/")
    assert response.status_code == 302
    assert not Child.objects.exists()
    assert AuditRecord.objects.filter(verb="accounts.child.removed").count() == 1


@pytest.mark.django_db
def test_one_resident_cannot_delete_another_residents_child(resident_client, resident):
    other = make_resident("other@example.jp")
    theirs = services.add_child(
        other.user, birth_date=date(2022, 5, 5), label="よその子", actor=other.user
    )
    response = resident_client.post(f"{PAGE}{theirs.pk}/delete/")
    assert response.status_code == 404
    assert Child.objects.filter(pk=theirs.pk).exists()
    assert "よその子" not in resident_client.get(PAGE).content.decode()  # nor see it
    assert resident_client.delete(f"/api/v1/mypage/children/{theirs.pk}").status_code == 404
    assert Child.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(resident):
    child = services.add_child(resident.user, birth_date=date(2022, 5, 5), actor=resident.user)
    client = Client()
    assert client.get(PAGE)["Location"].startswith("/accounts/login/")
    assert client.post(f"{PAGE}{child.pk}/delete/")["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/mypage/children").status_code == 401
    assert Child.objects.count() == 1


@pytest.mark.django_db
def test_the_number_of_children_is_limited(resident):
    for _ in range(services.MAX_CHILDREN):
        services.add_child(resident.user, birth_date=date(2020, 1, 1), actor=resident.user)
    with pytest.raises(ValidationError):
        services.add_child(resident.user, birth_date=date(2020, 1, 1), actor=resident.user)


@pytest.mark.django_db
def test_the_api_lists_adds_and_removes_children(resident):
    client = sign_in(Client(), resident)
    today = timezone.localdate()
    birth = today - timedelta(days=10 * 365 + 30)
    response = client.post(
        "/api/v1/mypage/children",
        {"birth_date": birth.isoformat(), "label": "上の子"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["age"] == 10 and created["label"] == "上の子"
    assert client.get("/api/v1/mypage/children").json() == [created]
    future = client.post(
        "/api/v1/mypage/children",
        {"birth_date": (today + timedelta(days=1)).isoformat()},
        content_type="application/json",
    )
    assert future.status_code == 422 and "未来の日付" in future.json()["detail"]
    assert client.delete(f"/api/v1/mypage/children/{created['id']}").status_code == 204
    assert client.get("/api/v1/mypage/children").json() == []


@pytest.mark.django_db
def test_api_changes_need_the_csrf_token(resident):
    client = sign_in(Client(), resident)
    client.handler.enforce_csrf_checks = True  # as a browser script without the token meets it
    response = client.post(
        "/api/v1/mypage/children", {"birth_date": "2022-05-05"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Child.objects.exists()
