"""How a facility is shown outside its own page: a row of the public list, a GeoJSON Feature
(property names are a published interface: see docs/architecture.md) and the API's object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from kuyakusho.core.geo import Feature

from .attributes import BARRIER_FREE, FILTERABLE, HAZARDS, Wifi, present
from .hours import hhmm
from .models import Facility
from .selectors import distance_m


def _same(path: str) -> str:
    return path


@dataclass
class Row:
    facility: Facility
    name: str
    type_name: str
    distance_m: int | None
    equipment: list[str]
    wifi: str  # "" when there is none


def row(facility: Facility, language: str) -> Row:
    return Row(
        facility=facility,
        name=facility.display_name(language),
        type_name=facility.type.display_name(language),
        distance_m=distance_m(facility),
        equipment=[str(a.label) for a in present(facility, FILTERABLE)],
        wifi="" if facility.wifi == Wifi.NONE else str(Wifi(facility.wifi).label),
    )


def properties(
    facility: Facility, language: str, absolute: Callable[[str], str] = _same
) -> dict[str, Any]:
    """GeoJSON Feature properties. Names are stable: add new ones, never rename or remove."""
    return {
        "id": facility.pk,
        "name": facility.display_name(language),
        "name_ja": facility.name_ja,
        "name_en": facility.name_en,
        "name_kana": facility.name_kana,
        "type": facility.type.code,
        "type_name": facility.type.display_name(language),
        "address": facility.address,
        "address_note": facility.address_note,
        "postal_code": facility.postal_code,
        "town": facility.town,
        "phone": facility.phone,
        "url": facility.url,
        "page": absolute(reverse("facilities:detail", args=[facility.pk])),
        "department": facility.department.code,
        "department_name": facility.department.display_name(language),
        "wifi": facility.wifi,
        "wifi_ssid": facility.wifi_ssid,
        "barrier_free": [a.code for a in present(facility, BARRIER_FREE)],
        "aed": facility.has_aed,
        "designated_shelter": facility.is_designated_shelter,
        "welfare_shelter": facility.is_welfare_shelter,
        "evacuation_site": facility.is_evacuation_site,
        "evacuation_hazards": [h.code for h in present(facility, HAZARDS)],
        "hours": [
            {"day": h.day, "opens": hhmm(h.opens), "closes": hhmm(h.closes)}
            for h in facility.hours.all()
        ],
        "distance_m": distance_m(facility),
        "updated_at": facility.updated_at.isoformat(),
        "sample": facility.is_sample,
    }


def feature(facility: Facility, language: str, absolute: Callable[[str], str] = _same) -> Feature:
    return Feature(
        facility.lat, facility.lon, properties(facility, language, absolute), id=facility.pk
    )


def map_feature(facility: Facility, language: str) -> Feature:
    """What the list's map needs, and no more: the table carries the details (page weight)."""
    return Feature(
        facility.lat,
        facility.lon,
        {
            "name": facility.display_name(language),
            "page": reverse("facilities:detail", args=[facility.pk]),
        },
        id=facility.pk,
    )


def api_object(
    facility: Facility, language: str, absolute: Callable[[str], str] = _same
) -> dict[str, Any]:
    """Everything the facility's page shows, for the JSON API."""
    return {
        **properties(facility, language, absolute),
        "lat": facility.lat,
        "lon": facility.lon,
        "description": facility.description_for(language),
        "hours_note": facility.hours_note_for(language),
        "phone_extension": facility.phone_extension,
        "fax": facility.fax,
        "operator_name": facility.operator_name,
        "corporate_number": facility.corporate_number,
        "capacity": facility.capacity,
        "wifi_provider": facility.wifi_provider,
        "wifi_area": facility.wifi_area,
        "barrier_free_note": facility.barrier_free_note,
        "aed_location": facility.aed_location,
        "aed_pediatric": facility.aed_pediatric,
        "shelter_capacity": facility.shelter_capacity,
    }
