"""Signed webhooks for other systems (LINE/SNS bridges, digital signage).

Each POST carries a JSON body with the message in every language and the headers
`X-Kuyakusho-Timestamp` and `X-Kuyakusho-Signature: sha256=<hex>`, an HMAC-SHA256 of
`<timestamp>.<body>` with the endpoint's secret, so a receiver can check origin and freshness.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _lazy

from .base import Channel, Outcome, register

if TYPE_CHECKING:
    from ..content import MessageTexts
    from ..models import Delivery

TIMEOUT_SECONDS = 5


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def payload(delivery: Delivery, texts: MessageTexts) -> bytes:
    message = delivery.message
    document = {
        "id": message.pk,
        "topic": message.topic.code,
        "emergency": message.is_emergency,
        "areas": [area.code for area in message.areas.all()],
        "sent_at": message.queued_at.isoformat() if message.queued_at else None,
        "texts": {
            language: {"subject": text.subject, "body": text.body_text}
            for language, text in texts.by_language.items()
        },
    }
    return json.dumps(document, ensure_ascii=False).encode()


@register
class WebhookChannel(Channel):
    code = "webhook"
    label = _lazy("Webhook")
    per_subscriber = False
    per_endpoint = True

    def send(self, deliveries: list[Delivery], texts: MessageTexts) -> list[Outcome]:
        return [self._post(delivery, texts) for delivery in deliveries]

    def _post(self, delivery: Delivery, texts: MessageTexts) -> Outcome:
        endpoint = delivery.endpoint
        body = payload(delivery, texts)
        timestamp = str(int(time.time()))
        request = urllib.request.Request(  # noqa: S310 - staff-configured http(s) URL
            endpoint.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "Kuyakusho-Webhook/1",
                "X-Kuyakusho-Timestamp": timestamp,
                "X-Kuyakusho-Signature": sign(endpoint.secret, timestamp, body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                response.read(1024)
        except urllib.error.HTTPError as error:
            permanent = 400 <= error.code < 500 and error.code not in (408, 429)
            return Outcome(delivery.pk, False, permanent, f"HTTP {error.code}")
        except (urllib.error.URLError, OSError) as error:
            return Outcome(delivery.pk, False, False, type(error).__name__)
        return Outcome(delivery.pk, True)
