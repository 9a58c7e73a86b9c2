"""Core state changes and lookups: the ward profile and departments."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from .audit import log_action
from .models import AuditRecord, Department, OutboxMessage, WardProfile
from .selectors import search_audit

WARD_CACHE_KEY = "kuyakusho:active_ward"


def active_ward() -> WardProfile | None:
    ward = cache.get(WARD_CACHE_KEY)
    if ward is None:
        ward = WardProfile.objects.filter(is_active=True).first()
        if ward is not None:
            cache.set(WARD_CACHE_KEY, ward, 300)
    return ward


def forget_active_ward() -> None:
    cache.delete(WARD_CACHE_KEY)


@transaction.atomic
def update_ward_profile(actor: Any, ward: WardProfile, changes: dict[str, Any]) -> WardProfile:
    """Apply validated changes to the ward profile (full_clean runs the code and bounds rules)."""
    for name, value in changes.items():
        setattr(ward, name, value)
    ward.full_clean()
    ward.save()
    log_action(actor, "core.ward.updated", ward, {"fields": sorted(changes)})
    transaction.on_commit(forget_active_ward)
    return ward


@transaction.atomic
def activate_ward(actor: Any, ward: WardProfile) -> WardProfile:
    WardProfile.objects.exclude(pk=ward.pk).filter(is_active=True).update(is_active=False)
    ward.is_active = True
    ward.save(update_fields=["is_active"])
    log_action(actor, "core.ward.activated", ward, {"slug": ward.slug})
    # Now for the rest of this transaction (the demo loaders check points against the new
    # ward), and again after the commit for every other process.
    forget_active_ward()
    transaction.on_commit(forget_active_ward)
    return ward


def department_by_code(code: str) -> Department:
    return Department.objects.get(code=code)


def read_outbox_message(actor: Any, message_id: int) -> OutboxMessage:
    """A staff read of one sent mail (its recipients are personal data): audited."""
    message = OutboxMessage.objects.get(pk=message_id)
    log_action(actor, "core.outbox.read", message)
    return message


def search_audit_log(actor: Any, filters: dict[str, Any]) -> QuerySet[AuditRecord]:
    """Search the audit log; the search itself is recorded (which filters, not their values)."""
    used = sorted(name for name, value in filters.items() if value)
    if used:
        log_action(actor, "core.audit.searched", None, {"filters": used})
    return search_audit(filters)
