"""Subscribing, double opt-in, preferences and one-click unsubscribe."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kuyakusho.core.audit import log_action

from .channels import REGISTRY
from .links import confirmation_url, preferences_url, read_confirmation_token
from .models import Area, Digest, Subscriber, Topic
from .validation import clean_address, clean_channels


@dataclass
class Preferences:
    topics: list[Topic]
    areas: list[Area] = field(default_factory=list)
    channels: list[str] = field(default_factory=lambda: ["email"])
    language: str = "ja"
    digest: str = Digest.IMMEDIATE
    quiet_start: time | None = None
    quiet_end: time | None = None
    profile_targeting_consent: bool = False


def _validate(preferences: Preferences, *, has_account: bool) -> None:
    if not preferences.topics:
        raise ValidationError(_("受け取るテーマを1つ以上選んでください。"), code="no_topics")
    channels = clean_channels(preferences.channels)
    for code in channels:
        channel = REGISTRY[code]
        if not channel.per_subscriber or (channel.needs_account and not has_account):
            raise ValidationError(
                _("この受け取り方法は選べません: %(channel)s") % {"channel": channel.label}
            )
    if preferences.language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(
            _("対応していない言語です: %(codes)s") % {"codes": preferences.language}
        )
    if preferences.digest not in Digest.values:
        raise ValidationError(_("受け取る頻度を選んでください。"))
    if (preferences.quiet_start is None) != (preferences.quiet_end is None):
        raise ValidationError(
            _("配信停止の時間帯は、開始と終了の両方を入力してください。"), code="quiet_hours"
        )


def _apply(subscriber: Subscriber, preferences: Preferences) -> None:
    subscriber.channels = sorted(set(preferences.channels))
    subscriber.language = preferences.language
    subscriber.digest = preferences.digest
    subscriber.quiet_start, subscriber.quiet_end = preferences.quiet_start, preferences.quiet_end
    subscriber.profile_targeting_consent = (
        preferences.profile_targeting_consent and subscriber.user_id is not None
    )
    subscriber.save()
    subscriber.topics.set(preferences.topics)
    subscriber.areas.set(preferences.areas)


@transaction.atomic
def subscribe_by_email(email: str, preferences: Preferences) -> Subscriber:
    """Double opt-in: record the wish and mail a confirmation link; nothing is sent before."""
    address = clean_address(email)
    _validate(preferences, has_account=False)
    subscriber = Subscriber.objects.filter(email=address).first()
    if subscriber is not None and subscriber.is_active:
        # Never reveal who is subscribed: the owner gets a link to their settings instead.
        _send_manage_link(subscriber)
        return subscriber
    subscriber = subscriber or Subscriber(email=address)
    subscriber.unsubscribed_at = None
    subscriber.confirmed_at = None
    _apply(subscriber, preferences)
    log_action(
        None,
        "notifications.subscriber.requested",
        subscriber,
        {"topics": [t.code for t in preferences.topics]},
    )
    transaction.on_commit(lambda: _send_confirmation(subscriber))
    return subscriber


def _send_confirmation(subscriber: Subscriber) -> None:
    with override(subscriber.language):
        send_mail(
            _("配信登録の確認"),
            _(
                "次のリンクを開くと、配信の登録が完了します（7日間有効）。\n%(url)s\n\n心当たりがない場合は、このメールを破棄してください。"
            )
            % {"url": confirmation_url(subscriber.pk, subscriber.token)},
            settings.DEFAULT_FROM_EMAIL,
            [subscriber.email],
        )


def _send_manage_link(subscriber: Subscriber) -> None:
    with override(subscriber.language):
        send_mail(
            _("配信の設定"),
            _("このアドレスはすでに登録されています。設定の変更はこちらから行えます。\n%(url)s")
            % {"url": preferences_url(subscriber.token)},
            settings.DEFAULT_FROM_EMAIL,
            [subscriber.email],
        )


class InvalidLinkError(Exception):
    """A confirmation or unsubscribe link that was altered, has expired, or is unknown."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@transaction.atomic
def confirm(token: str) -> Subscriber:
    try:
        subscriber_id, secret = read_confirmation_token(token)
    except signing.SignatureExpired:
        raise InvalidLinkError("expired") from None
    except (signing.BadSignature, ValueError):
        raise InvalidLinkError("invalid") from None
    subscriber = (
        Subscriber.objects.select_for_update().filter(pk=subscriber_id, token=secret).first()
    )
    if subscriber is None:
        raise InvalidLinkError("invalid")
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["confirmed_at", "unsubscribed_at"])
        log_action(None, "notifications.subscriber.confirmed", subscriber, {})
    return subscriber


TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def subscriber_for_token(token: str) -> Subscriber:
    # Tokens are URL-safe base64; anything else (NUL bytes included) never reaches the database.
    plausible = isinstance(token, str) and TOKEN_SHAPE.fullmatch(token)
    subscriber = Subscriber.objects.filter(token=token).first() if plausible else None
    if subscriber is None:
        raise InvalidLinkError("invalid")
    return subscriber


@transaction.atomic
def unsubscribe(token: str) -> Subscriber:
    """One-click unsubscribe (RFC 8058): stop every message to this address."""
    subscriber = subscriber_for_token(token)
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
        log_action(None, "notifications.subscriber.unsubscribed", subscriber, {})
    return subscriber


@transaction.atomic
def save_preferences(
    subscriber: Subscriber, preferences: Preferences, *, actor: Any = None
) -> Subscriber:
    _validate(preferences, has_account=subscriber.user_id is not None)
    _apply(subscriber, preferences)
    if subscriber.unsubscribed_at is not None:
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["unsubscribed_at"])
    log_action(
        actor,
        "notifications.subscriber.preferences_saved",
        subscriber,
        {"topics": [t.code for t in preferences.topics]},
    )
    return subscriber


@transaction.atomic
def subscribe_account(user: Any, preferences: Preferences) -> Subscriber:
    """A signed-in resident: their verified account address needs no second confirmation."""
    _validate(preferences, has_account=True)
    subscriber = (
        Subscriber.objects.filter(user=user).first()
        or Subscriber.objects.filter(email=user.email.lower()).first()
    )
    subscriber = subscriber or Subscriber(email=user.email.lower())
    subscriber.user = user
    subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
    subscriber.unsubscribed_at = None
    _apply(subscriber, preferences)
    log_action(
        user,
        "notifications.subscriber.preferences_saved",
        subscriber,
        {"topics": [t.code for t in preferences.topics]},
    )
    return subscriber


def follower(*, user: Any = None, email: str = "", language: str = "ja") -> Subscriber:
    """The subscriber row through which a person who follows something (a citizen report)
    hears of it: their own when they have one, else a new one with no topics (so it receives
    direct messages only). The caller vouches that the address is confirmed: the account's
    verified address, or an address confirmed by a link the caller sent."""
    if user is not None and getattr(user, "is_authenticated", False):
        subscriber = (
            Subscriber.objects.filter(user=user).first()
            or Subscriber.objects.filter(email=user.email.lower()).first()
        )
        if subscriber is None:
            subscriber = Subscriber(email=user.email.lower(), channels=["email", "inbox"])
        subscriber.user = user
    else:
        address = clean_address(email).lower()
        subscriber = Subscriber.objects.filter(email=address).first()
        subscriber = subscriber or Subscriber(email=address, channels=["email"])
    if subscriber.pk is None:
        subscriber.language = language
        subscriber.confirmed_at = timezone.now()
    elif subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None  # following is a fresh, explicit wish to hear
    subscriber.save()
    return subscriber
