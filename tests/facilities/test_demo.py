"""Sample facilities: clearly samples, inside the demo ward, varied, idempotent, and they follow
the demo when it switches wards."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kuyakusho.core.models import WardProfile
from kuyakusho.core.search import search
from kuyakusho.facilities.models import Facility, Landmark

pytestmark = pytest.mark.django_db


def test_demo_facilities_are_samples_inside_the_ward_and_varied():
    call_command("loaddemo", ward="nerima")
    ward = WardProfile.objects.get(slug="nerima")
    facilities = list(Facility.objects.all())
    assert len(facilities) == 20
    assert all(f.is_sample and "サンプル" in f.name_ja and f.is_published for f in facilities)
    assert all(ward.contains(f.lat, f.lon) for f in facilities)
    assert len({f.type_id for f in facilities}) >= 8
    assert sum(f.is_designated_shelter for f in facilities) >= 3
    assert sum(f.is_evacuation_site for f in facilities) >= 3
    assert sum(f.wifi != "none" for f in facilities) >= 5
    assert sum(f.has_accessible_toilet for f in facilities) >= 10
    assert search("サンプル中央図書", doc_types="facility").total >= 1
    assert Landmark.objects.filter(name_ja="練馬駅").exists()


def test_loading_twice_changes_nothing_and_switching_wards_moves_the_samples():
    call_command("loaddemo", ward="nerima")
    before = list(Facility.objects.order_by("pk").values_list("pk", "lat", "lon", "updated_at"))
    call_command("loaddemo", ward="nerima")
    assert (
        list(Facility.objects.order_by("pk").values_list("pk", "lat", "lon", "updated_at"))
        == before
    )
    call_command("loaddemo", ward="kita")
    kita = WardProfile.objects.get(slug="kita")
    assert Facility.objects.count() == 20
    assert all(kita.contains(f.lat, f.lon) for f in Facility.objects.all())
    assert all("北区" in f.address for f in Facility.objects.all())
    assert not Landmark.objects.filter(name_ja="練馬駅").exists()
    assert Landmark.objects.filter(name_ja="赤羽駅").exists()
