"""Sign-up: places up to the capacity, a waiting list in order, promotion with a mail when
someone cancels, no overbooking when two people press at once, and participant lists that
only organisers see, every read and export recorded."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from kuyakusho.core.models import AuditRecord
from kuyakusho.events import services, services_signups
from kuyakusho.events.models import Event, Signup, SignupStatus

from ..conftest import make_resident, sign_in
from .conftest import department_event, event_input, published_group_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_event(lifelong_staff, lifelong, categories):
    return department_event(
        lifelong_staff, lifelong, categories["learning"], signup_required=True, capacity=2
    )


def people(count: int) -> list:
    return [make_resident(f"person{n}@example.jp").user for n in range(count)]


def statuses(event) -> list[str]:
    return list(event.signups.order_by("created_at", "pk").values_list("status", flat=True))


def test_places_then_a_waiting_list_then_promotion_in_order_with_a_mail(
    small_event, django_capture_on_commit_callbacks
):
    first, second, third, fourth = people(4)
    with django_capture_on_commit_callbacks(execute=True):
        for number, user in enumerate([first, second, third, fourth], start=1):
            services_signups.sign_up(user, small_event, name=f"参加者{number}")
    assert statuses(small_event) == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert "キャンセル待ち" in mail.outbox[2].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services_signups.cancel_signup(first, small_event.signups.get(user=first))
    assert statuses(small_event) == ["cancelled", "confirmed", "confirmed", "waitlisted"]
    assert [m.to for m in mail.outbox] == [[third.email]]  # the first in line, and only them
    assert "参加が決まりました" in mail.outbox[0].subject
    assert AuditRecord.objects.filter(verb="events.signup.promoted").count() == 1
    # Someone waiting who gives up frees no place.
    services_signups.cancel_signup(fourth, small_event.signups.get(user=fourth))
    assert statuses(small_event).count("confirmed") == 2


def test_raising_the_capacity_lets_waiting_people_in(
    small_event, lifelong_staff, lifelong, categories
):
    users = people(3)
    for user in users:
        services_signups.sign_up(user, small_event, name="参加者")
    services.save_department_event(
        lifelong_staff.user,
        lifelong,
        event_input(categories["learning"], signup_required=True, capacity=3),
        small_event,
    )
    assert statuses(small_event) == ["confirmed"] * 3
    with pytest.raises(ValidationError) as refused:
        services.save_department_event(
            lifelong_staff.user,
            lifelong,
            event_input(categories["learning"], signup_required=True, capacity=1),
            small_event,
        )
    assert "capacity" in refused.value.error_dict


def test_one_active_signup_per_person_and_no_signup_after_the_start(small_event, resident):
    services_signups.sign_up(resident.user, small_event, name="練馬 花子")
    with pytest.raises(ValidationError):
        services_signups.sign_up(resident.user, small_event, name="練馬 花子")
    Event.objects.filter(pk=small_event.pk).update(
        start_date=timezone.localdate() - timedelta(days=1)
    )
    small_event.refresh_from_db()
    with pytest.raises(ValidationError) as closed:
        services_signups.sign_up(make_resident("late@example.jp").user, small_event, name="遅刻")
    assert closed.value.code == "closed"


def test_an_event_without_signup_or_not_published_refuses(
    lifelong_staff, lifelong, categories, resident, group
):
    walk_in = department_event(lifelong_staff, lifelong, categories["culture"])
    with pytest.raises(ValidationError):
        services_signups.sign_up(resident.user, walk_in, name="練馬 花子")
    pending = services.submit_group_event(
        resident.user, group, event_input(group.category, signup_required=True)
    )
    with pytest.raises(ValidationError):
        services_signups.sign_up(resident.user, pending, name="練馬 花子")
    assert not Signup.objects.exists()


def test_signing_up_in_the_browser_and_cancelling(resident_client, small_event):
    assert (
        Client().get(f"/events/{small_event.pk}/signup/")["Location"].startswith("/accounts/login/")
    )
    missing = resident_client.post(
        f"/events/{small_event.pk}/signup/", {"name": "", "phone": "03-1111-2222", "note": "車いす"}
    )
    assert missing.status_code == 400
    body = missing.content.decode()
    assert 'value="03-1111-2222"' in body and "車いす" in body  # nothing typed is lost
    done = resident_client.post(f"/events/{small_event.pk}/signup/", {"name": "練馬 花子"})
    assert done.status_code == 302
    detail = resident_client.get(f"/events/{small_event.pk}/").content.decode()
    assert "申込済みです" in detail
    assert small_event.title in resident_client.get("/events/mine/").content.decode()
    signup = Signup.objects.get()
    resident_client.post(f"/events/signups/{signup.pk}/cancel/", {"next": "mine"})
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED


def test_nobody_cancels_someone_elses_signup(small_event, resident, other_client, other_resident):
    signup = services_signups.sign_up(resident.user, small_event, name="練馬 花子")
    assert other_client.post(f"/events/signups/{signup.pk}/cancel/").status_code == 404
    with pytest.raises(PermissionDenied):
        services_signups.cancel_signup(other_resident.user, signup)


def test_participants_are_seen_only_by_organisers_and_each_read_is_recorded(
    resident, lifelong_staff, other_resident, other_client, group, road_staff
):
    event = published_group_event(group, resident, lifelong_staff, signup_required=True, capacity=5)
    services_signups.sign_up(other_resident.user, event, name='=HYPERLINK("x")', phone="+81")
    manager = sign_in(Client(), resident)
    page = manager.get(f"/events/groups/{group.pk}/events/{event.pk}/participants/")
    assert page.status_code == 200 and other_resident.email in page.content.decode()
    csv_response = manager.get(f"/events/groups/{group.pk}/events/{event.pk}/participants.csv")
    content = csv_response.content.decode("utf-8")
    assert content.startswith("\ufeff") and csv_response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in content and "'+81" in content  # formulas neutralised
    # Department staff of the event's department may read it too; others may not.
    staff = sign_in(Client(), lifelong_staff)
    assert (
        other_resident.email
        in staff.get(f"/staff/events/{event.pk}/participants/").content.decode()
    )
    assert (
        sign_in(Client(), road_staff).get(f"/staff/events/{event.pk}/participants/").status_code
        == 403
    )
    assert (
        other_client.get(f"/events/groups/{group.pk}/events/{event.pk}/participants/").status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        services_signups.read_participants(other_resident.user, event)
    reads = AuditRecord.objects.filter(verb__startswith="events.participants.")
    assert sorted(reads.values_list("verb", "actor_id")) == sorted(
        [
            ("events.participants.read", resident.user.pk),
            ("events.participants.exported", resident.user.pk),
            ("events.participants.read", lifelong_staff.user.pk),
        ]
    )
    assert all("HYPERLINK" not in str(r.data) for r in reads)  # no personal data in the log


@pytest.mark.django_db(transaction=True)
def test_two_people_at_once_for_the_last_place_never_overbook(lifelong, categories, ward):
    """Real concurrent transactions: meaningful on PostgreSQL (SQLite serialises writers)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent writers (run with PostgreSQL)")
    from ..conftest import make_staff

    staff = make_staff("concurrency.staff@example.jp", lifelong, "editor", with_totp=False)
    event = department_event(
        staff, lifelong, categories["learning"], signup_required=True, capacity=1
    )
    users = people(8)
    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []

    def attempt(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            outcomes.append(services_signups.sign_up(user, event, name="同時").status)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["confirmed"] + ["waitlisted"] * 7
    assert event.signups.filter(status="confirmed").count() == 1
