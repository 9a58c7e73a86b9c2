"""Facilities API: the public list with the list page's filters, one facility, the types and
the landmarks. Only published facilities are visible."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, QueryDict
from django.utils.translation import get_language
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from kuyakusho.core.forms import refuse_invalid_filters

from . import representation, selectors
from .forms import FilterForm
from .models import Facility

router = Router(tags=["facilities"])
MAX_ID = 2**63 - 1  # BigAutoField


class ErrorOut(Schema):
    detail: str


class HoursOut(Schema):
    day: int = Field(..., description="0 = Monday … 6 = Sunday, 7 = public holidays")
    opens: str = Field(..., description="hh:mm")
    closes: str = Field(..., description="hh:mm (up to 24:00)")


class FacilityOut(Schema):
    id: int
    name: str = Field(..., description="in the request's language (Accept-Language)")
    name_ja: str
    name_en: str
    name_kana: str
    type: str
    type_name: str
    address: str
    address_note: str
    postal_code: str
    town: str
    lat: float
    lon: float
    phone: str
    phone_extension: str
    fax: str
    url: str
    page: str = Field(..., description="the facility's page on this site")
    department: str
    department_name: str
    description: str
    operator_name: str
    corporate_number: str
    capacity: int | None
    hours: list[HoursOut]
    hours_note: str
    wifi: str = Field(..., description="none, ward or carrier")
    wifi_ssid: str
    wifi_provider: str
    wifi_area: str
    barrier_free: list[str] = Field(..., description="codes of the barrier-free equipment")
    barrier_free_note: str
    aed: bool
    aed_location: str
    aed_pediatric: bool
    designated_shelter: bool
    welfare_shelter: bool
    evacuation_site: bool
    evacuation_hazards: list[str]
    shelter_capacity: int | None
    distance_m: int | None = Field(..., description="metres from lat/lon or the landmark")
    updated_at: datetime
    sample: bool


class FacilityListOut(Schema):
    count: int
    items: list[FacilityOut]


class TypeOut(Schema):
    code: str
    name: str


class LandmarkOut(Schema):
    id: int
    name: str
    lat: float
    lon: float


def _language() -> str:
    return get_language() or "ja"


class FilterIn(Schema):
    q: str = Field("", max_length=200, description="words in the name, reading, address …")
    type: str = Field("", max_length=40, description="a facility type code")
    town: str = Field("", max_length=50, description="町名")
    attr: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="equipment codes (every one must be present), e.g. accessible_toilet",
    )
    wifi: str = Field("", max_length=10, description="any, ward or carrier")
    shelter: str = Field(
        "", max_length=20, description="shelter, welfare_shelter or evacuation_site"
    )
    landmark: int | None = Field(None, ge=1, le=MAX_ID, description="sort by distance")
    lat: float | None = Field(
        None, ge=-90, le=90, allow_inf_nan=False, description="sort by distance"
    )
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)


def _query(filters: FilterIn) -> QueryDict:
    query = QueryDict(mutable=True)
    for name in ("q", "type", "town", "wifi", "shelter"):
        query[name] = getattr(filters, name)
    query.setlist("attr", filters.attr)
    for name in ("landmark", "lat", "lon"):
        value = getattr(filters, name)
        query[name] = "" if value is None else str(value)
    return query


@router.get(
    "/facilities",
    response={200: FacilityListOut, 422: ErrorOut},
    summary="Published facilities, filtered as on /facilities/",
    description="Nearest first when lat/lon or a landmark is given, else by reading (よみがな). "
    "422 names the filter that is wrong (e.g. a point outside the ward).",
)
def list_facilities(
    request: HttpRequest,
    filters: Query[FilterIn],
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> dict:
    form = FilterForm(_query(filters))
    refuse_invalid_filters(form)
    facilities = selectors.filtered(form.filters())
    language = _language()
    return {
        "count": facilities.count(),
        "items": [
            representation.api_object(f, language, request.build_absolute_uri)
            for f in facilities[offset : offset + limit]
        ],
    }


@router.get(
    "/facilities/{facility_id}",
    response={200: FacilityOut, 404: ErrorOut},
    summary="One published facility",
)
def get_facility(request: HttpRequest, facility_id: int = Path(..., ge=1, le=MAX_ID)) -> dict:
    try:
        facility = selectors.published_facility(facility_id)
    except Facility.DoesNotExist:
        raise HttpError(404, "no published facility has this id") from None
    return representation.api_object(facility, _language(), request.build_absolute_uri)


@router.get("/facility-types", response=list[TypeOut], summary="Facility types (施設の種類)")
def list_types(request: HttpRequest) -> list[dict]:
    language = _language()
    return [{"code": t.code, "name": t.display_name(language)} for t in selectors.types_in_use()]


@router.get(
    "/facility-landmarks",
    response=list[LandmarkOut],
    summary="Landmarks to measure distance from (stations, the ward office …)",
)
def list_landmarks(request: HttpRequest) -> list[dict]:
    language = _language()
    return [
        {"id": m.pk, "name": m.display_name(language), "lat": m.lat, "lon": m.lon}
        for m in selectors.landmarks()
    ]
