"""Read queries: who a message reaches, delivery reports, the inbox, public feeds."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from kuyakusho.accounts.services import user_ids_in_age_range, user_ids_with_child_aged

from .models import Area, Delivery, DeliveryStatus, Message, MessageStatus, Subscriber


def active_subscribers() -> QuerySet[Subscriber]:
    return Subscriber.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True, undeliverable=False
    )


def recipients(message: Message) -> QuerySet[Subscriber]:
    """Subscribers of the topic; in the message's areas when it names any; matching its
    attribute rules only when they consented to profile-based targeting. A direct message
    reaches its named recipients only."""
    if message.is_direct:
        return active_subscribers().filter(
            id__in=message.direct_recipients.values_list("id", flat=True)
        )
    subscribers = active_subscribers().filter(topics=message.topic_id)
    area_ids = list(message.areas.values_list("id", flat=True))
    if area_ids:
        subscribers = subscribers.filter(areas__in=area_ids)
    rules = message.targeting or {}
    if rules.get("age_min") is not None or rules.get("age_max") is not None:
        today = timezone.localdate()
        subscribers = subscribers.filter(
            profile_targeting_consent=True,
            user_id__in=user_ids_in_age_range(rules.get("age_min"), rules.get("age_max"), today),
        )
    if rules.get("child_age_min") is not None or rules.get("child_age_max") is not None:
        today = timezone.localdate()
        subscribers = subscribers.filter(
            profile_targeting_consent=True,
            user_id__in=user_ids_with_child_aged(
                rules.get("child_age_min"), rules.get("child_age_max"), today
            ),
        )
    return subscribers.distinct()


def recipient_counts(message: Message) -> dict[str, int]:
    """How many people each chosen channel will reach: shown to staff before sending."""
    subscribers = recipients(message)
    counts = {"people": 0, **{channel: 0 for channel in message.channels}}
    # JSON containment differs between SQLite and PostgreSQL; count over two columns in Python.
    for channels, user_id in subscribers.values_list("channels", "user_id").iterator(
        chunk_size=5000
    ):
        counts["people"] += 1
        for channel in message.channels:
            if channel in (channels or []) and (channel != "inbox" or user_id is not None):
                counts[channel] += 1
    return counts


def delivery_report(message: Message) -> dict[str, dict[str, int]]:
    rows = (
        Delivery.objects.filter(message=message)
        .values("channel", "status")
        .annotate(count=Count("id"))
        .order_by("channel", "status")
    )
    report: dict[str, dict[str, int]] = {}
    for row in rows:
        report.setdefault(row["channel"], {})[row["status"]] = row["count"]
    return report


def inbox_for(user: Any) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(subscriber__user=user, channel="inbox", status=DeliveryStatus.SENT)
        .select_related("message__topic")
        .order_by("-sent_at")
    )


def published_messages(topic_code: str | None = None) -> QuerySet[Message]:
    messages = Message.objects.filter(
        status__in=[MessageStatus.SENDING, MessageStatus.SENT],
        channels__icontains='"feed"',
        is_direct=False,
    )
    if topic_code:
        messages = messages.filter(topic__code=topic_code)
    return messages.select_related("topic").prefetch_related("translations").order_by("-queued_at")


def areas() -> QuerySet[Area]:
    """Every area (地域, 町丁目, 学区), for other domains that target them (disaster alerts)."""
    return Area.objects.all()
