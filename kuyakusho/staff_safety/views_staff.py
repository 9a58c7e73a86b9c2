"""Back office: rounds (start with a confirm step, live totals, close, audited CSV export).
Thin views: the services check the permissions again and record every change."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.accounts.services import authorize, has_permission
from kuyakusho.core.forms import add_service_errors

from . import selectors, services, services_contacts
from .forms import ExportForm, RoundForm
from .models import Round


def _round(pk: int) -> Round:
    round_ = selectors.round_by_id(pk)
    if round_ is None:
        raise Http404
    return round_


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "backoffice.access")
    can_manage = has_permission(request.user, services.MANAGE)
    rounds = []
    if can_manage:
        rounds = [(r, selectors.overall_totals(r)) for r in selectors.rounds()[:30]]
    context = {
        "can_manage": can_manage,
        "can_read_contacts": has_permission(request.user, services_contacts.CONTACTS),
        "rounds": rounds,
        "own_contact": services_contacts.own_contact(request.user),
    }
    return render(request, "staff_safety/staff/home.html", context)


@permission_required(services.MANAGE)
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    """Two steps: the form, then a page that says exactly what will be sent to how many people;
    only its button starts the round."""
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm") == "1":
            try:
                round_ = services.start_confirmation(
                    request.user,
                    title=data["title"],
                    drill=data["kind"] == "drill",
                    message=data["message"],
                    reminder_interval_minutes=data["reminder_interval_minutes"],
                    reminder_limit=data["reminder_limit"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("安否確認を開始しました。メールを送信しています。"))
                return redirect("staff:staff_safety:round", pk=round_.pk)
        else:
            context = {
                "form": form,
                "drill": data["kind"] == "drill",
                "staff_count": len(services.staff_to_confirm()),
            }
            return render(request, "staff_safety/staff/round_confirm.html", context)
    status = 400 if form.errors else 200
    return render(request, "staff_safety/staff/round_new.html", {"form": form}, status=status)


@never_cache
@permission_required(services.MANAGE)
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    context = {
        "round": round_,
        "overall": selectors.overall_totals(round_),
        "departments": selectors.department_totals(round_),
        "coming_within": selectors.coming_within(round_),
        "generated_at": selectors.generated_at(),
    }
    return render(request, "staff_safety/staff/round.html", context)


@permission_required(services.MANAGE)
@require_http_methods(["GET", "POST"])
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    if request.method == "POST":
        try:
            services.close_round(request.user, round_)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, _("安否確認を終了しました。これ以降の回答は受け付けません。"))
        return redirect("staff:staff_safety:round", pk=round_.pk)
    return render(request, "staff_safety/staff/round_close.html", {"round": round_})


@permission_required(services.MANAGE)
@require_http_methods(["GET", "POST"])
def round_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Each person's answer as CSV (UTF-8 with BOM, which Excel opens as such); POST only, with
    a purpose that goes to the audit log."""
    round_ = _round(pk)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.export_replies(
                request.user, round_, purpose=form.cleaned_data["purpose"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="staff-safety-{round_.pk}.csv"'
            response["Cache-Control"] = "no-store"
            response.write("\ufeff")
            csv.writer(response).writerows(rows)
            return response
    status = 400 if form.errors else 200
    context = {"form": form, "round": round_}
    return render(request, "staff_safety/staff/round_export.html", context, status=status)
