from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditRecord, OutboxMessage


def search_audit(filters: dict[str, Any]) -> QuerySet[AuditRecord]:
    records = AuditRecord.objects.all().order_by("-sequence")
    if filters.get("verb"):
        records = records.filter(verb__startswith=filters["verb"])
    if filters.get("actor_id"):
        records = records.filter(actor_id=filters["actor_id"])
    if filters.get("target_type"):
        records = records.filter(target_type=filters["target_type"])
    if filters.get("target_id"):
        records = records.filter(target_id=filters["target_id"])
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        records = records.filter(
            created_at__gte=datetime.combine(filters["date_from"], time.min, tz)
        )
    if filters.get("date_to"):
        records = records.filter(created_at__lte=datetime.combine(filters["date_to"], time.max, tz))
    return records


def recent_outbox() -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.all()
