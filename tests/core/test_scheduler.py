"""core.scheduler: periodic jobs are enqueued once per due time, however many workers ask."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from kuyakusho.core import scheduler
from kuyakusho.core.models import AuditRecord, ScheduledJob, WorkerHeartbeat
from kuyakusho.core.scheduler import next_daily_run, register_periodic, run_due_jobs
from kuyakusho.core.tasks import HeartbeatThread

from .sample_tasks import record_marker
from .scheduled_sample_tasks import other_scheduled_run, record_scheduled_run

pytestmark = pytest.mark.django_db(transaction=True)

T0 = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture(autouse=True)
def isolated_registry():
    """Each test starts with an empty registry; whatever the apps registered comes back after."""
    saved = dict(scheduler._registry)
    scheduler._registry.clear()
    yield
    scheduler._registry.clear()
    scheduler._registry.update(saved)


def _queued(task=record_scheduled_run) -> int:
    return DBTaskResult.objects.filter(task_path=task.module_path).count()


def _row(name: str = "test.minutely") -> ScheduledJob:
    return ScheduledJob.objects.get(name=name)


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


# --- every= ---------------------------------------------------------------------------------


def test_first_call_creates_the_row_and_enqueues_nothing():
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    assert run_due_jobs(T0) == []
    row = _row()
    assert row.next_run_at == T0 + MINUTE
    assert row.last_run_at is None
    assert _queued() == 0


def test_a_due_job_is_enqueued_once_and_its_next_run_moves_forward():
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    run_due_jobs(T0)
    due = T0 + MINUTE
    assert run_due_jobs(due) == ["test.minutely"]
    assert _queued() == 1
    row = _row()
    assert row.next_run_at == due + MINUTE
    assert row.last_run_at == due
    # Asking again at the same moment (another worker, the next beat) finds nothing due.
    assert run_due_jobs(due) == []
    assert run_due_jobs(due + timedelta(seconds=10)) == []
    assert _queued() == 1


def test_a_job_that_is_not_due_is_left_alone():
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    run_due_jobs(T0)
    assert run_due_jobs(T0 + MINUTE - timedelta(microseconds=1)) == []
    assert _queued() == 0
    assert _row().next_run_at == T0 + MINUTE
    assert _row().last_run_at is None


def test_a_run_found_late_by_the_heartbeat_keeps_the_schedule_from_drifting():
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    run_due_jobs(T0)
    assert run_due_jobs(T0 + MINUTE + timedelta(seconds=9)) == ["test.minutely"]
    assert _row().next_run_at == T0 + 2 * MINUTE


def test_a_job_missed_for_ten_intervals_runs_once_and_restarts_from_now():
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    run_due_jobs(T0)
    back = T0 + 11 * MINUTE + timedelta(seconds=5)  # ten due times passed with no worker
    assert run_due_jobs(back) == ["test.minutely"]
    assert _queued() == 1
    assert _row().next_run_at == back + MINUTE
    for beat in range(1, 6):  # the following heartbeats do not catch up on the missed runs
        assert run_due_jobs(back + beat * timedelta(seconds=10)) == []
    assert _queued() == 1


def test_two_workers_calling_at_the_same_moment_enqueue_once():
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    run_due_jobs(T0)
    due = T0 + MINUTE
    assert run_due_jobs(due) + run_due_jobs(due) == ["test.minutely"]
    assert _queued() == 1


def test_a_worker_that_read_the_row_before_another_claimed_it_does_not_enqueue():
    job = register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    run_due_jobs(T0)
    due = T0 + MINUTE
    read_by_second_worker = _row()  # both workers have read next_run_at == due
    assert run_due_jobs(due) == ["test.minutely"]  # the first worker claims it
    assert scheduler._claim_and_enqueue(job, read_by_second_worker, due) is False
    assert _queued() == 1
    assert _row().next_run_at == due + MINUTE


def test_a_rolled_back_claim_enqueues_nothing_and_the_job_stays_due():
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    run_due_jobs(T0)
    due = T0 + MINUTE
    with pytest.raises(RuntimeError), transaction.atomic():
        assert run_due_jobs(due) == ["test.minutely"]
        raise RuntimeError("the surrounding transaction failed")
    assert _queued() == 0
    assert _row().next_run_at == due
    assert run_due_jobs(due) == ["test.minutely"]
    assert _queued() == 1


def test_a_failing_job_does_not_keep_the_others_from_running(monkeypatch, caplog):
    register_periodic("test.broken", other_scheduled_run, every=MINUTE)
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    run_due_jobs(T0)
    real_enqueue = scheduler.enqueue

    def enqueue(task_obj):
        if task_obj is other_scheduled_run:
            raise ConnectionError("queue unreachable")
        real_enqueue(task_obj)

    monkeypatch.setattr(scheduler, "enqueue", enqueue)
    with caplog.at_level(logging.ERROR, logger="kuyakusho.core.scheduler"):
        assert run_due_jobs(T0 + MINUTE) == ["test.minutely"]
    assert "test.broken" in caplog.text
    assert _row("test.broken").next_run_at == T0 + MINUTE  # its claim was rolled back
    assert _queued() == 1


def test_a_changed_schedule_restarts_from_now():
    register_periodic("test.minutely", record_scheduled_run, every=timedelta(hours=6))
    run_due_jobs(T0)
    assert _row().next_run_at == T0 + timedelta(hours=6)
    scheduler._registry.clear()  # a new release registers the job with another interval
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    later = T0 + timedelta(minutes=30)
    assert run_due_jobs(later) == []
    assert _row().next_run_at == later + MINUTE
    assert run_due_jobs(later + MINUTE) == ["test.minutely"]


def test_the_schedule_survives_a_restart():
    register_periodic("test.minutely", record_scheduled_run, every=timedelta(hours=1))
    run_due_jobs(T0)
    scheduler._registry.clear()  # the process restarts and registers the job again
    register_periodic("test.minutely", record_scheduled_run, every=timedelta(hours=1))
    assert run_due_jobs(T0 + timedelta(minutes=59)) == []
    assert run_due_jobs(T0 + timedelta(hours=1)) == ["test.minutely"]


# --- daily_at= ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 06:30 JST on the 23rd: today's 07:00 JST, which is 22:00 UTC of the 22nd.
        (datetime(2026, 11, 22, 21, 30, tzinfo=UTC), datetime(2026, 11, 22, 22, 0, tzinfo=UTC)),
        # 07:30 JST on the 23rd (22:30 UTC of the 22nd): 07:00 JST on the 24th.
        (datetime(2026, 11, 22, 22, 30, tzinfo=UTC), datetime(2026, 11, 23, 22, 0, tzinfo=UTC)),
        # Exactly 07:00 JST: strictly after now, so tomorrow.
        (datetime(2026, 11, 22, 22, 0, tzinfo=UTC), datetime(2026, 11, 23, 22, 0, tzinfo=UTC)),
        # 23:30 JST on the 22nd, before local midnight: 07:00 JST on the 23rd.
        (datetime(2026, 11, 22, 14, 30, tzinfo=UTC), datetime(2026, 11, 22, 22, 0, tzinfo=UTC)),
        # 00:30 JST on the 23rd, after local midnight but still the 22nd in UTC.
        (datetime(2026, 11, 22, 15, 30, tzinfo=UTC), datetime(2026, 11, 22, 22, 0, tzinfo=UTC)),
        # 12:00 JST on the 22nd (03:00 UTC): 07:00 JST on the 23rd.
        (datetime(2026, 11, 22, 3, 0, tzinfo=UTC), datetime(2026, 11, 22, 22, 0, tzinfo=UTC)),
        # New Year's morning in Tokyo while it is still New Year's Eve in UTC.
        (datetime(2026, 12, 31, 22, 30, tzinfo=UTC), datetime(2027, 1, 1, 22, 0, tzinfo=UTC)),
        (datetime(2026, 12, 31, 21, 0, tzinfo=UTC), datetime(2026, 12, 31, 22, 0, tzinfo=UTC)),
    ],
)
def test_daily_at_is_the_next_07_00_in_tokyo(now, expected):
    assert next_daily_run(time(7, 0), now) == expected


def test_daily_at_midnight_is_local_midnight():
    assert next_daily_run(time(0, 0), datetime(2026, 11, 22, 14, 59, tzinfo=UTC)) == datetime(
        2026, 11, 22, 15, 0, tzinfo=UTC
    )


def test_a_daily_job_runs_at_07_00_jst_and_then_the_next_day():
    register_periodic("test.daily", record_scheduled_run, daily_at=time(7, 0))
    now = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)  # 07:30 JST on the 23rd
    assert run_due_jobs(now) == []
    first = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)  # 07:00 JST on the 24th
    assert _row("test.daily").next_run_at == first
    assert run_due_jobs(first - timedelta(seconds=1)) == []
    assert run_due_jobs(first + timedelta(seconds=4)) == ["test.daily"]
    assert _row("test.daily").next_run_at == first + timedelta(days=1)
    assert _queued() == 1


def test_a_daily_job_missed_for_three_days_runs_once():
    register_periodic("test.daily", record_scheduled_run, daily_at=time(7, 0))
    run_due_jobs(datetime(2026, 11, 22, 3, 0, tzinfo=UTC))  # due 07:00 JST on the 23rd
    back = datetime(2026, 11, 25, 23, 0, tzinfo=UTC)  # 08:00 JST on the 26th
    assert run_due_jobs(back) == ["test.daily"]
    assert run_due_jobs(back + timedelta(seconds=10)) == []
    assert _queued() == 1
    assert _row("test.daily").next_run_at == datetime(2026, 11, 26, 22, 0, tzinfo=UTC)


# --- end to end -----------------------------------------------------------------------------


def test_the_enqueued_task_runs_when_the_database_worker_runs():
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    run_due_jobs(T0)
    assert run_due_jobs(T0 + MINUTE) == ["test.minutely"]
    assert not AuditRecord.objects.filter(verb="test.scheduled.ran").exists()  # queued only
    _run_database_worker()
    assert AuditRecord.objects.filter(verb="test.scheduled.ran").count() == 1
    _run_database_worker()
    assert AuditRecord.objects.filter(verb="test.scheduled.ran").count() == 1


def test_the_heartbeat_runs_due_jobs_after_each_beat_and_survives_their_failure(
    settings, monkeypatch
):
    settings.WORKER_HEARTBEAT_SECONDS = 0
    heartbeat = HeartbeatThread(settings.TASK_ENGINE)
    calls = []

    def run_due_jobs_stub(now=None):
        calls.append(WorkerHeartbeat.objects.filter(worker_id=heartbeat.worker_id).exists())
        if len(calls) == 1:
            raise RuntimeError("the scheduler broke")
        heartbeat.stop()
        return []

    monkeypatch.setattr(scheduler, "run_due_jobs", run_due_jobs_stub)
    heartbeat.run()  # in this thread: returns once the stub stops it
    assert calls == [True, True]  # beat first, and the failure did not end the loop


def test_registering_a_job_is_validated():
    with pytest.raises(TypeError):
        register_periodic("test.plain", lambda: None, every=MINUTE)
    with pytest.raises(TypeError, match="no arguments"):
        register_periodic("test.args", record_marker, every=MINUTE)
    with pytest.raises(ValueError, match="exactly one"):
        register_periodic("test.none", record_scheduled_run)
    with pytest.raises(ValueError, match="exactly one"):
        register_periodic("test.both", record_scheduled_run, every=MINUTE, daily_at=time(7))
    with pytest.raises(ValueError, match="positive"):
        register_periodic("test.zero", record_scheduled_run, every=timedelta(0))
    with pytest.raises(ValueError, match="tzinfo"):
        register_periodic("test.aware", record_scheduled_run, daily_at=time(7, tzinfo=UTC))
    with pytest.raises(ValueError):
        register_periodic("x" * 101, record_scheduled_run, every=MINUTE)
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)  # ready() twice: fine
    with pytest.raises(ValueError, match="already registered"):
        register_periodic("test.minutely", other_scheduled_run, every=MINUTE)
    assert [job.name for job in scheduler.registered_jobs()] == ["test.minutely"]
    with pytest.raises(ValueError, match="aware"):
        run_due_jobs(datetime(2026, 11, 22, 12, 0))


# --- real concurrency (PostgreSQL) ----------------------------------------------------------

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; concurrent workers are tested on PostgreSQL",
)


def _in_threads(count: int, target) -> list:
    results: list = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            results[index] = target()
        except BaseException as exc:  # reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@needs_postgresql
def test_four_workers_at_the_same_moment_on_postgresql_enqueue_exactly_once(monkeypatch):
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    run_due_jobs(T0)
    due = T0 + MINUTE
    # Every worker has read the due row before any of them tries to claim it.
    all_read = threading.Barrier(4, timeout=30)
    claim = scheduler._claim_and_enqueue

    def claim_after_everyone_read(job, row, now):
        all_read.wait()
        return claim(job, row, now)

    monkeypatch.setattr(scheduler, "_claim_and_enqueue", claim_after_everyone_read)
    results = _in_threads(4, lambda: run_due_jobs(due))
    assert sorted(map(len, results)) == [0, 0, 0, 1]
    assert _queued() == 1
    assert _row().next_run_at == due + MINUTE


@needs_postgresql
def test_four_workers_creating_the_row_at_once_on_postgresql_make_one_row(caplog):
    register_periodic("test.minutely", record_scheduled_run, every=MINUTE)
    start = threading.Barrier(4, timeout=30)

    def first_beat():
        start.wait()
        return run_due_jobs(T0)

    with caplog.at_level(logging.ERROR, logger="kuyakusho.core.scheduler"):
        assert _in_threads(4, first_beat) == [[], [], [], []]
    assert not caplog.records
    assert ScheduledJob.objects.count() == 1
    assert _queued() == 0
