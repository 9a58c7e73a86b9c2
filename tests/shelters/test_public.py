"""Public pages: the list and map with live status and filters, a shelter's page, and
/shelters.geojson (RFC 7946; never the staff-only contact); a status change shows at once even
with the page cache on."""

from __future__ import annotations

import json

import pytest
from django.core.cache import caches
from django.test import Client

from kuyakusho.shelters import services

from .conftest import make_shelter

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(school, departments, site_staff, crisis_staff):
    """The school (open, 120 people), a park (evacuation site for large fires), a welfare
    shelter (full) and a station hall (temporary stay, closed), and an inactive one."""
    park = make_shelter(
        "中央公園", department=departments["parks"], name_en="Central Park",
        name_kana="ちゅうおうこうえん", is_evacuation_site=True, evacuation_large_fire=True,
        capacity=3000, staff_contact="公園管理事務所 内線 99",
    )  # fmt: skip
    welfare = make_shelter(
        "やすらぎの里", department=departments["residents"], name_kana="やすらぎのさと",
        is_welfare_shelter=True, capacity=40, has_elevator=True,
    )  # fmt: skip
    hall = make_shelter(
        "駅前ホール", department=departments["disaster"], name_kana="えきまえほーる",
        is_temporary_stay=True, capacity=300,
    )  # fmt: skip
    hidden = make_shelter("廃止した避難所", department=departments["residents"], is_active=False)
    services.update_status(site_staff.user, school, status="open", head_count=120)
    services.update_status(crisis_staff.user, welfare, status="full", head_count=41)
    return {"school": school, "park": park, "welfare": welfare, "hall": hall, "hidden": hidden}


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.name for row in response.context["rows"]]


def test_the_list_shows_live_status_open_ones_first(places):
    response = Client().get("/shelters/")
    assert response.status_code == 200
    assert names(response) == ["第一小学校", "やすらぎの里", "駅前ホール", "中央公園"]
    page = response.content.decode()
    assert "開設中 1か所 · 満員 1か所 · 閉鎖中 2か所" in page
    assert "120 / 500" in page and "41 / 40" in page
    assert "廃止した避難所" not in page
    assert "090-1111-2222" not in page and "内線 99" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=evacuation_site", ["第一小学校", "中央公園"]),
        ("kind=temporary_stay", ["駅前ホール"]),
        ("hazard=earthquake", ["第一小学校"]),
        ("hazard=large_fire", ["第一小学校", "中央公園"]),
        ("open=on", ["第一小学校", "やすらぎの里"]),
        ("open=0", ["第一小学校", "やすらぎの里", "駅前ホール", "中央公園"]),
        ("access=elevator", ["第一小学校", "やすらぎの里"]),
        ("access=elevator&access=accessible_toilet", ["第一小学校"]),
        ("kind=welfare_shelter&open=1", ["やすらぎの里"]),
    ],
)
def test_filters(places, query, expected):
    assert names(Client().get(f"/shelters/?{query}")) == expected


def test_a_wrong_filter_is_explained_and_the_rest_still_filters(places):
    response = Client().get("/shelters/?kind=castle&open=on")
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert names(response) == ["第一小学校", "やすらぎの里"]
    assert Client().get("/shelters/?kind=%00").status_code == 200


def test_a_shelters_page_in_japanese_and_english(places):
    school = places["school"]
    page = Client().get(f"/shelters/{school.pk}/").content.decode()
    assert "<h1>第一小学校</h1>" in page
    assert "開設中" in page and "避難者数: 120人（収容人数 500人）" in page
    assert "指定避難所 · 指定緊急避難場所" in page
    assert "地震" in page and "大規模な火事" in page and "エレベーター" in page
    assert "03-0000-0001" in page and "090-1111-2222" not in page
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/shelters/{school.pk}/").content.decode()
    assert "<h1>Elementary School 1</h1>" in english
    assert 'lang="ja">第一小学校</span>' in english
    full = Client().get(f"/shelters/{places['welfare'].pk}/").content.decode()
    assert "満員です。近くの開設中の避難所へ向かってください。" in full


def test_inactive_and_unknown_shelters_are_not_found(places):
    assert Client().get(f"/shelters/{places['hidden'].pk}/").status_code == 404
    assert Client().get("/shelters/999999/").status_code == 404


def test_geojson_is_a_feature_collection_without_staff_only_data(places):
    response = Client().get("/shelters.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.content.decode()
    assert "090-1111-2222" not in body and "内線 99" not in body
    assert "staff" not in body and "note" not in body
    data = json.loads(body)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 4
    school = next(f for f in data["features"] if f["id"] == places["school"].pk)
    assert school["type"] == "Feature"
    assert school["geometry"] == {"type": "Point", "coordinates": [139.6516, 35.7356]}
    props = school["properties"]
    assert props["kinds"] == ["designated_shelter", "evacuation_site"]
    assert props["disaster_types"] == ["earthquake", "large_fire"]
    assert (props["status"], props["head_count"], props["capacity"]) == ("open", 120, 500)
    assert props["status_updated_at"] and props["updated_at"]
    assert props["page"] == f"http://testserver/shelters/{places['school'].pk}/"
    assert props["accessibility"] == ["elevator", "accessible_toilet"]
    assert set(props) == {
        "id", "name", "name_ja", "name_en", "name_kana", "kinds", "kind_names",
        "disaster_types", "status", "status_name", "head_count", "capacity", "address",
        "phone", "accessibility", "page", "status_updated_at", "updated_at", "sample",
    }  # fmt: skip
    hall = next(f for f in data["features"] if f["id"] == places["hall"].pk)
    assert hall["properties"]["status_updated_at"] is None
    filtered = Client().get("/shelters.geojson?open=1").json()
    assert {f["id"] for f in filtered["features"]} == {places["school"].pk, places["welfare"].pk}
    bad = Client().get("/shelters.geojson?hazard=meteor")
    assert bad.status_code == 400 and "hazard" in bad.json()["errors"]


def test_a_status_change_shows_at_once_with_the_page_cache_on(
    settings, places, site_staff, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    school = places["school"]
    urls = ["/shelters/", f"/shelters/{school.pk}/", "/shelters.geojson"]
    for url in urls:
        assert Client().get(url)["X-Cache"] == "miss"
        assert Client().get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.update_status(site_staff.user, school, status="full", head_count=480)
    for url in urls:
        response = Client().get(url)
        assert response["X-Cache"] == "miss", url
        assert "480" in response.content.decode(), url
    assert "満員 2か所" in Client().get("/shelters/").content.decode()
    caches["pages"].clear()
