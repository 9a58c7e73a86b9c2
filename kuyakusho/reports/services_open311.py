"""Open311 GeoReport v2 requests turned into this domain's calls (the views only parse the
format and render): POST a service request with an api_key, and the GET filters.
Specification: http://wiki.open311.org/GeoReport_v2/ (POST Service Request, GET Service
Requests, GET Service Request, GET request_id from a token)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from . import selectors, services, services_settings
from .models import Category, Report
from .states import CLOSED_STATES, OPEN_STATES, Source

MAX_RESULTS = 1000  # the specification's suggested ceiling for one GET requests answer
_ATTRIBUTE = re.compile(r"^attribute\[([^\]]{1,40})\](\[\])?$")


class UnknownServiceError(Exception):
    pass


def service_for_definition(code: str) -> Category:
    category = selectors.categories().prefetch_related("attributes").filter(code=code[:40]).first()
    if category is None:
        raise UnknownServiceError(code)
    return category


def _attributes(params: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for key in params:
        match = _ATTRIBUTE.match(key)
        if match is None:
            continue
        values = params.getlist(key)
        if match.group(2):
            answers.setdefault(match.group(1), []).extend(values)
        else:
            answers[match.group(1)] = values[-1] if values else ""
    return answers


def post_request(params: Any, files: list[Any], language: str) -> Report:
    """PermissionDenied for a missing or wrong api_key (403); ValidationError otherwise (400).
    `media` files (an extension: photos in the same multipart request) are processed like the
    web form's; media_url is not fetched (the server never downloads what a client names)."""
    key = services_settings.api_key_for(params.get("api_key"))
    if key is None:
        raise PermissionDenied(_("api_key がないか、正しくありません。"))
    code = str(params.get("service_code") or "")
    if not code:
        raise ValidationError({"service_code": [_("service_code を指定してください。")]})
    if not selectors.categories().filter(code=code[:40]).exists():
        raise ValidationError(
            {
                "service_code": [
                    _("service_code「%(code)s」のサービスはありません。") % {"code": code[:40]}
                ]
            }
        )
    if not params.get("lat") and not params.get("long"):
        raise ValidationError(
            {
                "lat": [
                    _(
                        "場所（lat と long）を指定してください。address_string だけでは受け付けられません。"
                    )
                ]
            }
        )
    name = " ".join(
        part for part in (params.get("last_name", ""), params.get("first_name", "")) if part
    )
    data = services.ReportInput(
        category=code,
        lat=params.get("lat", ""),
        lon=params.get("long", ""),
        description=params.get("description", ""),
        address=params.get("address_string", ""),
        answers=_attributes(params),
        photos=files,
        name=name,
        email=params.get("email", ""),
        phone=params.get("phone", ""),
        language=language,
    )
    return services.submit_report(None, data, source=Source.OPEN311, api_key=key)


def _moment(value: str, *, end: bool) -> datetime:
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        parsed = datetime.combine(day, datetime.max.time() if end else datetime.min.time())
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def query(params: Any) -> QuerySet[Report]:
    """GET requests: service_request_id (comma-separated; the other filters are then ignored,
    as the specification says), service_code (comma-separated), start_date and end_date (W3C
    date-time), status (open, closed). Without dates: the last 90 days."""
    reports = selectors.with_latest_note(selectors.public().prefetch_related("photos"))
    ids = [part.strip() for part in str(params.get("service_request_id") or "").split(",")]
    ids = [part for part in ids if part]
    if ids:
        if not all(part.isdigit() and len(part) <= 15 for part in ids):
            raise ValidationError(
                {
                    "service_request_id": [
                        _("service_request_id は数字の ID をカンマで区切って指定してください。")
                    ]
                }
            )
        return reports.filter(pk__in=[int(part) for part in ids])[:MAX_RESULTS]
    errors: dict[str, list[str]] = {}
    codes = [c.strip() for c in str(params.get("service_code") or "").split(",") if c.strip()]
    if codes:
        reports = reports.filter(category__code__in=codes)
    start = end = None
    for name in ("start_date", "end_date"):
        value = str(params.get(name) or "").strip()
        if not value:
            continue
        try:
            moment = _moment(value.replace(" ", "+"), end=name == "end_date")
        except ValueError:
            errors[name] = [
                _("%(name)s は 2026-12-01T00:00:00+09:00 の形で指定してください。") % {"name": name}
            ]
            continue
        if name == "start_date":
            start = moment
        else:
            end = moment
    statuses = [s.strip() for s in str(params.get("status") or "").split(",") if s.strip()]
    if any(s not in ("open", "closed") for s in statuses):
        errors["status"] = [_("status は open か closed を指定してください。")]
    if errors:
        raise ValidationError(errors)
    if start is None and end is None:
        start = selectors.default_window()
    if start is not None:
        reports = reports.filter(requested_at__gte=start)
    if end is not None:
        reports = reports.filter(requested_at__lte=end)
    if statuses:
        states: set[str] = set()
        if "open" in statuses:
            states |= OPEN_STATES
        if "closed" in statuses:
            states |= CLOSED_STATES
        reports = reports.filter(state__in=states)
    return reports[:MAX_RESULTS]


def one(request_id: str) -> Report:
    if not request_id.isdigit() or len(request_id) > 15:
        raise Report.DoesNotExist
    return selectors.with_latest_note(selectors.public()).get(pk=int(request_id))


def by_token(token: str) -> Report:
    return selectors.public().get(token=token[:40])


def status_notes(report: Report) -> str:
    """The ward's latest public answer (annotated by selectors.with_latest_note)."""
    return getattr(report, "latest_note", None) or ""
