"""Signed webhooks for other systems (LINE/SNS bridges, digital signage).

Each POST carries a JSON body with the message in every language and the headers
`X-Kuyakusho-Timestamp` and `X-Kuyakusho-Signature: sha256=<hex>`, an HMAC-SHA256 of
`<timestamp>.<body>` with the endpoint's secret, so a receiver can check origin and freshness.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .base import Channel, Outcome, PreviewPart, register

if TYPE_CHECKING:
    from ..content import MessageTexts
    from ..models import Delivery, Message

TIMEOUT_SECONDS = 5
CONTENT_TYPE = "application/json; charset=utf-8"
TIMESTAMP_HEADER = "X-Kuyakusho-Timestamp"
SIGNATURE_HEADER = "X-Kuyakusho-Signature"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does: recompute the signature and compare in constant time."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def document(message: Message, texts: MessageTexts) -> dict[str, Any]:
    """The JSON document posted for a message: every language at once."""
    return {
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


def payload(delivery: Delivery, texts: MessageTexts) -> bytes:
    return json.dumps(document(delivery.message, texts), ensure_ascii=False).encode()


@dataclass(frozen=True)
class PostResult:
    """What the receiver answered: its HTTP status, or the error that kept us from one."""

    status: int | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def post_signed(url: str, secret: str, body: bytes) -> PostResult:
    """POST `body` to `url`, signed with `secret`. Used by deliveries and by the test send."""
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - staff-configured http(s) URL
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": CONTENT_TYPE,
            "User-Agent": "Kuyakusho-Webhook/1",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            response.read(1024)
            return PostResult(response.status)
    except urllib.error.HTTPError as error:
        return PostResult(error.code, f"HTTP {error.code}")
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        return PostResult(None, type(error).__name__)


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
        result = post_signed(endpoint.url, endpoint.secret, payload(delivery, texts))
        if result.ok:
            return Outcome(delivery.pk, True)
        if result.status is not None:
            permanent = 400 <= result.status < 500 and result.status not in (408, 429)
            return Outcome(delivery.pk, False, permanent, result.error or f"HTTP {result.status}")
        return Outcome(delivery.pk, False, False, result.error)

    def preview(self, texts: MessageTexts, language: str) -> list[PreviewPart]:
        body = json.dumps(document(texts.message, texts), ensure_ascii=False, indent=2)
        return [
            PreviewPart(
                _("HTTP ヘッダー"),
                "fields",
                items=(
                    ("Content-Type", CONTENT_TYPE),
                    (TIMESTAMP_HEADER, _("送信時刻（UNIX 時間）")),
                    (SIGNATURE_HEADER, _("sha256=<送信先ごとの秘密鍵による HMAC-SHA256>")),
                ),
            ),
            PreviewPart(
                _("JSON 本文（すべての言語を含みます）"),
                "code",
                text=body,
            ),
        ]
