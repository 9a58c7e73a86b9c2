"""Staff exports of the reports of the departments a staff member handles: CSV (UTF-8 with a
BOM, so that Excel opens Japanese text correctly) and GeoJSON. The reporter's name, e-mail and
phone are added only when asked for, only for reports of departments where the staff member
may read contacts, with a purpose — and that export is audited, like a screen read. Every
export is audited (counts and codes, never contents)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.core.audit import log_action
from kuyakusho.core.geo import Feature, feature_collection

from . import selectors, services_staff
from .models import ReporterContact
from .states import OPEN311_STATUS

HEADER = ["reference", "category", "department", "state", "priority", "due_date", "requested_at",
          "first_response_at", "closed_at", "lat", "lon", "address", "description", "source",
          "forwarded_to", "duplicate_of"]  # fmt: skip
CONTACT_HEADER = ["reporter_name", "reporter_email", "reporter_phone"]


def _row(report: Any) -> list[Any]:
    def moment(value: Any) -> str:
        return timezone.localtime(value).isoformat(timespec="seconds") if value else ""

    return [report.reference, report.category.code, report.department.code, report.state,
            report.priority, report.due_date.isoformat() if report.due_date else "",
            moment(report.requested_at), moment(report.first_response_at),
            moment(report.closed_at), report.lat, report.lon, report.address, report.description,
            report.source, report.forwarded_to,
            report.duplicate_of.reference if report.duplicate_of_id else ""]  # fmt: skip


def _safe(value: Any) -> Any:
    """A cell a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def respond(
    actor: Any, fmt: str, *, with_contacts: bool = False, purpose: str = ""
) -> HttpResponse:
    ids = services_staff.department_ids(actor, "reports.handle")
    if not ids:
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    reports = list(
        selectors.inbox(ids, selectors.Filters()).select_related("duplicate_of").order_by("pk")
    )
    contacts: dict[int, ReporterContact] = {}
    if with_contacts:
        allowed = set(services_staff.department_ids(actor, "reports.contacts"))
        try:
            purpose = services_staff.check_purpose(purpose)
        except ValidationError as error:
            return HttpResponse(" ".join(error.messages), status=400,
                                content_type="text/plain; charset=utf-8")  # fmt: skip
        readable = [r.pk for r in reports if r.department_id in allowed]
        contacts = {c.report_id: c for c in ReporterContact.objects.filter(report_id__in=readable)}
    log_action(actor, "reports.exported", None,
               {"format": fmt, "count": len(reports), "with_contacts": with_contacts,
                "contacts": len(contacts), "purpose": purpose if with_contacts else ""})  # fmt: skip
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "geojson":
        features = []
        for report in reports:
            properties = dict(zip(HEADER, _row(report), strict=True))
            properties["status"] = OPEN311_STATUS[report.state]
            if with_contacts and report.pk in contacts:
                c = contacts[report.pk]
                properties.update({"reporter_name": c.name, "reporter_email": c.email,
                                   "reporter_phone": c.phone})  # fmt: skip
            features.append(Feature(lat=report.lat, lon=report.lon, id=str(report.pk),
                                    properties=properties))  # fmt: skip
        response = JsonResponse(feature_collection(features), content_type="application/geo+json",
                                json_dumps_params={"ensure_ascii": False})  # fmt: skip
        response["Content-Disposition"] = f'attachment; filename="reports-{stamp}.geojson"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER + (CONTACT_HEADER if with_contacts else []))
    for report in reports:
        row = _row(report)
        if with_contacts:
            c = contacts.get(report.pk)
            row += [c.name, c.email, c.phone] if c else ["", "", ""]
        writer.writerow([_safe(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reports-{stamp}.csv"'
    return response


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
