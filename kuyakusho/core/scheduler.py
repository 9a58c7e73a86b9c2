"""Periodic jobs that are handed to the task queue once per due time, however many workers run.

Domains register a job at import time, usually in their AppConfig.ready()::

    from kuyakusho.core.scheduler import register_periodic

    register_periodic("notices.send_due", send_due_notices, every=timedelta(minutes=1))
    register_periodic("notices.daily_digest", send_digest, daily_at=time(7, 0))

The task is a django-tasks `@task` function (from kuyakusho.core.tasks) that takes no arguments.
`daily_at` is a wall-clock time in settings.TIME_ZONE (Asia/Tokyo).

Every worker calls run_due_jobs() from its heartbeat thread (core.tasks.HeartbeatThread), so a
due job is enqueued up to WORKER_HEARTBEAT_SECONDS (10 s) late: periodic precision is ~10 s.
Nothing runs when no worker runs; a job that was missed, even for hours, runs once when a worker
comes back (not once per missed interval).

How "once" is guaranteed: the due time lives in one ScheduledJob row per job. A worker that sees
a due row claims it with a single conditional UPDATE, `SET next_run_at = <next> WHERE name = ?
AND next_run_at = <the value it read>`. The database lets exactly one such UPDATE match; every
other worker updates zero rows and does nothing. The winner enqueues the task in the same
transaction, so the job reaches the queue only when the claim is committed. If the process dies
between that commit and the hand-over to the queue, or the queue refuses the job, that one run is
lost (it is logged); the schedule itself is intact and the next due time fires as usual.

Next due time (a new job's first due time counts from the first beat that sees it):
- `every`: one interval after the previous due time, so runs do not drift by the heartbeat
  delay; after an outage longer than one interval, one interval after now.
- `daily_at`: the first occurrence of that local time strictly after now.
"""

from __future__ import annotations

import inspect
import logging
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from .models import ScheduledJob
from .tasks import enqueue

__all__ = ["PeriodicJob", "register_periodic", "registered_jobs", "run_due_jobs"]
logger = logging.getLogger(__name__)

_NAME_MAX_LENGTH = ScheduledJob._meta.get_field("name").max_length


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Task
    every: timedelta | None = None
    daily_at: time | None = None

    @property
    def schedule(self) -> str:
        """Text form stored with the row, to notice when the code's schedule changes."""
        if self.every is not None:
            return f"every:{self.every}"
        assert self.daily_at is not None
        return f"daily:{self.daily_at.isoformat()}"

    def first_run_after(self, now: datetime) -> datetime:
        """The first due time of a job that has no row yet (or whose schedule changed)."""
        if self.every is not None:
            return now + self.every
        return next_daily_run(self.daily_at, now)  # type: ignore[arg-type]

    def next_run_after(self, due: datetime, now: datetime) -> datetime:
        """The due time that follows the run due at `due`, claimed at `now`."""
        if self.every is not None:
            following = due + self.every
            # Missed more than one interval (no worker ran): run once, restart from now.
            return following if following > now else now + self.every
        return next_daily_run(self.daily_at, now)  # type: ignore[arg-type]


_registry: dict[str, PeriodicJob] = {}


def register_periodic(
    name: str,
    task: Task,
    *,
    every: timedelta | None = None,
    daily_at: time | None = None,
) -> PeriodicJob:
    """Register `task` to be enqueued periodically under the unique `name`.

    Give exactly one of `every` (a positive interval) or `daily_at` (a naive local time in
    settings.TIME_ZONE). Registering the same name again with the same task and schedule is a
    no-op, so a ready() that runs twice is harmless; a conflicting registration is an error.
    """
    if not name or len(name) > _NAME_MAX_LENGTH:
        raise ValueError(f"a periodic job name must have 1–{_NAME_MAX_LENGTH} characters")
    if not isinstance(task, Task):
        raise TypeError(f"{name}: the job must be a django-tasks @task function")
    if _required_arguments(task):
        raise TypeError(f"{name}: a periodic task must take no arguments")
    if (every is None) == (daily_at is None):
        raise ValueError(f"{name}: give exactly one of every= or daily_at=")
    if every is not None and every <= timedelta(0):
        raise ValueError(f"{name}: every= must be a positive interval")
    if daily_at is not None and daily_at.tzinfo is not None:
        raise ValueError(f"{name}: daily_at= is a local time in TIME_ZONE, without tzinfo")
    job = PeriodicJob(name=name, task=task, every=every, daily_at=daily_at)
    existing = _registry.get(name)
    if existing is not None and existing != job:
        raise ValueError(f"a different periodic job is already registered as {name!r}")
    _registry[name] = job
    return job


def registered_jobs() -> list[PeriodicJob]:
    return list(_registry.values())


def _required_arguments(task: Task) -> list[str]:
    parameters = list(inspect.signature(task.func).parameters.values())
    if task.takes_context:
        parameters = parameters[1:]  # the context is supplied by django-tasks
    return [
        p.name
        for p in parameters
        if p.default is inspect.Parameter.empty
        and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]


def next_daily_run(at: time, now: datetime) -> datetime:
    """The first moment strictly after `now` whose wall-clock time in TIME_ZONE is `at` (UTC)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    local_today = now.astimezone(zone).date()
    for offset in range(3):  # today, tomorrow; a third day only around a DST change
        candidate = datetime.combine(local_today + timedelta(days=offset), at, tzinfo=zone)
        if candidate.astimezone(UTC) > now:
            return candidate.astimezone(UTC)
    raise AssertionError("unreachable: a daily time always recurs within two days")


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue every registered job that is due at `now`; return the names this call enqueued.

    Safe to call from any number of workers at the same moment: each due run is claimed by
    exactly one caller. The tasks reach the queue when the claiming transaction commits.
    """
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("run_due_jobs() needs an aware datetime")
    jobs = registered_jobs()
    if not jobs:
        return []
    rows = {row.name: row for row in ScheduledJob.objects.filter(name__in=[j.name for j in jobs])}
    enqueued: list[str] = []
    for job in jobs:
        try:
            row = rows.get(job.name)
            if row is None:
                _create_row(job, now)
            elif row.schedule != job.schedule:
                _reschedule(job, row, now)
            elif row.next_run_at <= now and _claim_and_enqueue(job, row, now):
                enqueued.append(job.name)
        except Exception:  # one broken job must not keep the others from running
            # If the queue refused the job after the claim was committed, this run is lost.
            logger.exception("periodic job %s could not be enqueued at %s", job.name, now)
    return enqueued


def _create_row(job: PeriodicJob, now: datetime) -> None:
    try:
        with transaction.atomic():
            ScheduledJob.objects.create(
                name=job.name, schedule=job.schedule, next_run_at=job.first_run_after(now)
            )
    except IntegrityError:
        pass  # another worker created it at the same moment; its due time stands


def _reschedule(job: PeriodicJob, row: ScheduledJob, now: datetime) -> None:
    """The schedule in code changed: start the new schedule from now (conditionally, too)."""
    ScheduledJob.objects.filter(name=job.name, schedule=row.schedule).update(
        schedule=job.schedule, next_run_at=job.first_run_after(now)
    )


def _claim_and_enqueue(job: PeriodicJob, row: ScheduledJob, now: datetime) -> bool:
    with transaction.atomic():
        claimed = ScheduledJob.objects.filter(
            name=job.name, schedule=job.schedule, next_run_at=row.next_run_at
        ).update(next_run_at=job.next_run_after(row.next_run_at, now), last_run_at=now)
        if not claimed:
            return False  # another worker claimed this run
        enqueue(job.task)
        transaction.on_commit(lambda: _log_enqueued(job, row.next_run_at))
    return True


def _log_enqueued(job: PeriodicJob, due: datetime) -> None:
    logger.info("periodic job %s (due %s) enqueued", job.name, due.isoformat())
