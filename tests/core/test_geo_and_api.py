"""Geo helpers and the foundation JSON API (ward profile, departments, point check, OpenAPI)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from kuyakusho.core.geo import Feature, OutsideWardError, feature_collection, validate_point

pytestmark = pytest.mark.django_db


def test_a_point_in_nerima_is_accepted(ward):
    assert validate_point("35.7356", "139.6516") == (35.7356, 139.6516)
    assert validate_point("３５．７３５６", "１３９．６５１６") == (35.7356, 139.6516)


@pytest.mark.parametrize(("lat", "lon"), [(35.68, 139.76), (34.0, 135.5), (35.7356, 139.80)])
def test_points_outside_the_ward_are_rejected_with_a_clear_message(ward, lat, lon):
    with pytest.raises(OutsideWardError) as error:
        validate_point(lat, lon)
    assert "練馬区の区域の外" in error.value.messages[0]


@pytest.mark.parametrize(
    ("lat", "lon"),
    [("nan", "139"), ("inf", "139"), ("abc", "139"), ("95", "139"), ("35", "-181"), (None, "1")],
)
def test_garbage_coordinates_are_rejected(ward, lat, lon):
    with pytest.raises(ValidationError):
        validate_point(lat, lon)


def test_geojson_uses_longitude_first():
    collection = feature_collection([Feature(35.7, 139.6, {"name": "区役所"}, id=1)])
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [139.6, 35.7]}
    assert feature["properties"] == {"name": "区役所"} and feature["id"] == 1


def test_api_ward_profile(client, ward):
    body = client.get("/api/v1/ward").json()
    assert body["municipality_code"] == "131202"
    assert body["is_sample"] is True
    assert body["bounds"] == [
        ward.bounds_south,
        ward.bounds_west,
        ward.bounds_north,
        ward.bounds_east,
    ]


def test_api_departments(client, departments):
    codes = [d["code"] for d in client.get("/api/v1/departments").json()]
    assert codes == sorted(codes) and "road" in codes


def test_api_point_check(client, ward):
    assert client.get("/api/v1/geo/check?lat=35.7356&lon=139.6516").json() == {
        "inside": True,
        "message": "",
    }
    outside = client.get("/api/v1/geo/check?lat=35.0&lon=139.0").json()
    assert outside["inside"] is False and outside["message"]
    bad = client.get("/api/v1/geo/check?lat=north&lon=139")
    assert bad.status_code == 422


def test_openapi_schema_lists_every_endpoint(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/ward", "/api/v1/departments", "/api/v1/geo/check"} <= set(schema["paths"])


@pytest.mark.parametrize(("lat", "lon"), [("1e308", "139"), ("-91", "139"), ("35", "inf")])
def test_api_point_check_refuses_impossible_coordinates_with_422(client, ward, lat, lon):
    response = client.get(f"/api/v1/geo/check?lat={lat}&lon={lon}")
    assert response.status_code == 422
    assert response.json()["detail"]
