"""The JSON API: the list with the page's filters, nearest first; one facility; types and
landmarks; clear 4xx answers for bad input; unpublished facilities invisible."""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import CENTRE, make_facility

pytestmark = pytest.mark.django_db


def test_list_filters_and_sorts_by_distance(ward, departments, types, landmark):
    dept = departments["road"]
    make_facility("駅前館", type=types["library"], department=dept, has_accessible_toilet=True,
                  at=(landmark.lat, landmark.lon), name_kana="あ")  # fmt: skip
    make_facility("中央館", type=types["library"], department=dept, has_accessible_toilet=True,
                  at=CENTRE, name_kana="い")  # fmt: skip
    make_facility("トイレなし館", type=types["library"], department=dept, name_kana="う")
    client = Client()
    body = client.get("/api/v1/facilities?attr=accessible_toilet").json()
    assert body["count"] == 2 and [i["name"] for i in body["items"]] == ["駅前館", "中央館"]
    near = client.get(
        f"/api/v1/facilities?attr=accessible_toilet&lat={CENTRE[0]}&lon={CENTRE[1]}"
    ).json()
    assert [(i["name"], i["distance_m"]) for i in near["items"]] == [
        ("中央館", 0),
        ("駅前館", 1110),
    ]
    by_landmark = client.get(f"/api/v1/facilities?landmark={landmark.pk}").json()
    assert by_landmark["items"][0]["name"] == "駅前館"
    page = client.get("/api/v1/facilities?limit=1&offset=1").json()
    assert page["count"] == 3 and [i["name"] for i in page["items"]] == ["中央館"]


def test_one_facility_with_its_hours(ward, departments, types):
    facility = make_facility("中央館", type=types["library"], department=departments["road"],
                             hours={5: [(600, 960)]}, has_aed=True, aed_location="受付")  # fmt: skip
    body = Client().get(f"/api/v1/facilities/{facility.pk}").json()
    assert body["hours"] == [{"day": 5, "opens": "10:00", "closes": "16:00"}]
    assert body["aed"] is True and body["aed_location"] == "受付"
    assert body["department"] == "road" and body["lat"] == CENTRE[0]


def test_bad_input_gets_a_4xx_that_says_why(ward, types):
    client = Client()
    outside = client.get("/api/v1/facilities?lat=35.0&lon=139.0")
    assert outside.status_code == 422 and "区域の外" in outside.json()["detail"]
    assert client.get("/api/v1/facilities?lat=35.7").status_code == 422
    assert client.get("/api/v1/facilities?type=nope").status_code == 422
    assert client.get("/api/v1/facilities?lat=nan&lon=139.6").status_code == 422
    assert client.get("/api/v1/facilities/999999").status_code == 404
    assert client.get("/api/v1/facilities/99999999999999999999999").status_code in (404, 422)


def test_types_and_landmarks(ward, departments, types, landmark):
    make_facility("中央館", type=types["library"], department=departments["road"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get("/api/v1/facility-types").json() == [{"code": "library", "name": "Library"}]
    assert client.get("/api/v1/facility-landmarks").json() == [
        {"id": landmark.pk, "name": "Test Station", "lat": landmark.lat, "lon": landmark.lon}
    ]


def test_the_operations_are_in_the_openapi_schema(db):
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert {"/api/v1/facilities", "/api/v1/facilities/{facility_id}"} <= set(paths)
