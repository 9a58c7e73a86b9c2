"""Open311 GeoReport v2 endpoints (http://wiki.open311.org/GeoReport_v2/) at
/open311/discovery.{json,xml} and /open311/v2/…: thin — parse, call services_open311, render
with open311. Errors are the specification's arrays: 400 bad input, 403 api_key, 404 unknown."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from kuyakusho.core.services import active_ward

from . import open311, selectors, services_open311
from .models import Report


def _language() -> str:
    return get_language() or "ja"


def _request_payload(request: HttpRequest, report: Report) -> dict:
    photo = next((p for p in report.photos.all() if p.is_public), None)
    media = (
        request.build_absolute_uri(reverse("reports:photo", args=[photo.uuid])) if photo else None
    )
    language = _language()
    agency = report.department.display_name(language)
    return open311.service_request(
        report, language, services_open311.status_notes(report), media, agency
    )


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    ward = active_ward()
    contact = f"{ward.name_ja} {ward.phone}" if ward else ""
    payload = open311.discovery(
        request.build_absolute_uri(reverse("open311:base")), contact, selectors.changeset()
    )
    return open311.respond(payload, fmt, root="discovery")


@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    language = _language()
    payload = [open311.service(c, language) for c in selectors.categories()]
    return open311.respond(payload, fmt, root="services")


@require_GET
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    try:
        category = services_open311.service_for_definition(code)
    except services_open311.UnknownServiceError:
        return open311.error_response(
            fmt, 404, [_("service_code「%(code)s」のサービスはありません。") % {"code": code[:40]}]
        )
    return open311.respond(open311.definition(category, _language()), fmt,
                           root="service_definition")  # fmt: skip


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post(request, fmt)
    try:
        reports = list(services_open311.query(request.GET))
    except ValidationError as error:
        return open311.error_response(fmt, 400, _messages(error))
    payload = [_request_payload(request, r) for r in reports]
    return open311.respond(payload, fmt, root="service_requests")


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {m}" for name, messages in error.message_dict.items() for m in messages]
    return list(error.messages)


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        report = services_open311.post_request(
            request.POST, request.FILES.getlist("media"), _language()
        )
    except PermissionDenied as denied:
        return open311.error_response(fmt, 403, [str(denied) or "api_key"])
    except ValidationError as error:
        return open311.error_response(fmt, 400, _messages(error))
    payload = [
        {
            "service_request_id": str(report.pk),
            "token": report.token,
            "service_notice": "",
            "account_id": "",
        }
    ]
    return open311.respond(payload, fmt, root="service_requests", status=201)


@require_GET
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    try:
        report = services_open311.one(request_id)
    except Report.DoesNotExist:
        return open311.error_response(
            fmt,
            404,
            [_("service_request_id「%(id)s」のリクエストはありません。") % {"id": request_id[:20]}],
        )
    return open311.respond([_request_payload(request, report)], fmt, root="service_requests")


@require_GET
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    try:
        report = services_open311.by_token(token)
    except Report.DoesNotExist:
        return open311.error_response(fmt, 404, [_("この token のリクエストはありません。")])
    payload = [{"service_request_id": str(report.pk), "token": report.token}]
    return open311.respond(payload, fmt, root="service_requests")


@require_GET
def base(request: HttpRequest) -> HttpResponse:
    """The endpoint's root: where the discovery document is."""
    return open311.respond(
        {"discovery": settings.SITE_URL + reverse("open311:discovery", args=["json"])},
        "json",
        root="discovery",
    )
