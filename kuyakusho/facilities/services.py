"""Facility state changes: save (with opening hours), publish and unpublish, facility types and
landmarks. Every function checks the permission itself and writes an audit record; the search
index follows publication in the same transaction (published facilities only)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from kuyakusho.accounts.services import authorize, has_permission
from kuyakusho.core.audit import log_action
from kuyakusho.core.geo import validate_point
from kuyakusho.core.models import Department
from kuyakusho.core.search import SearchEntry, index_documents, remove_document

from .attributes import BARRIER_FREE, HAZARDS, Wifi, present
from .hours import Range, by_day
from .models import Facility, FacilityType, Landmark, OpeningHours
from .selectors import SEARCH_DOC_TYPE

MANAGE = "facilities.manage"
MANAGE_ALL = "facilities.manage_all"
MANAGE_SETTINGS = "facilities.manage_settings"
SEARCH_LANGUAGES = ("ja", "en")
_UNTRACKED = {"id", "created_at", "updated_at"}


def can_manage(actor: Any, department: Department) -> bool:
    return has_permission(actor, MANAGE_ALL) or has_permission(actor, MANAGE, department)


def authorize_facility(actor: Any, department: Department) -> None:
    """Editors manage their own departments' facilities; the ICT division's admins manage all."""
    if not has_permission(actor, MANAGE_ALL):
        authorize(actor, MANAGE, department)


def manageable_departments(actor: Any) -> list[Department] | None:
    """Departments whose facilities `actor` may manage; None means every department."""
    from kuyakusho.accounts.services import departments_for

    if has_permission(actor, MANAGE_ALL):
        return None
    return departments_for(actor, MANAGE)


@transaction.atomic
def save_facility(
    actor: Any, facility: Facility, *, hours: dict[int, list[Range]] | None = None
) -> Facility:
    """Create or change a facility. The point must lie inside the ward; `hours` (day → ranges)
    replaces the weekly opening hours when given. Errors name the field they belong to."""
    authorize_facility(actor, facility.department)
    previous = None
    if facility.pk:
        previous = Facility.objects.select_for_update().get(pk=facility.pk)
        authorize_facility(actor, previous.department)  # moving it away needs the old one too
    try:
        facility.lat, facility.lon = validate_point(facility.lat, facility.lon)
    except ValidationError as error:
        raise ValidationError({"lat": error.messages}) from None
    facility.full_clean()
    facility.save()
    changed = _changed_fields(previous, facility)
    if hours is not None and _replace_hours(facility, hours):
        changed.append("hours")
    _sync_index(facility)
    data = {"department": facility.department.code, "type": facility.type.code, "fields": changed}
    if previous is None:
        log_action(actor, "facilities.facility.created", facility, data)
    elif changed:
        log_action(actor, "facilities.facility.changed", facility, data)
    was_published = previous is not None and previous.is_published
    if was_published != facility.is_published:
        _log_publication(actor, facility)
    return facility


def _changed_fields(previous: Facility | None, facility: Facility) -> list[str]:
    names = [f.attname for f in Facility._meta.concrete_fields if f.attname not in _UNTRACKED]
    if previous is None:
        return []
    return [name for name in names if getattr(previous, name) != getattr(facility, name)]


def _replace_hours(facility: Facility, hours: dict[int, list[Range]]) -> bool:
    """Store the week's hours; True when they differ from what was stored."""
    before = by_day(facility.hours.all())
    after = by_day(
        OpeningHours(day=day, opens=r.opens, closes=r.closes)
        for day, ranges in hours.items()
        for r in ranges
    )
    if before == after:
        return False
    facility.hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(facility=facility, day=day, opens=r.opens, closes=r.closes)
        for day, ranges in after.items()
        for r in ranges
    )
    return True


@transaction.atomic
def set_published(actor: Any, facility: Facility, published: bool) -> Facility:
    """Publish or unpublish. An unpublished facility leaves the list, the map, the GeoJSON, the
    API and site search at once; its record stays for staff."""
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    authorize_facility(actor, facility.department)
    if facility.is_published == published:
        return facility
    facility.is_published = published
    facility.save(update_fields=["is_published", "updated_at"])
    _sync_index(facility)
    _log_publication(actor, facility)
    return facility


def _log_publication(actor: Any, facility: Facility) -> None:
    verb = "published" if facility.is_published else "unpublished"
    log_action(
        actor, f"facilities.facility.{verb}", facility, {"department": facility.department.code}
    )


# --- search index ---------------------------------------------------------------------------
def search_entries(facility: Facility) -> list[SearchEntry]:
    """The facility's documents: Japanese always, English when it has an English name."""
    url = reverse("facilities:detail", args=[facility.pk])
    entries = []
    for language in SEARCH_LANGUAGES:
        if language != "ja" and not facility.name_en:
            continue
        with translation.override(language):
            entries.append(
                SearchEntry(
                    doc_type=SEARCH_DOC_TYPE,
                    object_key=str(facility.pk),
                    language=language,
                    title=facility.display_name(language),
                    body=_search_body(facility, language),
                    url=url,
                )
            )
    return entries


def _search_body(facility: Facility, language: str) -> str:
    """What a resident might type: reading, type, place, description and equipment."""
    parts = [
        facility.name_ja if language != "ja" else facility.name_kana,
        facility.type.display_name(language),
        facility.town,
        facility.address,
        facility.address_note,
        facility.description_for(language),
        " ".join(str(a.label) for a in present(facility, BARRIER_FREE)),
    ]
    if facility.has_aed:
        parts.append("AED")
    if facility.wifi != Wifi.NONE:
        parts.append(f"{Wifi(facility.wifi).label} Wi-Fi {facility.wifi_ssid}")
    for flag in ("is_designated_shelter", "is_welfare_shelter", "is_evacuation_site"):
        if getattr(facility, flag):
            parts.append(str(Facility._meta.get_field(flag).verbose_name))
    parts.extend(str(h.label) for h in present(facility, HAZARDS))
    return "\n".join(part for part in parts if part)


def _sync_index(facility: Facility) -> None:
    remove_document(SEARCH_DOC_TYPE, str(facility.pk))
    if facility.is_published:
        index_documents(search_entries(facility))


def reindex(facilities: Any = None) -> int:
    """Rebuild the documents of these facilities (all by default); returns how many are indexed."""
    count = 0
    queryset = facilities if facilities is not None else Facility.objects.all()
    for facility in queryset.select_related("type"):
        _sync_index(facility)
        count += facility.is_published
    return count


# --- facility types and landmarks (the ICT division) ----------------------------------------
@transaction.atomic
def save_type(actor: Any, facility_type: FacilityType) -> FacilityType:
    authorize(actor, MANAGE_SETTINGS)
    facility_type.full_clean()
    previous = (
        FacilityType.objects.filter(pk=facility_type.pk).first() if facility_type.pk else None
    )
    facility_type.save()
    log_action(
        actor,
        "facilities.type.created" if previous is None else "facilities.type.changed",
        facility_type,
        {"code": facility_type.code},
    )
    if previous is not None and (
        (previous.name_ja, previous.name_en) != (facility_type.name_ja, facility_type.name_en)
    ):
        reindex(Facility.objects.filter(type=facility_type, is_published=True))
    return facility_type


@transaction.atomic
def save_landmark(actor: Any, landmark: Landmark) -> Landmark:
    authorize(actor, MANAGE_SETTINGS)
    try:
        landmark.lat, landmark.lon = validate_point(landmark.lat, landmark.lon)
    except ValidationError as error:
        raise ValidationError({"lat": error.messages}) from None
    landmark.full_clean()
    created = landmark.pk is None
    landmark.save()
    verb = "facilities.landmark.created" if created else "facilities.landmark.changed"
    log_action(actor, verb, landmark, {"name": landmark.name_ja})
    return landmark


@transaction.atomic
def delete_landmark(actor: Any, landmark: Landmark) -> None:
    authorize(actor, MANAGE_SETTINGS)
    log_action(actor, "facilities.landmark.deleted", landmark, {"name": landmark.name_ja})
    landmark.delete()
