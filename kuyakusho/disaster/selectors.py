"""Reads of alerts for the public outputs, the API and the back office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import Alert, AlertState, AlertText, JmaMessage, MessageType

SEVERITY_ORDER = {"Extreme": 4, "Severe": 3, "Moderate": 2, "Minor": 1, "Unknown": 0}
LIFTED_SHOWN_FOR = timedelta(hours=24)
FEED_SIZE = 50
# Easy Japanese falls back to Japanese, the other languages to English, then Japanese.
_FALLBACK = {
    "ja-x-easy": ["ja"],
    "zh-hans": ["en", "ja"],
    "zh-hant": ["en", "ja"],
    "ko": ["en", "ja"],
}


def _with_texts(rows: QuerySet[Alert]) -> QuerySet[Alert]:
    return rows.select_related("department").prefetch_related(
        Prefetch("texts", queryset=AlertText.objects.order_by("language")), "areas"
    )


def published() -> QuerySet[Alert]:
    return _with_texts(Alert.objects.filter(state=AlertState.PUBLISHED))


def active_alerts(now: datetime | None = None) -> list[Alert]:
    """What is in force now: the newest published message of each thread, unless it lifted
    the thread, between its effective time and its expiry; the most severe first."""
    now = now or timezone.now()
    rows = published().filter(
        superseded_at__isnull=True,
        msg_type__in=[MessageType.ALERT, MessageType.UPDATE],
        effective_at__lte=now,
        expires_at__gt=now,
    )
    return sorted(rows, key=lambda a: (SEVERITY_ORDER.get(a.severity, 0), a.sent_at), reverse=True)


def recently_lifted(now: datetime | None = None) -> list[Alert]:
    now = now or timezone.now()
    rows = published().filter(
        superseded_at__isnull=True,
        msg_type=MessageType.CANCEL,
        sent_at__gte=now - LIFTED_SHOWN_FOR,
    )
    return list(rows.order_by("-sent_at"))


def changes_between(start: datetime, end: datetime) -> bool:
    """Whether the alerts in force changed by time alone (an expiry or a delayed start)
    between `start` and `end`."""
    current = Alert.objects.filter(state=AlertState.PUBLISHED, superseded_at__isnull=True)
    return (
        current.filter(expires_at__gt=start, expires_at__lte=end).exists()
        or current.filter(effective_at__gt=start, effective_at__lte=end).exists()
    )


def feed_alerts() -> list[Alert]:
    """Every published message of the last days (the CAP feed), newest first."""
    return list(published().order_by("-sent_at", "-pk")[:FEED_SIZE])


def published_by_uuid(value: Any) -> Alert | None:
    return published().filter(uuid=value).first()


def thread_of(alert: Alert) -> list[Alert]:
    root = alert.thread_id or alert.pk
    rows = Alert.objects.filter(pk=root) | Alert.objects.filter(thread_id=root)
    return list(_with_texts(rows).order_by("created_at", "pk"))


def staff_alerts(limit: int = 100) -> list[Alert]:
    return list(_with_texts(Alert.objects.select_related("created_by", "approved_by"))[:limit])


def pending_alerts() -> list[Alert]:
    return list(_with_texts(Alert.objects.filter(state=AlertState.PENDING_APPROVAL)))


@dataclass(frozen=True)
class Words:
    language: str
    headline: str
    description: str
    instruction: str


def words_in(alert: Alert, language: str) -> Words:
    """The alert's words in `language`, or in the nearest language it has."""
    texts = {t.language: t for t in alert.texts.all()}
    for candidate in [language, *_FALLBACK.get(language, []), "ja", *texts]:
        if candidate in texts:
            text = texts[candidate]
            return Words(candidate, text.headline, text.description, text.instruction)
    return Words("ja", "", "", "")


def recent_jma_messages(limit: int = 10) -> QuerySet[JmaMessage]:
    return JmaMessage.objects.all()[:limit]
