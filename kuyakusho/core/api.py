"""Foundation API: the ward profile, departments and a point-in-ward check."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
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


class ErrorOut(Schema):
    detail: str


class PointCheckOut(Schema):
    inside: bool
    message: str


@router.get(
    "/ward",
    response={200: WardOut, 404: ErrorOut},
    summary="The municipality that runs this installation",
)
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


@router.get(
    "/geo/check",
    response={200: PointCheckOut, 422: ErrorOut},
    summary="Is a point inside the ward?",
    description="422 when a coordinate is not a finite number in range (latitude ±90, longitude ±180).",
)
def check_point(
    request: HttpRequest,
    lat: float = Query(..., ge=-90, le=90, allow_inf_nan=False, description="latitude (WGS 84)"),
    lon: float = Query(..., ge=-180, le=180, allow_inf_nan=False, description="longitude (WGS 84)"),
) -> dict:
    try:
        validate_point(lat, lon)
    except OutsideWardError as error:
        return {"inside": False, "message": str(error.messages[0])}
    except ValidationError as error:
        raise HttpError(422, str(error.messages[0])) from None
    return {"inside": True, "message": ""}
