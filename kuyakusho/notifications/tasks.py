"""Background work of the notifications engine (enqueued only through core.tasks)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .models import Delivery, DeliveryStatus, Message, MessageStatus


@task()
def deliver_message(message_id: int) -> int:
    from .fanout import deliver

    return deliver(message_id)


@task()
def send_due_messages() -> list[int]:
    """Every minute: queue scheduled messages whose time has come and resume unfinished ones
    (retries that are now due, rows whose worker died)."""
    from kuyakusho.core.tasks import enqueue

    from .fanout import release_expired_claims

    now = timezone.now()
    release_expired_claims(now)
    started = []
    for message_id in Message.objects.filter(
        status=MessageStatus.SCHEDULED, scheduled_at__lte=now
    ).values_list("pk", flat=True):
        enqueue(deliver_message, message_id)
        started.append(message_id)
    stalled = now - timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    for message_id in Message.objects.filter(
        status=MessageStatus.SENDING, rows_written_at__isnull=True, queued_at__lt=stalled
    ).values_list("pk", flat=True):
        enqueue(deliver_message, message_id)  # its writer died: deliver() takes over
        started.append(message_id)
    due = (
        Delivery.objects.filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now)
        .values_list("message_id", flat=True)
        .distinct()
    )
    for message_id in due:
        if message_id not in started:
            enqueue(deliver_message, message_id)
    return started


@task()
def send_daily_digests() -> int:
    from .digest import send_digests

    return send_digests()
