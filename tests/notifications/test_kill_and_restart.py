"""A worker killed with SIGKILL in the middle of a fan-out, then restarted, delivers every
remaining message and re-sends none that were recorded as sent — on the embedded database
queue and on RQ with the real Redis. Real processes, a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from ..conftest import free_port

PROJECT = Path(__file__).resolve().parents[2]
TEST_ADDRESS = re.compile(r"r\d{4}@example\.jp")  # the demo resident is subscribed too
RECIPIENTS = 400
SINK_DELAY_SECONDS = 0.03  # slow enough that the kill lands mid-send

SETUP = f"""
from django.utils import timezone
from kuyakusho.accounts.models import User
from kuyakusho.notifications import services
from kuyakusho.notifications.models import Subscriber, Topic
topic = Topic.objects.get(code="safety")
now = timezone.now()
Subscriber.objects.bulk_create(
    Subscriber(email=f"r{{i:04d}}@example.jp", channels=["email"], confirmed_at=now) for i in range({RECIPIENTS})
)
Subscriber.topics.through.objects.bulk_create(
    Subscriber.topics.through(subscriber_id=s.pk, topic_id=topic.pk) for s in Subscriber.objects.filter(user__isnull=True)
)
staff = User.objects.get(email="road@example.jp")
draft = services.save_draft(staff, topic=topic, channels=["email"], texts={{"ja": ("停止試験", "本文")}})
services.submit(staff, draft)
"""


class SlowSink:
    def __init__(self) -> None:
        self.received: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook name)
        await asyncio.sleep(SINK_DELAY_SECONDS)
        with self.lock:
            self.received.extend(envelope.rcpt_tos)
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.received)


def _env(var_dir: Path, smtp_port: int, engine: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        KUYAKUSHO_VAR_DIR=str(var_dir),
        SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
        KUYAKUSHO_TASK_ENGINE=engine,
        KUYAKUSHO_NOTIFY_LEASE_SECONDS="3",
        KUYAKUSHO_NOTIFY_RESUME_SECONDS="2",
        KUYAKUSHO_NOTIFY_CONNECTIONS="4",
    )
    if engine == "rq":
        env["REDIS_URL"] = os.environ["KUYAKUSHO_TEST_REDIS_URL"].rsplit("/", 1)[0] + "/14"
    return env


def _cli(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "kuyakusho.cli", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def _worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kuyakusho.cli", "worker"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _sent_addresses(var_dir: Path) -> set[str]:
    with sqlite3.connect(var_dir / "kuyakusho.sqlite3", timeout=20) as db:
        rows = db.execute(
            "SELECT s.email FROM notifications_delivery d JOIN notifications_subscriber s ON s.id = d.subscriber_id "
            "WHERE d.status = 'sent'"
        ).fetchall()
    return {row[0] for row in rows if TEST_ADDRESS.fullmatch(row[0])}


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _run(tmp_path: Path, engine: str) -> None:
    sink = SlowSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = _env(tmp_path, port, engine)
    if engine == "rq":
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    workers = []
    try:
        assert _cli(env, "migrate", "-v0").returncode == 0
        assert _cli(env, "loaddemo", "-v0").returncode == 0
        # The demo's own sample messages are not part of this test: drop them before the run.
        _cli(
            env,
            "shell",
            "-c",
            "from kuyakusho.notifications.models import Message; Message.objects.all().delete()",
        )
        setup = _cli(env, "shell", "-c", SETUP)
        assert setup.returncode == 0, setup.stderr[-2000:]

        first = _worker(env)
        workers.append(first)
        _wait(
            lambda: len(_sent_addresses(tmp_path)) >= 40,
            60,
            "the first deliveries recorded as sent",
        )
        os.killpg(first.pid, signal.SIGKILL)  # no chance to clean up or record anything more
        first.wait(timeout=10)
        recorded_before_restart = _sent_addresses(tmp_path)
        delivered_before_restart = sink.count()
        assert 0 < len(recorded_before_restart) < RECIPIENTS, "the kill must land mid-send"
        assert delivered_before_restart < RECIPIENTS

        workers.append(_worker(env))
        _wait(
            lambda: len(_sent_addresses(tmp_path)) == RECIPIENTS,
            120,
            "every delivery recorded as sent",
        )
        time.sleep(0.5)
        counts = Counter(a for a in sink.received if TEST_ADDRESS.fullmatch(a))
        assert set(counts) == {f"r{i:04d}@example.jp" for i in range(RECIPIENTS)}
        assert all(counts[address] == 1 for address in recorded_before_restart)
        resent = {address for address, n in counts.items() if n > 1}
        assert (
            resent <= set(counts) - recorded_before_restart
        )  # only the ones in flight at the kill
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=15)
        controller.stop()


def test_kill_and_restart_on_the_embedded_database_queue(tmp_path):
    _run(tmp_path, "database")


@pytest.mark.scaleout
@pytest.mark.skipif(
    not os.environ.get("KUYAKUSHO_TEST_REDIS_URL"),
    reason="set KUYAKUSHO_TEST_REDIS_URL to test RQ on real Redis",
)
def test_kill_and_restart_on_rq_with_real_redis(tmp_path):
    _run(tmp_path, "rq")
