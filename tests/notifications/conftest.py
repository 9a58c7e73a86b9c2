"""Fixtures for the notifications engine: topics, areas and subscribers made through services."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from kuyakusho.notifications.models import Area, Subscriber, Topic


@pytest.fixture
def topics(departments) -> dict[str, Topic]:
    return {
        "safety": Topic.objects.create(
            code="safety", name_ja="安全安心", name_en="Safety", department=departments["road"]
        ),
        "childcare": Topic.objects.create(
            code="childcare",
            name_ja="子育て",
            name_en="Child-rearing",
            department=departments["childcare"],
        ),
        "emergency": Topic.objects.create(
            code="emergency",
            name_ja="緊急",
            name_en="Emergency",
            department=departments["road"],
            is_emergency=True,
        ),
    }


@pytest.fixture
def areas() -> dict[str, Area]:
    return {
        "north": Area.objects.create(code="north", name_ja="北部", name_en="North"),
        "south": Area.objects.create(code="south", name_ja="南部", name_en="South"),
    }


def make_subscriber(
    email: str, *, topics, areas=(), channels=("email",), language="ja", user=None, **extra
) -> Subscriber:
    subscriber = Subscriber.objects.create(
        email=email,
        user=user,
        language=language,
        channels=list(channels),
        confirmed_at=timezone.now(),
        **extra,
    )
    subscriber.topics.set(topics)
    subscriber.areas.set(areas)
    return subscriber


@pytest.fixture
def receiver():
    """A real HTTP server on loopback: (url, received requests, {"code": status to answer})."""
    received: list[dict] = []
    status = {"code": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server hook name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"body": body, "headers": dict(self.headers)})
            self.send_response(status["code"])
            self.end_headers()

        def log_message(self, *args):  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received, status
    server.shutdown()
