"""Fixtures for staff safety confirmation: a small ward office (one person in two departments,
one account switched off, one resident), starting rounds, running the queued tasks as a worker
would, and reading the reply links out of the sent mail."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kuyakusho.core.models import OutboxMessage
from kuyakusho.staff_safety import services
from kuyakusho.staff_safety.models import Recipient, Round

from ..conftest import make_resident, make_staff, sign_in

LINK = re.compile(r"http://127\.0\.0\.1:8000(/safety/reply/[^/\s]+/)")


@pytest.fixture
def office(db, ward, departments, crisis_staff, road_staff, childcare_staff):
    """Five staff members who count (crisis, road, childcare, a road+parks member, a parks
    viewer), an account that is switched off and a resident (neither counts)."""
    both = make_staff("both@example.jp", departments["road"], "staff", with_totp=False)
    from kuyakusho.accounts.models import StaffMembership

    StaffMembership.objects.create(user=both.user, department=departments["parks"], role="staff")
    parks = make_staff("parks@example.jp", departments["parks"], "staff", with_totp=False)
    gone = make_staff("gone@example.jp", departments["road"], "staff", with_totp=False)
    gone.user.is_active = False
    gone.user.save()
    make_resident("resident.safety@example.jp")
    return {
        "crisis": crisis_staff,
        "road": road_staff,
        "childcare": childcare_staff,
        "both": both,
        "parks": parks,
        "gone": gone,
    }


@pytest.fixture
def crisis_client(crisis_staff) -> Client:
    return sign_in(Client(), crisis_staff)


def run_worker() -> None:
    """What `kuyakusho worker` does with each queued job, in this thread and transaction:
    claim it and run it through django-tasks-db's own Worker.run_task. (The management command
    itself closes the database connection between jobs, which would end the test's
    transaction on PostgreSQL.) Fails on a job that raised."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while (job := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        job.claim("test-worker")
        worker.run_task(job)
        job.refresh_from_db()
        assert job.status == "SUCCESSFUL", job.traceback


def start(django_capture_on_commit_callbacks, actor=None, **fields) -> Round:
    """Start a round and run its sending task, as the worker would after the commit."""
    values = {"title": "震度5強の地震（テスト）", "drill": False, **fields}
    with django_capture_on_commit_callbacks(execute=True):
        round_ = services.start_confirmation(actor, **values)
    run_worker()
    round_.refresh_from_db()
    return round_


def safety_mails(round_: Round | None = None) -> list[OutboxMessage]:
    mails = OutboxMessage.objects.filter(subject__contains="【安否確認】").order_by("pk")
    if round_ is not None:
        mails = mails.filter(subject__contains=round_.title)
    return list(mails)


def link_in(text: str) -> str:
    """The path of the reply link in a mail (it appears in the Japanese and English parts)."""
    paths = set(LINK.findall(text))
    assert len(paths) == 1, text
    return paths.pop()


def link_for(email: str, round_: Round | None = None) -> str:
    mails = [m for m in safety_mails(round_) if m.to == [email]]
    assert mails, f"no safety mail to {email}"
    return link_in(mails[-1].body_text)


def answer(client: Client, path: str, **fields):  # type: ignore[no-untyped-def]
    data = {
        "status": "safe",
        "attendance": "now",
        "attendance_hours": "",
        "location": "自宅",
        "note": "",
        **fields,
    }
    return client.post(path, data)


def recipient_of(round_: Round, persona) -> Recipient:  # type: ignore[no-untyped-def]
    return Recipient.objects.get(round=round_, user=persona.user)
