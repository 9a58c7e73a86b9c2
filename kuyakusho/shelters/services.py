"""Shelter state changes: the registry (crisis management) and the live status (the running
department and crisis management). Every function checks the permission itself and writes an
audit record; status changes also write a StatusChange row.

The audit verb `shelters.status.changed` is the event other domains subscribe to (the disaster
page regenerates on it); its data holds numbers and codes only, never the note or a name. Being
an audited change, it also starts a new page-cache generation, so public pages never show a
status older than the update (core/page_cache.py).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import authorize, departments_for, has_permission
from kuyakusho.core.audit import log_action
from kuyakusho.core.geo import validate_point
from kuyakusho.facilities import selectors as facility_selectors

from . import headcount
from .attributes import KINDS, Status, present
from .models import Shelter, StatusChange

MANAGE = "shelters.manage"
REPORT = "shelters.report_status"
REPORT_ANY = "shelters.report_any_status"
NOTE_MAX_LENGTH = 500
_UNTRACKED = {
    "id",
    "created_at",
    "updated_at",
    "status",
    "head_count",
    "status_updated_at",
    "status_updated_by_id",
}


# --- who may do what --------------------------------------------------------------------------
def can_manage(actor: Any) -> bool:
    return has_permission(actor, MANAGE)


def can_report(actor: Any, shelter: Shelter) -> bool:
    """The running department's staff, and crisis management for every shelter."""
    return has_permission(actor, REPORT_ANY) or has_permission(actor, REPORT, shelter.department)


def authorize_report(actor: Any, shelter: Shelter) -> None:
    if not can_report(actor, shelter):
        raise PermissionDenied(_("この避難所の状況を更新する権限がありません。"))


def reportable_department_ids(actor: Any) -> list[int] | None:
    """Departments whose shelters `actor` may update; None means every department."""
    if has_permission(actor, REPORT_ANY):
        return None
    return [d.pk for d in departments_for(actor, REPORT)]


def can_see_staff_contact(actor: Any, shelter: Shelter) -> bool:
    """The staff-only contact is for the people who run or coordinate the shelter."""
    return can_manage(actor) or can_report(actor, shelter)


# --- the registry -----------------------------------------------------------------------------
@transaction.atomic
def save_shelter(actor: Any, shelter: Shelter) -> Shelter:
    """Create or change a shelter's registry entry (not its status: see update_status). The
    point must lie inside the ward; a linked facility must be a published one."""
    authorize(actor, MANAGE)
    previous = None
    if shelter.pk:
        previous = Shelter.objects.select_for_update().get(pk=shelter.pk)
        # The live status is not the registry's to change, whatever the instance carries.
        for name in ("status", "head_count", "status_updated_at", "status_updated_by_id"):
            setattr(shelter, name, getattr(previous, name))
    errors: dict[str, list[str]] = {}
    try:
        shelter.lat, shelter.lon = validate_point(shelter.lat, shelter.lon)
    except ValidationError as error:
        errors["lat"] = error.messages
    if shelter.facility_id is not None and not _is_published_facility(shelter.facility_id):
        errors["facility"] = [_("選んだ施設は施設案内に公開されていません。")]
    if previous is not None and not shelter.is_active and previous.is_taking_people:
        errors["is_active"] = [
            _("開設中・満員の避難所は無効にできません。先に「閉鎖」にしてください。")
        ]
    try:
        shelter.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    shelter.save()
    data = {
        "department": shelter.department.code,
        "kinds": [k.code for k in present(shelter, KINDS)],
        "active": shelter.is_active,
    }
    if previous is None:
        log_action(actor, "shelters.shelter.created", shelter, data)
    else:
        changed = _changed_fields(previous, shelter)
        if changed:
            log_action(actor, "shelters.shelter.changed", shelter, {**data, "fields": changed})
    return shelter


def _is_published_facility(facility_id: int) -> bool:
    return facility_selectors.published().filter(pk=facility_id).exists()


def _changed_fields(previous: Shelter, shelter: Shelter) -> list[str]:
    names = [f.attname for f in Shelter._meta.concrete_fields if f.attname not in _UNTRACKED]
    return [name for name in names if getattr(previous, name) != getattr(shelter, name)]


# --- the live status --------------------------------------------------------------------------
@transaction.atomic
def update_status(
    actor: Any,
    shelter: Shelter,
    *,
    status: str,
    head_count: int | None = None,
    note: str = "",
    confirm_unusual: bool = False,
) -> StatusChange:
    """Open, mark full or close a shelter and report how many people are there.

    `head_count` None keeps the current number (a quick 満員 needs no typing); closing sets it
    to 0 (the history keeps the number before). A number above capacity × 2 raises
    headcount.HeadCountQuestioned unless `confirm_unusual`; a negative one, or one above
    capacity × 10, raises ValidationError. Every update, even one that only confirms the
    current state, is a history row: its time says the information is fresh."""
    shelter = Shelter.objects.select_for_update().select_related("department").get(pk=shelter.pk)
    authorize_report(actor, shelter)
    if status not in Status.values:
        raise ValidationError({"status": [_("「開設」「満員」「閉鎖」のどれかを選んでください。")]})
    if not shelter.is_active:
        raise ValidationError(
            _("この避難所は無効になっているため、状況を更新できません。防災課に確認してください。")
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": [_("メモは%(limit)s文字以内にしてください。") % {"limit": NOTE_MAX_LENGTH}]}
        )
    if status == Status.CLOSED:
        head_count = 0
    elif head_count is None:
        head_count = shelter.head_count
    try:
        unusual = headcount.check(head_count, shelter.capacity, confirmed=confirm_unusual)
    except ValidationError as error:
        raise ValidationError({"head_count": error.messages}) from None

    now = timezone.now()
    change = StatusChange.objects.create(
        shelter=shelter,
        changed_at=now,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        previous_status=shelter.status,
        status=status,
        previous_head_count=shelter.head_count,
        head_count=head_count,
        note=note,
        confirmed_unusual=unusual,
    )
    shelter.status = status
    shelter.head_count = head_count
    shelter.status_updated_at = now
    shelter.status_updated_by = change.changed_by
    # Not `updated_at`: that is when the registry entry last changed.
    shelter.save(update_fields=["status", "head_count", "status_updated_at", "status_updated_by"])
    log_action(
        actor,
        "shelters.status.changed",
        shelter,
        {
            "department": shelter.department.code,
            "previous_status": change.previous_status,
            "status": status,
            "previous_head_count": change.previous_head_count,
            "head_count": head_count,
            "capacity": shelter.capacity,
            "confirmed_unusual": unusual,
            "change": change.pk,
        },
    )
    return change
