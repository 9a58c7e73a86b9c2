"""The demo's sample reports (all 訓練, around the sample shelters, some residents' ones still
unverified; idempotent; moving with the ward), and who may open which damage screen."""

from __future__ import annotations

import pytest
from django.test import Client

from kuyakusho.core.demo import load_demo
from kuyakusho.damage import selectors
from kuyakusho.damage.models import DamageReport, ResidentContact
from kuyakusho.notifications.models import Area

from ..conftest import make_resident, make_staff, sign_in


@pytest.mark.django_db
def test_demo_reports_are_exercises_in_the_ward_in_areas_with_some_unverified():
    ward = load_demo("nerima")
    reports = list(DamageReport.objects.all())
    assert 6 <= len(reports) <= 10
    assert all(r.is_exercise and r.is_sample for r in reports)
    assert all(ward.contains(r.lat, r.lon) for r in reports)
    assert all(r.area is not None for r in reports)  # the sample areas have polygons
    residents = [r for r in reports if r.source == "resident"]
    assert sum(r.status == "unverified" for r in residents) == 2
    assert {r.source for r in reports} == {"shelter", "staff", "resident"}
    assert ResidentContact.objects.count() == 2
    assert selectors.public().count() == sum(r.status == "verified" for r in reports)
    assert Area.objects.exclude(polygon=None).count() == 4


@pytest.mark.django_db
def test_demo_is_idempotent_and_moves_with_the_ward():
    load_demo("nerima")
    before = list(DamageReport.objects.order_by("pk").values_list("pk", "lat", "lon", "status"))
    load_demo("nerima")
    assert (
        list(DamageReport.objects.order_by("pk").values_list("pk", "lat", "lon", "status"))
        == before
    )
    kita = load_demo("kita")
    assert DamageReport.objects.count() == len(before)
    assert all(kita.contains(r.lat, r.lon) for r in DamageReport.objects.all())
    assert all(r.area is not None for r in DamageReport.objects.all())


SCREENS = ["/staff/damage/", "/staff/damage/new/", "/staff/damage/export.csv",
           "/staff/damage/export.geojson"]  # fmt: skip
# persona -> the screens it may open (the others answer 403, or send a resident to sign in)
ALLOWED = {
    "crisis_editor": set(SCREENS),
    "crisis_member": set(SCREENS),  # an ordinary 職員 of 防災計画課 works the HQ
    "road_editor": {"/staff/damage/new/"},
    "ict_admin": {"/staff/damage/new/"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(ALLOWED) + ["resident"])
def test_who_opens_which_damage_screen(ward, departments, persona):
    people = {
        "crisis_editor": lambda: make_staff("c.e@example.jp", departments["disaster"], "editor"),
        "crisis_member": lambda: make_staff("c.m@example.jp", departments["disaster"], "staff"),
        "road_editor": lambda: make_staff("r.e@example.jp", departments["road"], "editor"),
        "ict_admin": lambda: make_staff("i.a@example.jp", departments["ict"], "admin"),
        "resident": lambda: make_resident(),
    }
    client = sign_in(Client(), people[persona]())
    for path in SCREENS:
        status = client.get(path).status_code
        if path in ALLOWED.get(persona, set()):
            assert status == 200, (persona, path, status)
        else:
            assert status in (302, 403), (persona, path, status)
