"""Foundation API: the ward profile, departments and a point-in-ward check."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from .geo import OutsideWardError, validate_point
from .models import Department
from .services import active_ward

router = Router(tags=["ward"])


class WardOut(Schema):
    municipality_code: str
    name_ja: str
    name_en: str
    name_kana: str
    centre: list[float]
    bounds: list[float]
    enabled_languages: list[str]
    phone: str
    email: str
    website: str
    is_sample: bool


class DepartmentOut(Schema):
    code: str
    name_ja: str
    name_en: str
    division_ja: str
    phone: str


class PointCheckOut(Schema):
    inside: bool
    message: str


@router.get("/ward", response=WardOut, summary="The municipality that runs this installation")
def ward_profile(request: HttpRequest) -> dict:
    ward = active_ward()
    if ward is None:
        raise HttpError(404, "no ward profile is configured")
    return {
        "municipality_code": ward.municipality_code,
        "name_ja": ward.name_ja,
        "name_en": ward.name_en,
        "name_kana": ward.name_kana,
        "centre": [ward.centre_lat, ward.centre_lon],
        "bounds": [ward.bounds_south, ward.bounds_west, ward.bounds_north, ward.bounds_east],
        "enabled_languages": ward.enabled_languages,
        "phone": ward.phone,
        "email": ward.email,
        "website": ward.website,
        "is_sample": ward.is_sample,
    }


@router.get("/departments", response=list[DepartmentOut], summary="Departments (所管課)")
def departments(request: HttpRequest) -> list[Department]:
    return list(Department.objects.order_by("code"))


@router.get("/geo/check", response=PointCheckOut, summary="Is a point inside the ward?")
def check_point(request: HttpRequest, lat: float, lon: float) -> dict:
    try:
        validate_point(lat, lon)
    except OutsideWardError as error:
        return {"inside": False, "message": str(error.messages[0])}
    return {"inside": True, "message": ""}
