"""core.tasks.enqueue: work is handed over only when the transaction commits, on both engines."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from kuyakusho.core.models import AuditRecord
from kuyakusho.core.tasks import enqueue

from .sample_tasks import record_marker

pytestmark = pytest.mark.django_db(transaction=True)


def _ran(token: str) -> bool:
    return AuditRecord.objects.filter(verb="test.task.ran", data__token=token).exists()


def _queued_markers() -> int:
    """Jobs of this test's task only: Wagtail queues its own (reference index) jobs too."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path__endswith=".record_marker").count()


def _run_database_worker() -> None:
    call_command(
        "db_worker",
        "--batch",
        "--queue-name",
        "*",
        "--no-reload",
        "--no-startup-delay",
        verbosity=0,
    )


def _enqueue_committed_and_rolled_back() -> tuple[str, str]:
    committed, rolled_back = uuid.uuid4().hex, uuid.uuid4().hex
    with transaction.atomic():
        enqueue(record_marker, committed)
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(record_marker, rolled_back)
        raise RuntimeError("the request failed")
    return committed, rolled_back


def test_database_engine_runs_committed_work_and_never_rolled_back_work():

    committed, rolled_back = _enqueue_committed_and_rolled_back()
    assert _queued_markers() == 1  # the rolled-back job was never queued
    assert not _ran(committed)  # queued, not run inline
    _run_database_worker()
    assert _ran(committed)
    assert not _ran(rolled_back)


def test_nothing_is_queued_until_the_outer_transaction_commits():

    with transaction.atomic():
        with transaction.atomic():
            enqueue(record_marker, "inner")
        assert _queued_markers() == 0
    assert _queued_markers() == 1


@pytest.mark.scaleout
@pytest.mark.skipif(
    not os.environ.get("KUYAKUSHO_TEST_REDIS_URL"),
    reason="set KUYAKUSHO_TEST_REDIS_URL to test the RQ engine on real Redis",
)
def test_rq_engine_on_real_redis_runs_committed_work_and_never_rolled_back_work():
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    ):
        queue = django_rq.get_queue("default", job_class=Job)
        queue.empty()
        committed, rolled_back = _enqueue_committed_and_rolled_back()
        assert queue.count == 1
        assert not _ran(committed)
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
        assert _ran(committed)
        assert not _ran(rolled_back)
        assert queue.count == 0
