"""How a shelter is shown outside its own page: a row of the public list, a GeoJSON Feature
(property names are a published interface: see docs/architecture.md) and the API's object.

Nothing here reads `staff_contact`, the status notes or who updated: the public
representations hold only what a resident may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from kuyakusho.core.geo import Feature

from .attributes import BARRIER_FREE, HAZARDS, KINDS, Status, present
from .models import Shelter


def _same(path: str) -> str:
    return path


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass
class Row:
    shelter: Shelter
    name: str
    kinds: list[str]
    hazards: list[str]
    accessibility: list[str]
    status_label: str


def row(shelter: Shelter, language: str) -> Row:
    return Row(
        shelter=shelter,
        name=shelter.display_name(language),
        kinds=[str(k.label) for k in present(shelter, KINDS)],
        hazards=[str(h.label) for h in present(shelter, HAZARDS)],
        accessibility=[str(a.label) for a in present(shelter, BARRIER_FREE)],
        status_label=str(Status(shelter.status).label),
    )


def properties(
    shelter: Shelter, language: str, absolute: Callable[[str], str] = _same
) -> dict[str, Any]:
    """GeoJSON Feature properties. Names are stable: add new ones, never rename or remove."""
    kinds = present(shelter, KINDS)
    return {
        "id": shelter.pk,
        "name": shelter.display_name(language),
        "name_ja": shelter.name_ja,
        "name_en": shelter.name_en,
        "name_kana": shelter.name_kana,
        "kinds": [k.code for k in kinds],
        "kind_names": [str(k.label) for k in kinds],
        "disaster_types": [h.code for h in present(shelter, HAZARDS)],
        "status": shelter.status,
        "status_name": str(Status(shelter.status).label),
        "head_count": shelter.head_count,
        "capacity": shelter.capacity,
        "address": shelter.address,
        "phone": shelter.phone,
        "accessibility": [a.code for a in present(shelter, BARRIER_FREE)],
        "page": absolute(reverse("shelters:detail", args=[shelter.pk])),
        "status_updated_at": _iso(shelter.status_updated_at),
        "updated_at": _iso(shelter.updated_at),
        "sample": shelter.is_sample,
    }


def feature(shelter: Shelter, language: str, absolute: Callable[[str], str] = _same) -> Feature:
    return Feature(shelter.lat, shelter.lon, properties(shelter, language, absolute), id=shelter.pk)


def map_feature(shelter: Shelter, language: str) -> Feature:
    """What the list's map needs, and no more: the table beside it carries the details."""
    return Feature(
        shelter.lat,
        shelter.lon,
        {
            "name": shelter.display_name(language),
            "page": reverse("shelters:detail", args=[shelter.pk]),
            "status": shelter.status,
            "status_name": str(Status(shelter.status).label),
        },
        id=shelter.pk,
    )


def api_object(
    shelter: Shelter, language: str, absolute: Callable[[str], str] = _same
) -> dict[str, Any]:
    """What the shelter's page shows, for the JSON API."""
    return {
        **properties(shelter, language, absolute),
        "lat": shelter.lat,
        "lon": shelter.lon,
        "description": shelter.description_for(language),
        "accessibility_note": shelter.accessibility_note,
    }
