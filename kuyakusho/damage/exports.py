"""The HQ's exports of a filtered set: CSV (UTF-8 with a BOM, so that Excel opens the Japanese
correctly) and GeoJSON. Every export is audited with its filter, format and count; residents'
contacts are left out unless asked for by someone allowed to read them, with a purpose, which
the audit record names. Exercise reports say 訓練 in their own column and in the file name."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from kuyakusho.accounts.services import authorize
from kuyakusho.core.audit import log_action
from kuyakusho.core.geo import Feature, feature_collection

from . import representation, services
from .models import DamageReport, ResidentContact
from .selectors import Filters


def _contacts(reports: list[DamageReport]) -> dict[int, ResidentContact]:
    return {c.report_id: c for c in ResidentContact.objects.filter(report__in=reports)}


def _authorize(actor: Any, with_contacts: bool, purpose: str) -> str:
    authorize(actor, services.MANAGE)
    if not with_contacts:
        return ""
    authorize(actor, services.CONTACTS)
    return services.check_purpose(purpose)


def _audit(actor: Any, fmt: str, reports: list[DamageReport], filters: Filters,
           with_contacts: bool, purpose: str) -> None:  # fmt: skip
    data: dict[str, Any] = {
        "format": fmt,
        "count": len(reports),
        "filters": json.loads(json.dumps(asdict(filters), cls=DjangoJSONEncoder)),
        "with_contacts": with_contacts,
        "exercise": sum(1 for r in reports if r.is_exercise),
    }
    if with_contacts:
        data["purpose"] = purpose
    log_action(actor, "damage.reports.exported", None, data)


def file_name(reports: Any, ext: str) -> str:
    """damage-reports-20261206-0930.csv; "-exercise" when every report is an exercise one."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    only_exercise = reports.exists() and not reports.filter(is_exercise=False).exists()
    exercise = "-exercise" if only_exercise else ""
    return f"damage-reports{exercise}-{stamp}.{ext}"


def to_csv(actor: Any, reports_qs: Any, filters: Filters, *, with_contacts: bool = False,
           purpose: str = "") -> bytes:  # fmt: skip
    purpose = _authorize(actor, with_contacts, purpose)
    reports = list(reports_qs.prefetch_related("photos"))
    contacts = _contacts(reports) if with_contacts else {}
    columns = representation.EXPORT_COLUMNS + (
        representation.CONTACT_COLUMNS if with_contacts else []
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for report in reports:
        row = representation.export_row(report)
        if with_contacts:
            contact = contacts.get(report.pk)
            row.update(
                contact_name=contact.name if contact else "",
                contact_phone=contact.phone if contact else "",
                contact_email=contact.email if contact else "",
            )
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    _audit(actor, "csv", reports, filters, with_contacts, purpose)
    return out.getvalue().encode("utf-8-sig")


def _safe_cell(value: Any) -> Any:
    """Text starting with = + - @ is a formula to a spreadsheet: a leading apostrophe keeps it
    text (CSV injection). Numbers are left alone."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_geojson(actor: Any, reports_qs: Any, filters: Filters, *, with_contacts: bool = False,
               purpose: str = "") -> bytes:  # fmt: skip
    purpose = _authorize(actor, with_contacts, purpose)
    reports = list(reports_qs.prefetch_related("photos"))
    contacts = _contacts(reports) if with_contacts else {}
    features = []
    for report in reports:
        properties = representation.export_row(report)
        if with_contacts:
            contact = contacts.get(report.pk)
            properties.update(
                contact_name=contact.name if contact else "",
                contact_phone=contact.phone if contact else "",
                contact_email=contact.email if contact else "",
            )
        features.append(Feature(report.lat, report.lon, properties, id=report.pk))
    _audit(actor, "geojson", reports, filters, with_contacts, purpose)
    return json.dumps(feature_collection(features), ensure_ascii=False).encode("utf-8")
