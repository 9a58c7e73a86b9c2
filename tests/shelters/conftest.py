"""Fixtures for shelters: shelters at known points of the Nerima test ward (bounds 35.715–35.780 N,
139.555–139.685 E; centre 35.7356, 139.6516), run by 区民課 (residents) unless said otherwise."""

from __future__ import annotations

import pytest
from django.test import Client

from kuyakusho.shelters.models import Shelter

from ..conftest import make_staff, sign_in

CENTRE = (35.7356, 139.6516)


def make_shelter(name: str, *, department, at: tuple[float, float] = CENTRE, **fields) -> Shelter:
    """A shelter written directly (the registry services are tested on their own)."""
    fields.setdefault("name_kana", "てすと")
    fields.setdefault("address", "東京都練馬区豊玉北6-12-1")
    fields.setdefault("capacity", 500)
    if not any(fields.get(f) for f in ("is_designated_shelter", "is_evacuation_site",
                                        "is_welfare_shelter", "is_temporary_stay")):  # fmt: skip
        fields["is_designated_shelter"] = True
    return Shelter.objects.create(
        name_ja=name, department=department, lat=at[0], lon=at[1], **fields
    )


@pytest.fixture
def school(ward, departments) -> Shelter:
    """A school that is both 指定避難所 and 指定緊急避難場所 (earthquake, large fire)."""
    return make_shelter(
        "第一小学校",
        department=departments["residents"],
        name_en="Elementary School 1",
        name_kana="だいいちしょうがっこう",
        capacity=500,
        is_designated_shelter=True,
        is_evacuation_site=True,
        evacuation_earthquake=True,
        evacuation_large_fire=True,
        has_elevator=True,
        has_accessible_toilet=True,
        phone="03-0000-0001",
        staff_contact="校長 携帯 090-1111-2222",
    )


@pytest.fixture
def site_staff(db, ward, departments):
    """An ordinary member (role "staff") of 区民課, the department that runs the school."""
    return make_staff("site.staff@example.jp", departments["residents"], "staff")


@pytest.fixture
def site_client(site_staff) -> Client:
    return sign_in(Client(), site_staff)


@pytest.fixture
def crisis_client(crisis_staff) -> Client:
    return sign_in(Client(), crisis_staff)
