"""Signed webhooks to a real HTTP server on loopback: body, signature, retries on 5xx."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from kuyakusho.notifications import fanout, services
from kuyakusho.notifications.models import Delivery, DeliveryStatus, WebhookEndpoint

pytestmark = pytest.mark.django_db


def _send(staff, topic):
    message = services.save_draft(
        staff,
        topic=topic,
        channels=["webhook"],
        texts={
            "ja": ("信号機の故障", "交差点の信号機が故障しています。"),
            "en": ("Signal fault", "A signal is out."),
        },
    )
    services.submit(staff, message)
    fanout.deliver(message.pk)
    return message


def test_subscribed_endpoints_receive_a_signed_json_body(road_staff, topics, receiver):
    url, received, _status = receiver
    endpoint = WebhookEndpoint.objects.create(name="signage", url=url)
    endpoint.topics.set([topics["safety"]])
    other = WebhookEndpoint.objects.create(name="other topic", url=url)
    other.topics.set([topics["childcare"]])
    message = _send(road_staff.user, topics["safety"])
    assert len(received) == 1
    request = received[0]
    document = json.loads(request["body"])
    assert document["id"] == message.pk and document["topic"] == "safety"
    assert document["texts"]["en"]["subject"] == "Signal fault"
    timestamp = request["headers"]["X-Kuyakusho-Timestamp"]
    expected = hmac.new(
        endpoint.secret.encode(), timestamp.encode() + b"." + request["body"], hashlib.sha256
    ).hexdigest()
    assert request["headers"]["X-Kuyakusho-Signature"] == f"sha256={expected}"
    assert Delivery.objects.get(message=message).status == DeliveryStatus.SENT


def test_a_failing_receiver_is_retried_and_a_gone_one_is_not(road_staff, topics, receiver):
    url, received, status = receiver
    endpoint = WebhookEndpoint.objects.create(name="flaky", url=url)
    endpoint.topics.set([topics["safety"]])
    status["code"] = 503
    message = _send(road_staff.user, topics["safety"])
    delivery = Delivery.objects.get(message=message)
    assert (
        delivery.status == DeliveryStatus.QUEUED
        and delivery.attempts == 1
        and delivery.last_error == "HTTP 503"
    )
    status["code"] = 410
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=delivery.next_attempt_at.replace(year=2000)
    )
    fanout.deliver(message.pk)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.BOUNCED
    assert len(received) == 2
