"""Absolute links that go into messages: unsubscribe (RFC 8058 one-click) and preferences."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "kuyakusho.notifications.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def unsubscribe_url(token: str) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def preferences_url(token: str) -> str:
    return absolute(reverse("notifications:manage", args=[token]))


def confirmation_token(subscriber_id: int, token: str) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(f"{subscriber_id}:{token}")


def confirmation_url(subscriber_id: int, token: str) -> str:
    return absolute(
        reverse("notifications:confirm", args=[confirmation_token(subscriber_id, token)])
    )


def read_confirmation_token(value: str) -> tuple[int, str]:
    """Raise signing.BadSignature (tampered) or signing.SignatureExpired (too old)."""
    raw = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(value, max_age=CONFIRM_MAX_AGE)
    subscriber_id, _sep, token = raw.partition(":")
    return int(subscriber_id), token
