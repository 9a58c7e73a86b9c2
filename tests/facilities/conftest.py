"""Fixtures for the facility directory: types, landmarks and facilities at known points of the
Nerima test ward (bounds 35.715–35.780 N, 139.555–139.685 E; centre 35.7356, 139.6516)."""

from __future__ import annotations

import pytest

from kuyakusho.facilities import services
from kuyakusho.facilities.models import Facility, FacilityType, Landmark, OpeningHours

CENTRE = (35.7356, 139.6516)


@pytest.fixture
def types(db) -> dict[str, FacilityType]:
    rows = [
        ("library", "図書館", "Library"),
        ("community-centre", "区民館", "Community centre"),
        ("nursery", "保育園", "Nursery school"),
        ("park", "公園", "Park"),
    ]
    return {
        code: FacilityType.objects.create(code=code, name_ja=name, name_en=name_en)
        for code, name, name_en in rows
    }


def make_facility(
    name: str,
    *,
    type: FacilityType,
    department,
    at: tuple[float, float] = CENTRE,
    published: bool = True,
    hours: dict[int, list[tuple[int, int]]] | None = None,
    **fields,
) -> Facility:
    """A facility written directly (services are tested on their own), indexed as the services
    would index it."""
    fields.setdefault("name_kana", "てすと")
    fields.setdefault("address", "東京都練馬区豊玉北6-12-1")
    facility = Facility.objects.create(
        name_ja=name,
        type=type,
        department=department,
        lat=at[0],
        lon=at[1],
        is_published=published,
        **fields,
    )
    for day, ranges in (hours or {}).items():
        for opens, closes in ranges:
            OpeningHours.objects.create(facility=facility, day=day, opens=opens, closes=closes)
    services.reindex(Facility.objects.filter(pk=facility.pk))
    return facility


@pytest.fixture
def landmark(db, ward) -> Landmark:
    # About 1.1 km north of the centre.
    return Landmark.objects.create(
        name_ja="テスト駅", name_en="Test Station", lat=CENTRE[0] + 0.01, lon=CENTRE[1]
    )
