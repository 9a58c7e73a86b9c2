"""Resident pages: verified reports as a list with a map (/damage/) and as GeoJSON
(/damage.geojson), the public report form (no account, no JavaScript needed) with its
confirmation page, and the photos staff made public. Unverified reports appear nowhere here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kuyakusho.core import photos, ratelimit
from kuyakusho.core.geo import feature_collection, ward_map_config
from kuyakusho.core.page_cache import not_cached

from . import representation, selectors, services
from .forms import ResidentReportForm, add_report_errors
from .kinds import SEVERITY_DEFINITIONS, Severity
from .models import DamagePhoto
from .validation import ReportQuestioned

SENT_SESSION_KEY = "damage_report_sent"
# A resident may send a few reports in a row (several places on one walk), not a flood.
REPORT_LIMITS = [(5, 600), (30, 24 * 3600)]


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    reports = list(selectors.public())
    language = get_language() or "ja"
    for report in reports:  # the area's name in the reader's language (ja when it has no other)
        report.area_label = report.area.display_name(language) if report.area else ""
    context = {
        "reports": reports,
        "has_exercise": any(r.is_exercise for r in reports),
        "severities": [(s, SEVERITY_DEFINITIONS[s]) for s in Severity],
        "map_config": {
            **ward_map_config(),
            "geojson": feature_collection(representation.map_feature(r) for r in reports),
        },
    }
    return render(request, "damage/list.html", context)


@require_GET
def geojson(request: HttpRequest) -> JsonResponse:
    """Verified reports as an RFC 7946 FeatureCollection (properties: docs/architecture.md)."""
    collection = feature_collection(
        representation.feature(report, request.build_absolute_uri) for report in selectors.public()
    )
    response = JsonResponse(
        collection, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def photo(request: HttpRequest, uuid: str) -> FileResponse:
    try:
        item = selectors.public_photo(uuid)
    except (DamagePhoto.DoesNotExist, ValidationError):
        raise Http404 from None
    return photos.file_response(item.image)


@not_cached
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    form = ResidentReportForm(request.POST or None, request.FILES or None)
    status, question = 200, None
    if request.method == "POST":
        uploads = request.FILES.getlist("photos")
        if not form.is_valid():
            status = 400
        elif not ratelimit.allow(request, "damage-report", REPORT_LIMITS):
            form.add_error(
                None,
                _(
                    "短い時間に多くの報告がありました。入力した内容はそのままです。しばらく（10分ほど）待ってから、もう一度送信してください。"
                ),
            )
            status = 429
        else:
            try:
                report = services.file_resident_report(form.report_input(uploads))
            except ReportQuestioned as asked:
                question = asked
                data = request.POST.copy()
                data["confirmed_key"] = asked.key
                form = ResidentReportForm(data)
                form.is_valid()
            except ValidationError as error:
                add_report_errors(form, error)
                status = 400
            else:
                request.session[SENT_SESSION_KEY] = report.reference
                return redirect("damage:sent")
        if uploads and (status != 200 or question is not None):
            form.add_error("photos", _("写真は、お手数ですがもう一度選んでください。"))
    context = {"form": form, "question": question, "map_config": ward_map_config()}
    return render(request, "damage/report_form.html", context, status=status)


@not_cached
@require_GET
def report_sent(request: HttpRequest) -> HttpResponse:
    """The reference number, kept in the session rather than put in the address."""
    reference = request.session.get(SENT_SESSION_KEY)
    if not reference:
        return redirect("damage:report")
    return render(request, "damage/report_sent.html", {"reference": reference})
