"""Back office: the staff report form (phone first; from a shelter's page with its position
filled in), and the disaster HQ — map and table with filters, totals by area × type, the
timeline, one report with its review, response and photos, the audited contact read, and the
exports. Thin views: the services check the permissions again and record every change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.core import photos
from kuyakusho.core.geo import feature_collection, ward_map_config

from . import exports, representation, selectors, services
from .forms import (
    ContactForm,
    ExportForm,
    FilterForm,
    ResponseForm,
    ReviewForm,
    StaffReportForm,
    add_report_errors,
    clean_params,
)
from .kinds import SEVERITY_DEFINITIONS, Response, Severity, Status
from .models import DamagePhoto, DamageReport
from .validation import ReportQuestioned

TABLE_LIMIT = 500


# --- filing ---------------------------------------------------------------------------------
@permission_required(services.REPORT)
@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest) -> HttpResponse:
    shelters = services.reportable_shelters(request.user)
    chosen = _chosen_shelter(request, shelters)
    initial = {}
    if chosen is not None:
        initial = {"shelter": chosen.pk, "lat": f"{chosen.lat:.6f}", "lon": f"{chosen.lon:.6f}",
                   "address": chosen.name_ja}  # fmt: skip
    form = StaffReportForm(request.POST or None, request.FILES or None, shelters=shelters,
                           initial=initial)  # fmt: skip
    status, question = 200, None
    if request.method == "POST":
        uploads = request.FILES.getlist("photos")
        if form.is_valid():
            try:
                report = services.file_staff_report(request.user, form.report_input(uploads))
            except ReportQuestioned as asked:
                question = asked
                data = request.POST.copy()
                data["confirmed_key"] = asked.key
                form = StaffReportForm(data, shelters=shelters)
                form.is_valid()
            except PermissionDenied as error:
                form.add_error("shelter", str(error))
            except ValidationError as error:
                add_report_errors(form, error)
            else:
                text = _("%(reference)s として受け付けました（%(status)s）。") % {
                    "reference": report.reference,
                    "status": Status(report.status).label,
                }
                if report.is_exercise:
                    text = _("【訓練】") + text
                messages.success(request, text)
                target = reverse("staff:damage:new")
                if report.shelter_id:
                    target += f"?shelter={report.shelter_id}"
                return redirect(target)
        if form.errors:
            status = 400
        if uploads and (form.errors or question is not None):
            form.add_error("photos", _("写真は、お手数ですがもう一度選んでください。"))
    context = {
        "form": form,
        "question": question,
        "shelter": chosen,
        "map_config": ward_map_config(),
        "can_manage": services.can_manage(request.user),
    }
    return render(request, "damage/staff/form.html", context, status=status)


def _chosen_shelter(request: HttpRequest, shelters: list) -> object | None:
    wanted = request.GET.get("shelter", "")
    return next((s for s in shelters if str(s.pk) == wanted), None)


# --- the HQ -----------------------------------------------------------------------------------
def _filtered(request: HttpRequest) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(clean_params(request.GET))
    form.is_valid()  # a wrong field is reported and left out; the rest still filters
    return form, form.filters()


@permission_required(services.MANAGE)
@require_GET
def hq(request: HttpRequest) -> HttpResponse:
    form, filters = _filtered(request)
    reports = selectors.filtered(filters)
    shown = list(reports[:TABLE_LIMIT])
    query = clean_params(request.GET).urlencode()
    context = {
        "form": form,
        "reports": shown,
        "count": reports.count(),
        "limit": TABLE_LIMIT,
        "totals": selectors.totals(reports, _("地域外・不明")),
        "timeline": selectors.timeline(reports),
        "status_counts": selectors.status_counts(reports),
        "exercise_counts": selectors.exercise_counts(reports),
        "statuses": Status,
        "query": query,
        "can_read_contacts": services.can_read_contacts(request.user),
        "map_config": {
            **ward_map_config(),
            "geojson": feature_collection(
                representation.map_feature(r, reverse("staff:damage:detail", args=[r.pk]))
                for r in shown
            ),
        },
    }
    return render(request, "damage/staff/hq.html", context, status=400 if form.errors else 200)


def _detail(request: HttpRequest, pk: int, **extra: object) -> HttpResponse:
    try:
        report = selectors.report_with_history(pk)
    except DamageReport.DoesNotExist:
        raise Http404 from None
    context = {
        "report": report,
        "review_form": extra.pop("review_form", None) or ReviewForm(),
        "response_form": extra.pop("response_form", None)
        or ResponseForm(initial={"response": report.response}),
        "contact_form": extra.pop("contact_form", None) or ContactForm(),
        "next_statuses": [Status(s) for s in sorted(services.TRANSITIONS.get(report.status, ()))],
        "statuses": Status,
        "responses": Response,
        "severity_definition": SEVERITY_DEFINITIONS[Severity(report.severity)],
        "can_read_contacts": services.can_read_contacts(request.user),
        **extra,
    }
    forms = (context["review_form"], context["response_form"], context["contact_form"])
    code = 400 if any(f.is_bound and f.errors for f in forms) else 200
    return render(request, "damage/staff/detail.html", context, status=code)


@permission_required(services.MANAGE)
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@permission_required(services.MANAGE)
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(DamageReport, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        original = None
        original_id = form.original_id()
        if original_id is not None:
            original = DamageReport.objects.filter(pk=original_id).first()
        if form.cleaned_data["duplicate_of"].strip() and original is None:
            form.add_error("duplicate_of", _("その番号の報告はありません。"))
        else:
            try:
                services.review(request.user, report, status=form.cleaned_data["status"],
                                note=form.cleaned_data["note"], duplicate_of=original)  # fmt: skip
            except ValidationError as error:
                add_report_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(reference)s を「%(status)s」にしました。")
                    % {"reference": report.reference,
                       "status": Status(form.cleaned_data["status"]).label},
                )  # fmt: skip
                return redirect("staff:damage:detail", pk=pk)
    elif "status" in form.errors:
        form.errors.pop("status")
        form.add_error(None, _("確認状況のボタンのどれかを押してください。"))
    return _detail(request, pk, review_form=form)


@permission_required(services.MANAGE)
@require_POST
def response(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(DamageReport, pk=pk)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.set_response(request.user, report, response=form.cleaned_data["response"],
                                  note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as error:
            add_report_errors(form, error)
        else:
            messages.success(request, _("対応状況を記録しました。"))
            return redirect("staff:damage:detail", pk=pk)
    return _detail(request, pk, response_form=form)


@permission_required(services.CONTACTS)
@require_POST
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(DamageReport, pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            found = services.read_resident_contact(request.user, report,
                                                   purpose=form.cleaned_data["purpose"])  # fmt: skip
        except ValidationError as error:
            add_report_errors(form, error)
        else:
            response = _detail(request, pk, contact_form=form, contact=found, contact_read=True)
            response["Cache-Control"] = "no-store"
            return response
    return _detail(request, pk, contact_form=form)


@permission_required(services.MANAGE)
@require_POST
def photo_public(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(DamagePhoto, pk=pk)
    public = request.POST.get("public") == "1"
    services.set_photo_public(request.user, item, public=public)
    messages.success(
        request, _("写真を公開しました。") if public else _("写真を非公開にしました。")
    )
    return redirect("staff:damage:detail", pk=item.report_id)


@permission_required(services.MANAGE)
@require_GET
def staff_photo(request: HttpRequest, uuid: str) -> FileResponse:
    item = get_object_or_404(DamagePhoto, uuid=uuid)
    response = photos.file_response(item.image)
    response["Cache-Control"] = "private, no-store"
    return response


# --- exports ----------------------------------------------------------------------------------
def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, filters = _filtered(request)
    options = ExportForm(request.POST if request.method == "POST" else {})
    options.is_valid()
    with_contacts = request.method == "POST" and bool(options.cleaned_data.get("contacts"))
    purpose = options.cleaned_data.get("purpose", "")
    reports = selectors.filtered(filters)
    try:
        if fmt == "csv":
            body = exports.to_csv(request.user, reports, filters, with_contacts=with_contacts,
                                  purpose=purpose)  # fmt: skip
            content_type = "text/csv; charset=utf-8"
        else:
            body = exports.to_geojson(request.user, reports, filters,
                                      with_contacts=with_contacts, purpose=purpose)  # fmt: skip
            content_type = "application/geo+json"
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("staff:damage:hq") + "?" + clean_params(request.GET).urlencode())
    response = HttpResponse(body, content_type=content_type)
    name = exports.file_name(reports, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(services.MANAGE)
@require_http_methods(["GET", "POST"])
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@permission_required(services.MANAGE)
@require_http_methods(["GET", "POST"])
def export_geojson(request: HttpRequest) -> HttpResponse:
    return _export(request, "geojson")
