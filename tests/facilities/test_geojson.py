"""/facilities.geojson: an RFC 7946 FeatureCollection of the list's facilities, with the list's
filters and the property names documented in docs/architecture.md."""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import CENTRE, make_facility

pytestmark = pytest.mark.django_db

DOCUMENTED_PROPERTIES = {
    "id", "name", "name_ja", "name_en", "name_kana", "type", "type_name", "address",
    "address_note", "postal_code", "town", "phone", "url", "page", "department",
    "department_name", "wifi", "wifi_ssid", "barrier_free", "aed", "designated_shelter",
    "welfare_shelter", "evacuation_site", "evacuation_hazards", "hours", "distance_m",
    "updated_at", "sample",
}  # fmt: skip


def test_a_feature_collection_with_points_and_stable_properties(ward, departments, types):
    facility = make_facility(
        "中央図書館",
        type=types["library"],
        department=departments["road"],
        at=(35.74, 139.66),
        name_en="Central Library",
        has_elevator=True,
        has_accessible_toilet=True,
        wifi="carrier",
        is_evacuation_site=True,
        evacuation_earthquake=True,
        hours={0: [(540, 1020)]},
    )
    response = Client().get("/facilities.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    [feature] = collection["features"]
    assert feature["type"] == "Feature" and feature["id"] == facility.pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [139.66, 35.74]}
    properties = feature["properties"]
    assert set(properties) == DOCUMENTED_PROPERTIES
    assert properties["barrier_free"] == ["elevator", "accessible_toilet"]
    assert properties["wifi"] == "carrier" and properties["type"] == "library"
    assert properties["evacuation_hazards"] == ["earthquake"]
    assert properties["hours"] == [{"day": 0, "opens": "09:00", "closes": "17:00"}]
    assert properties["page"] == f"http://testserver/facilities/{facility.pk}/"
    assert properties["distance_m"] is None
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/facilities.geojson").json()
    assert english["features"][0]["properties"]["name"] == "Central Library"


def test_the_list_filters_apply(ward, departments, types):
    dept = departments["road"]
    make_facility("トイレ館", type=types["library"], department=dept, has_accessible_toilet=True,
                  wifi="ward", at=(CENTRE[0] + 0.01, CENTRE[1]))  # fmt: skip
    make_facility("近い館", type=types["library"], department=dept, wifi="ward", at=CENTRE)
    make_facility("公園", type=types["park"], department=dept)
    client = Client()

    def names(query: str) -> list[str]:
        return [
            f["properties"]["name"]
            for f in client.get(f"/facilities.geojson?{query}").json()["features"]
        ]

    assert names("attr=accessible_toilet") == ["トイレ館"]
    assert sorted(names("wifi=ward")) == ["トイレ館", "近い館"]
    assert names("type=park") == ["公園"]
    assert names("q=トイレ") == ["トイレ館"]
    near = client.get(f"/facilities.geojson?wifi=any&lat={CENTRE[0]}&lon={CENTRE[1]}").json()
    assert [(f["properties"]["name"], f["properties"]["distance_m"]) for f in near["features"]] == [
        ("近い館", 0),
        ("トイレ館", 1110),
    ]


def test_bad_filters_answer_400_with_the_reason(ward, types):
    response = Client().get("/facilities.geojson?lat=35.0&lon=139.0")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["lat"][0]["code"] == "outside_ward"
    assert "区域の外" in errors["lat"][0]["message"]
    assert Client().get("/facilities.geojson?attr=nope").status_code == 400
