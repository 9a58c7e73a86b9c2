"""Damage reports API (read-only, public): the verified reports, as on /damage/ and in
/damage.geojson, and one of them. Unverified, duplicate and rejected reports are not here, nor
any reporter's details; filing stays with the forms (a resident's report needs the HQ's check,
a staff report a signed-in person)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from . import representation, selectors
from .kinds import Kind, Severity
from .models import DamageReport

router = Router(tags=["damage"])
MAX_ID = 2**63 - 1  # BigAutoField


class ErrorOut(Schema):
    detail: str


class DamageReportOut(Schema):
    id: int
    reference: str = Field(..., description="D-000123, as staff and the reporter call it")
    kind: str = Field(..., description=", ".join(Kind.values))
    kind_name: str
    lifeline: str = Field(..., description="electricity, water, sewerage, gas, telecom or ''")
    lifeline_name: str
    severity: str = Field(..., description=", ".join(Severity.values))
    severity_name: str
    status: str = Field(..., description="always verified here")
    response: str = Field(..., description="none, in_progress or done")
    response_name: str
    area: str | None = Field(..., description="code of the area (地域) holding the point")
    area_name: str
    address: str
    description: str
    dead: int
    injured: int
    missing: int
    needs_rescue: int
    source: str = Field(..., description="shelter, staff or resident")
    source_name: str
    observed_at: datetime | None
    reported_at: datetime | None
    verified_at: datetime | None
    photos: list[str] = Field(..., description="URLs of the photos staff made public")
    exercise: bool = Field(..., description="true for a drill (訓練): not a real event")
    sample: bool
    lat: float
    lon: float


class DamageReportListOut(Schema):
    count: int
    items: list[DamageReportOut]


class FilterIn(Schema):
    kind: str = Field("", max_length=30, description="a type code")
    severity: str = Field("", max_length=30, description="a severity code")
    exercise: bool | None = Field(None, description="true: drills only; false: real only")


@router.get(
    "/damage-reports",
    response={200: DamageReportListOut, 422: ErrorOut},
    summary="Verified damage reports, newest first",
    description="Only reports the disaster HQ verified (or staff filed first-hand). 422 names "
    "a filter value that is not a known code.",
)
def list_reports(
    request: HttpRequest,
    filters: Query[FilterIn],
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> dict:
    reports = selectors.public()
    if filters.kind:
        if filters.kind not in Kind.values:
            raise HttpError(422, f"kind: unknown code {filters.kind!r}")
        reports = reports.filter(kind=filters.kind)
    if filters.severity:
        if filters.severity not in Severity.values:
            raise HttpError(422, f"severity: unknown code {filters.severity!r}")
        reports = reports.filter(severity=filters.severity)
    if filters.exercise is not None:
        reports = reports.filter(is_exercise=filters.exercise)
    return {
        "count": reports.count(),
        "items": [
            representation.api_object(r, request.build_absolute_uri)
            for r in reports[offset : offset + limit]
        ],
    }


@router.get(
    "/damage-reports/{report_id}",
    response={200: DamageReportOut, 404: ErrorOut},
    summary="One verified damage report",
)
def get_report(request: HttpRequest, report_id: int = Path(..., ge=1, le=MAX_ID)) -> dict:
    try:
        report = selectors.public().get(pk=report_id)
    except DamageReport.DoesNotExist:
        raise HttpError(404, "no verified damage report has this id") from None
    return representation.api_object(report, request.build_absolute_uri)
