"""`open_shelters()` for the disaster page (one query, open and full only, the values it shows),
the HQ totals, and the demo data (inside the ward, some open, idempotent, moves with the ward)."""

from __future__ import annotations

import pytest

from kuyakusho.core.demo import load_demo
from kuyakusho.core.models import AuditRecord, WardProfile
from kuyakusho.shelters import selectors, services
from kuyakusho.shelters.attributes import BARRIER_FREE, HAZARDS, KINDS
from kuyakusho.shelters.models import Shelter, StatusChange

from .conftest import make_shelter

pytestmark = pytest.mark.django_db


def test_open_shelters_is_one_query_of_open_and_full_ones(
    school, departments, crisis_staff, django_assert_num_queries
):
    park = make_shelter(
        "中央公園", department=departments["parks"], name_kana="ちゅうおうこうえん",
        is_evacuation_site=True, evacuation_large_fire=True, is_designated_shelter=True,
        capacity=3000,
    )  # fmt: skip
    make_shelter("閉鎖中の学校", department=departments["residents"], name_kana="あ")
    hidden = make_shelter("無効", department=departments["residents"], name_kana="い")
    user = crisis_staff.user
    services.update_status(user, school, status="full", head_count=510)
    services.update_status(user, park, status="open", head_count=900)
    services.update_status(user, hidden, status="open", head_count=5)
    Shelter.objects.filter(pk=hidden.pk).update(is_active=False)

    with django_assert_num_queries(1):
        shelters = selectors.open_shelters()
    assert [s.name_ja for s in shelters] == ["中央公園", "第一小学校"]  # open first, then full
    park_row, school_row = shelters
    assert (park_row.status, park_row.head_count, park_row.capacity) == ("open", 900, 3000)
    assert park_row.kinds == ("designated_shelter", "evacuation_site")
    assert school_row.is_full and school_row.address == "東京都練馬区豊玉北6-12-1"
    assert (
        school_row.name("en") == "Elementary School 1"
        and school_row.name("zh-hans") == "第一小学校"
    )
    assert school_row.status_updated_at is not None

    totals = selectors.totals()
    assert (totals.open, totals.full, totals.closed) == (1, 1, 1)
    assert (totals.head_count, totals.capacity) == (1410, 3500)


def test_shelter_columns_match_the_shared_checklists():
    """The reused lists name columns of Shelter, so filters and `present()` work on it."""
    names = {f.name for f in Shelter._meta.get_fields()}
    for attribute in (*KINDS, *HAZARDS, *BARRIER_FREE):
        assert attribute.field in names


@pytest.fixture
def demo_ward(db):
    return load_demo("nerima")


def test_demo_shelters_are_inside_the_ward_with_a_live_state(demo_ward):
    shelters = list(Shelter.objects.filter(is_sample=True))
    assert 8 <= len(shelters) <= 12
    assert all(demo_ward.contains(s.lat, s.lon) for s in shelters)
    assert all(s.name_ja.startswith("サンプル") for s in shelters)
    kinds = {code for s in shelters for code in (k.code for k in KINDS if getattr(s, k.field))}
    assert kinds == {"designated_shelter", "evacuation_site", "welfare_shelter", "temporary_stay"}
    both = [s for s in shelters if s.is_designated_shelter and s.is_evacuation_site]
    assert both and all(s.evacuation_earthquake for s in both)
    assert [s.status for s in selectors.open_shelters()].count("open") == 2
    assert len(selectors.open_shelters()) == 3
    school = Shelter.objects.get(name_ja="サンプル第一小学校")
    assert school.facility is not None and (school.lat, school.lon) == (
        school.facility.lat,
        school.facility.lon,
    )
    assert "避難拠点" in school.description_ja  # Nerima's word for a school shelter
    assert StatusChange.objects.count() == 3
    assert AuditRecord.objects.filter(verb="shelters.status.changed").count() == 3


def test_demo_is_idempotent_and_moves_with_the_ward(demo_ward):
    before = list(Shelter.objects.order_by("pk").values_list("pk", "lat", "lon", "status"))
    load_demo("nerima")
    assert list(Shelter.objects.order_by("pk").values_list("pk", "lat", "lon", "status")) == before
    kita = load_demo("kita")
    assert Shelter.objects.count() == len(before)
    assert all(kita.contains(s.lat, s.lon) for s in Shelter.objects.all())
    assert WardProfile.objects.get(slug="kita").is_active
    school = Shelter.objects.get(name_ja="サンプル第一小学校")
    assert "北区では" in school.description_ja and school.facility is not None
    assert (school.lat, school.lon) == (school.facility.lat, school.facility.lon)
