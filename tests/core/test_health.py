"""/healthz: 200 only when database, task queue and a live worker are all healthy."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from kuyakusho.core.models import WorkerHeartbeat
from kuyakusho.core.tasks import HeartbeatThread

pytestmark = pytest.mark.django_db


def _health(client):
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


def test_without_a_worker_the_platform_is_not_healthy(client):
    status, body = _health(client)
    assert status == 503
    assert body["database"]["ok"] is True
    assert body["task_queue"]["ok"] is True
    assert body["worker"]["ok"] is False
    assert body["healthy"] is False


def test_a_fresh_heartbeat_makes_it_healthy(client, settings):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # an empty queue (set-up may have queued CMS tasks)
    HeartbeatThread(settings.TASK_ENGINE).beat()
    status, body = _health(client)
    assert status == 200
    assert body["healthy"] is True
    assert body["worker"]["last_heartbeat"]
    assert body["task_queue"]["engine"] == "database"
    assert body["task_queue"]["pending"] == 0


def test_a_stale_heartbeat_is_not_a_live_worker(client, settings):
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="old",
        engine=settings.TASK_ENGINE,
        hostname="h",
        pid=1,
        started_at=now,
        last_seen=now - timedelta(seconds=settings.WORKER_STALE_SECONDS + 5),
    )
    assert _health(client)[0] == 503


def test_health_is_never_cached(client):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_unreachable_queue_is_reported_without_details(client, settings, monkeypatch):
    from kuyakusho.core import health

    def broken():
        raise ConnectionError("redis://secret-host:6379 refused")

    monkeypatch.setattr(health, "queue_health", broken)
    status, body = _health(client)
    assert status == 503
    assert body["task_queue"] == {"ok": False, "error": "ConnectionError"}
    assert "secret-host" not in json.dumps(body)
