"""How a report is shown outside the HQ: the public GeoJSON Feature (property names are a
published interface, see docs/architecture.md), the API object, and the export's columns.

The public representations read no contact, no reporter, no note and no private photo; the
HQ's export adds the status, the source and who filed, and a resident's contact only when asked
for and allowed (exports.py audits that)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from kuyakusho.core.geo import Feature

from .kinds import Kind, Lifeline, Response, Severity, Source, Status
from .models import DamageReport


def _same(path: str) -> str:
    return path


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def photo_urls(report: DamageReport, absolute: Callable[[str], str] = _same) -> list[str]:
    photos = getattr(report, "public_photos", None)
    if photos is None:
        photos = [p for p in report.photos.all() if p.is_public]
    return [absolute(reverse("damage:photo", args=[p.uuid])) for p in photos]


def properties(report: DamageReport, absolute: Callable[[str], str] = _same) -> dict[str, Any]:
    """GeoJSON Feature properties. Names are stable: add new ones, never rename or remove."""
    return {
        "id": report.pk,
        "reference": report.reference,
        "kind": report.kind,
        "kind_name": str(Kind(report.kind).label),
        "lifeline": report.lifeline,
        "lifeline_name": str(Lifeline(report.lifeline).label) if report.lifeline else "",
        "severity": report.severity,
        "severity_name": str(Severity(report.severity).label),
        "status": report.status,
        "response": report.response,
        "response_name": str(Response(report.response).label),
        "area": report.area.code if report.area else None,
        "area_name": report.area.name_ja if report.area else "",
        "address": report.address,
        "description": report.description,
        "dead": report.dead,
        "injured": report.injured,
        "missing": report.missing,
        "needs_rescue": report.needs_rescue,
        "source": report.source,
        "source_name": str(Source(report.source).label),
        "observed_at": _iso(report.observed_at),
        "reported_at": _iso(report.reported_at),
        "verified_at": _iso(report.verified_at),
        "photos": photo_urls(report, absolute),
        "exercise": report.is_exercise,
        "sample": report.is_sample,
    }


def feature(report: DamageReport, absolute: Callable[[str], str] = _same) -> Feature:
    return Feature(report.lat, report.lon, properties(report, absolute), id=report.pk)


def map_feature(report: DamageReport, link: str = "") -> Feature:
    """What a map needs, and no more: the table beside it carries the details."""
    label = report.kind_label()
    if report.is_exercise:
        label = f"{gettext('【訓練】')}{label}"
    return Feature(
        report.lat,
        report.lon,
        {
            "name": f"{report.reference} {label}",
            "severity": report.severity,
            "severity_name": str(Severity(report.severity).label),
            "status": report.status,
            "page": link,
        },
        id=report.pk,
    )


def api_object(report: DamageReport, absolute: Callable[[str], str] = _same) -> dict[str, Any]:
    return {**properties(report, absolute), "lat": report.lat, "lon": report.lon}


EXPORT_COLUMNS = [
    "reference", "exercise", "kind", "kind_name", "lifeline_name", "severity", "severity_name",
    "status", "status_name", "duplicate_of", "response", "response_name", "source",
    "source_name", "hearsay", "shelter", "lat", "lon", "area", "area_name", "address",
    "description", "dead", "injured", "missing", "needs_rescue", "observed_at", "reported_at",
    "verified_at", "photos", "sample",
]  # fmt: skip
CONTACT_COLUMNS = ["contact_name", "contact_phone", "contact_email"]


def export_row(report: DamageReport) -> dict[str, Any]:
    """One report as the HQ exports it (no personal data)."""
    return {
        "reference": report.reference,
        "exercise": "訓練" if report.is_exercise else "",
        "kind": report.kind,
        "kind_name": str(Kind(report.kind).label),
        "lifeline_name": str(Lifeline(report.lifeline).label) if report.lifeline else "",
        "severity": report.severity,
        "severity_name": str(Severity(report.severity).label),
        "status": report.status,
        "status_name": str(Status(report.status).label),
        "duplicate_of": report.duplicate_of.reference if report.duplicate_of else "",
        "response": report.response,
        "response_name": str(Response(report.response).label),
        "source": report.source,
        "source_name": str(Source(report.source).label),
        "hearsay": "伝聞" if report.hearsay else "",
        "shelter": report.shelter.name_ja if report.shelter else "",
        "lat": round(report.lat, 7),
        "lon": round(report.lon, 7),
        "area": report.area.code if report.area else "",
        "area_name": report.area.name_ja if report.area else "",
        "address": report.address,
        "description": report.description,
        "dead": report.dead,
        "injured": report.injured,
        "missing": report.missing,
        "needs_rescue": report.needs_rescue,
        "observed_at": _iso(report.observed_at),
        "reported_at": _iso(report.reported_at),
        "verified_at": _iso(report.verified_at) or "",
        "photos": len(report.photos.all()),
        "sample": "サンプル" if report.is_sample else "",
    }
