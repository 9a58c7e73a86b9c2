"""Reminders: at the interval set on the round, only to those who have not answered, at most
the set number of times, never after the round closes; the periodic job queues each reminder
once however many workers run it, and resumes first mails that did not go out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kuyakusho.core.models import AuditRecord
from kuyakusho.core.scheduler import registered_jobs
from kuyakusho.staff_safety import services
from kuyakusho.staff_safety.models import Recipient, Round

from .conftest import answer, link_for, link_in, run_worker, safety_mails, start

pytestmark = pytest.mark.django_db


def reminders(round_: Round) -> list:
    return [m for m in safety_mails(round_) if "【再送】" in m.subject]


def hand_out(django_capture_on_commit_callbacks, at) -> dict:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        result = services.hand_out_due_work(at)
    run_worker()
    return result


def test_reminders_go_only_to_non_responders_and_stop_at_the_limit(
    office, django_capture_on_commit_callbacks
):
    round_ = start(
        django_capture_on_commit_callbacks, reminder_interval_minutes=30, reminder_limit=2
    )
    answer(Client(), link_for("parks@example.jp", round_))
    answer(Client(), link_for("road.staff@example.jp", round_), status="injured")
    started = round_.started_at

    # Not yet due: nothing.
    assert hand_out(django_capture_on_commit_callbacks, started + timedelta(minutes=29)) == {
        "reminded": [],
        "resumed": [],
    }
    assert reminders(round_) == []

    hand_out(django_capture_on_commit_callbacks, started + timedelta(minutes=31))
    first = reminders(round_)
    assert sorted(m.to[0] for m in first) == [
        "both@example.jp",
        "childcare.staff@example.jp",
        "crisis.staff@example.jp",
    ]
    # The reminder carries the same working link as the first mail.
    both = [m for m in safety_mails(round_) if m.to == ["both@example.jp"]]
    assert link_in(both[0].body_text) == link_in(both[1].body_text)

    # Someone answers in between: the second reminder leaves them out.
    answer(Client(), link_for("both@example.jp", round_))
    hand_out(django_capture_on_commit_callbacks, started + timedelta(minutes=61))
    second = reminders(round_)[len(first) :]
    assert sorted(m.to[0] for m in second) == [
        "childcare.staff@example.jp",
        "crisis.staff@example.jp",
    ]

    # The limit was two: later runs send nothing.
    hand_out(django_capture_on_commit_callbacks, started + timedelta(hours=5))
    assert len(reminders(round_)) == 5
    round_.refresh_from_db()
    assert round_.reminders_sent == 2 and round_.next_reminder_at is None
    assert AuditRecord.objects.filter(verb="staff_safety.round.reminded").count() == 2


def test_each_reminder_is_queued_once_however_many_workers_look(
    office, django_capture_on_commit_callbacks
):
    round_ = start(django_capture_on_commit_callbacks, reminder_limit=3)
    due = round_.started_at + timedelta(minutes=31)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.hand_out_due_work(due)
        second = services.hand_out_due_work(due)
    assert first["reminded"] == [round_.pk] and second["reminded"] == []
    run_worker()
    assert len(reminders(round_)) == 5
    # The same reminder task running twice sends nothing twice.
    from kuyakusho.staff_safety.sending import REMINDER, deliver

    assert deliver(round_.pk, REMINDER, 1) == 0


def test_no_reminders_after_the_round_closed(
    office, crisis_staff, django_capture_on_commit_callbacks
):
    round_ = start(django_capture_on_commit_callbacks)
    services.close_round(crisis_staff.user, round_)
    hand_out(django_capture_on_commit_callbacks, round_.started_at + timedelta(hours=3))
    assert reminders(round_) == []


def test_no_reminders_when_the_round_asked_for_none(office, django_capture_on_commit_callbacks):
    round_ = start(django_capture_on_commit_callbacks, reminder_interval_minutes=0)
    assert round_.next_reminder_at is None and round_.reminder_limit == 0
    hand_out(django_capture_on_commit_callbacks, round_.started_at + timedelta(days=1))
    assert reminders(round_) == []


def test_unsent_first_mails_are_resumed_by_the_periodic_job(
    office, django_capture_on_commit_callbacks
):
    round_ = start(django_capture_on_commit_callbacks)
    # As if the worker died before these two were sent (and its lease ran out).
    Recipient.objects.filter(
        round=round_, user__email__in=["parks@example.jp", "both@example.jp"]
    ).update(sent_at=None)
    Round.objects.filter(pk=round_.pk).update(sending_until=timezone.now() - timedelta(seconds=1))
    result = hand_out(django_capture_on_commit_callbacks, timezone.now())
    assert result["resumed"] == [round_.pk]
    assert Recipient.objects.filter(round=round_, sent_at__isnull=True).count() == 0
    assert len([m for m in safety_mails(round_) if m.to == ["parks@example.jp"]]) == 2


def test_a_round_held_by_a_live_task_is_not_sent_by_another(
    office, django_capture_on_commit_callbacks
):
    from kuyakusho.staff_safety.sending import deliver

    round_ = start(django_capture_on_commit_callbacks)
    Recipient.objects.filter(round=round_).update(sent_at=None)
    Round.objects.filter(pk=round_.pk).update(sending_until=timezone.now() + timedelta(minutes=1))
    assert deliver(round_.pk) == 0
    assert services.hand_out_due_work()["resumed"] == []


def test_the_periodic_job_is_registered_every_minute():
    jobs = {job.name: job for job in registered_jobs()}
    assert jobs["staff_safety.due_work"].every == timedelta(minutes=1)


def test_a_reminder_that_found_the_round_busy_goes_out_at_the_next_run(
    office, django_capture_on_commit_callbacks
):
    round_ = start(django_capture_on_commit_callbacks, reminder_limit=3)
    due = round_.started_at + timedelta(minutes=31)
    # Another task holds the round (a slow first sending): the reminder task sends nothing.
    Round.objects.filter(pk=round_.pk).update(sending_until=timezone.now() + timedelta(minutes=1))
    assert hand_out(django_capture_on_commit_callbacks, due)["reminded"] == [round_.pk]
    assert reminders(round_) == []
    Round.objects.filter(pk=round_.pk).update(sending_until=None)
    result = hand_out(django_capture_on_commit_callbacks, due + timedelta(minutes=1))
    assert result == {"reminded": [], "resumed": [round_.pk]}
    assert len(reminders(round_)) == 5
    # Everyone has it now: the next run sends nothing until the second reminder is due.
    assert hand_out(django_capture_on_commit_callbacks, due + timedelta(minutes=2)) == {
        "reminded": [],
        "resumed": [],
    }
    assert len(reminders(round_)) == 5
