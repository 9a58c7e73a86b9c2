"""The notifications API does what the pages do: subscribe, confirm, preferences, unsubscribe."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kuyakusho.notifications.links import confirmation_token
from kuyakusho.notifications.models import Subscriber

from .conftest import make_subscriber

pytestmark = pytest.mark.django_db


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_topics_and_areas_are_listed_with_feed_urls(client, topics, areas):
    codes = {t["code"]: t for t in client.get("/api/v1/notifications/topics").json()}
    assert codes["safety"]["feed_url"] == "/notifications/topics/safety/feed.atom"
    assert codes["emergency"]["emergency"] is True
    assert {a["code"] for a in client.get("/api/v1/notifications/areas").json()} == {
        "north",
        "south",
    }


def test_subscribe_confirm_change_and_unsubscribe(client, topics, areas):
    response = _post(
        client,
        "/api/v1/notifications/subscriptions",
        {"email": "api@example.jp", "topics": ["safety"], "areas": ["north"], "language": "en"},
    )
    assert response.status_code == 202
    subscriber = Subscriber.objects.get(email="api@example.jp")
    assert not subscriber.is_active
    token = confirmation_token(subscriber.pk, subscriber.token)
    assert _post(
        client, "/api/v1/notifications/subscriptions/confirm", {"token": token}
    ).json() == {"status": "confirmed"}
    prefs = client.get(f"/api/v1/notifications/preferences?token={subscriber.token}").json()
    assert prefs["active"] is True and prefs["topics"] == ["safety"] and prefs["language"] == "en"
    changed = client.put(
        f"/api/v1/notifications/preferences?token={subscriber.token}",
        json.dumps({"topics": ["childcare"], "language": "ko"}),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["topics"] == ["childcare"]
    assert (
        _post(
            client, "/api/v1/notifications/subscriptions/unsubscribe", {"token": subscriber.token}
        ).status_code
        == 200
    )
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


@pytest.mark.parametrize(
    "body",
    [
        {"email": "x@example.jp", "topics": ["no-such-topic"]},
        {"email": "postmaster@example.jp", "topics": ["safety"]},
        {"email": "x@example.jp\r\nBcc: y@example.jp", "topics": ["safety"]},
        {"email": "x@example.jp", "topics": []},
        {"email": "x@example.jp", "topics": ["safety"], "language": "xx"},
    ],
)
def test_bad_subscriptions_are_refused_with_a_reason(client, topics, body):
    response = _post(client, "/api/v1/notifications/subscriptions", body)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert not Subscriber.objects.exists()


def test_tampered_tokens_change_nothing(client, topics):
    subscriber = make_subscriber("keep@example.jp", topics=[topics["safety"]])
    assert (
        _post(
            client,
            "/api/v1/notifications/subscriptions/unsubscribe",
            {"token": subscriber.token + "x"},
        ).status_code
        == 400
    )
    assert client.get("/api/v1/notifications/preferences?token=nope").status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None


def test_the_inbox_needs_a_signed_in_resident(resident_client):
    assert Client().get("/api/v1/notifications/inbox").status_code == 401
    assert resident_client.get("/api/v1/notifications/inbox").json() == []


def test_nul_bytes_and_odd_characters_in_links_are_refused_cleanly(client, topics):
    assert (
        _post(
            client, "/api/v1/notifications/subscriptions/unsubscribe", {"token": "abc\u0000def"}
        ).status_code
        == 422
    )
    assert client.get("/api/v1/notifications/preferences?token=abc%00def").status_code == 400
    assert client.get("/notifications/manage/abc%00def/").status_code == 400
    assert (
        _post(
            client,
            "/api/v1/notifications/subscriptions",
            {"email": "a@example.jp", "topics": ["safe\u0000ty"]},
        ).status_code
        == 422
    )
