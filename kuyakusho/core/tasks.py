"""The one way domain code starts background work: enqueue(task, *args, **kwargs).

Tasks are django-tasks `@task` functions. The job is handed to the configured engine only
after the surrounding transaction commits (the embedded database queue by default, RQ on
Redis when KUYAKUSHO_TASK_ENGINE=rq), so work for a rolled-back change never runs and a
worker never looks for a row that is not committed yet.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import task  # re-exported so domains import one module

from .models import WorkerHeartbeat

__all__ = ["enqueue", "task", "HeartbeatThread", "queue_health"]
logger = logging.getLogger(__name__)


def enqueue(task_obj: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue `task_obj` with the given arguments once the current transaction commits."""
    transaction.on_commit(lambda: task_obj.enqueue(*args, **kwargs), robust=False)


def engine_name() -> str:
    return settings.TASK_ENGINE


def warm_up() -> None:
    """Import the URLconf (every app's views) once when a worker starts: the first task that
    builds a link would otherwise pay ~0.8 s for it, e.g. before the first mail of an alert."""
    from django.urls import reverse

    reverse("healthz")


class HeartbeatThread(threading.Thread):
    """Records that a worker is alive every WORKER_HEARTBEAT_SECONDS, and on each beat enqueues
    the periodic jobs that are due (core.scheduler.run_due_jobs)."""

    def __init__(self, engine: str) -> None:
        super().__init__(daemon=True, name="kuyakusho-heartbeat")
        self.engine = engine
        self.worker_id = get_random_string(24)
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "engine": self.engine,
                "hostname": socket.gethostname()[:100],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "last_seen": timezone.now(),
            },
        )

    def run(self) -> None:
        from . import scheduler  # imported here: core.scheduler enqueues through this module

        while not self.stopped.is_set():
            try:
                close_old_connections()
                self.beat()
            except Exception:
                logger.exception("worker heartbeat failed")
            try:  # periodic jobs (core.scheduler) become due with the heartbeat's precision
                scheduler.run_due_jobs()
            except Exception:  # a failing scheduler must not stop the heartbeat
                logger.exception("periodic job scheduler failed")
            self.stopped.wait(settings.WORKER_HEARTBEAT_SECONDS)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        connection.close()

    def stop(self) -> None:
        self.stopped.set()


def queue_health() -> dict[str, Any]:
    """State of the task queue for /healthz: reachable, backlog, live workers."""
    result: dict[str, Any] = {"engine": engine_name()}
    if engine_name() == "rq":
        import django_rq

        queue = django_rq.get_queue("default")
        queue.connection.ping()
        result["pending"] = queue.count
    else:
        from django_tasks_db.models import DBTaskResult

        result["pending"] = DBTaskResult.objects.ready().count()
    cutoff = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    live = WorkerHeartbeat.objects.filter(last_seen__gte=cutoff, engine=engine_name())
    result["workers"] = live.count()
    newest = live.order_by("-last_seen").values_list("last_seen", flat=True).first()
    result["last_heartbeat"] = newest.isoformat() if newest else None
    return result
