"""What /healthz reports: the database, the task queue and the worker heartbeat."""

from __future__ import annotations

from typing import Any

from django.db import connection

from .tasks import queue_health


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "vendor": connection.vendor}
    except Exception as error:
        return {"ok": False, "vendor": connection.vendor, "error": type(error).__name__}


def _queue() -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        queue = queue_health()
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}, {"ok": False}
    worker = {"ok": queue.pop("workers") > 0, "last_heartbeat": queue.pop("last_heartbeat")}
    queue["ok"] = True
    return queue, worker


def health_report() -> dict[str, Any]:
    database = _database()
    queue, worker = _queue() if database["ok"] else ({"ok": False}, {"ok": False})
    return {
        "healthy": database["ok"] and queue["ok"] and worker["ok"],
        "database": database,
        "task_queue": queue,
        "worker": worker,
    }
