"""Back office: the status board (the disaster HQ sees every shelter, others their
department's), the phone status form, a shelter's history, and crisis management's registry.
Thin views: the services check the permissions again and record every change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.core.forms import add_service_errors
from kuyakusho.core.geo import Feature, feature_collection, ward_map_config

from . import selectors, services
from .attributes import KINDS, Status, present
from .forms import ShelterForm, StatusForm
from .headcount import HeadCountQuestioned
from .models import Shelter

HISTORY_PER_PAGE = 100


def _reportable(user, pk: int) -> Shelter:  # type: ignore[no-untyped-def]
    shelter = get_object_or_404(
        Shelter.objects.select_related("department", "status_updated_by"), pk=pk
    )
    if not services.can_report(user, shelter):
        raise PermissionDenied(_("この避難所の状況を更新する権限がありません。"))
    return shelter


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """Every shelter with its current status for the disaster HQ; a department's own shelters
    for its staff."""
    department_ids = services.reportable_department_ids(request.user)
    shelters = selectors.for_departments(department_ids)
    rows = [(shelter, [str(k.label) for k in present(shelter, KINDS)]) for shelter in shelters]
    context = {
        "rows": rows,
        "totals": selectors.totals(department_ids),
        "sees_all": department_ids is None,
        "can_manage": services.can_manage(request.user),
        "statuses": Status,
        "now": timezone.now(),
    }
    return render(request, "shelters/staff/board.html", context)


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, pk: int) -> HttpResponse:
    shelter = _reportable(request.user, pk)
    question = None
    if request.method == "POST":
        form = StatusForm(request.POST)
        if form.is_valid():
            try:
                services.update_status(
                    request.user,
                    shelter,
                    status=form.cleaned_data["status"],
                    head_count=form.cleaned_data["head_count"],
                    note=form.cleaned_data["note"],
                    confirm_unusual=form.is_confirmed(),
                )
            except HeadCountQuestioned as asked:
                question = asked
                # The same form, now carrying the number to confirm: the confirmation holds
                # for exactly this number.
                data = request.POST.copy()
                data["confirmed_count"] = str(asked.head_count)
                form = StatusForm(data)
                form.is_valid()
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                shelter.refresh_from_db()
                messages.success(
                    request,
                    _("「%(status)s」にしました。避難者数: %(count)s人")
                    % {
                        "status": Status(shelter.status).label,
                        "count": f"{shelter.head_count:,}",
                    },
                )
                return redirect("staff:shelters:status", pk=pk)
    else:
        form = StatusForm(initial={"head_count": str(shelter.head_count)})
    context = {
        "shelter": shelter,
        "form": form,
        "question": question,
        "pending_status": (Status(form.cleaned_data["status"]) if question is not None else None),
        "statuses": Status,
        "status_label": Status(shelter.status).label,
        "show_staff_contact": services.can_see_staff_contact(request.user, shelter),
        "recent": list(selectors.history(shelter)[:3]),
    }
    code = 400 if form.errors else 200
    return render(request, "shelters/staff/status.html", context, status=code)


@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    shelter = _reportable(request.user, pk)
    context = {
        "shelter": shelter,
        "page": Paginator(selectors.history(shelter), HISTORY_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "statuses": Status,
        "show_staff_contact": services.can_see_staff_contact(request.user, shelter),
    }
    return render(request, "shelters/staff/history.html", context)


# --- the registry (crisis management) ---------------------------------------------------------
@permission_required(services.MANAGE)
@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    shelters = selectors.registry(query)
    rows = [(shelter, [str(k.label) for k in present(shelter, KINDS)]) for shelter in shelters]
    return render(request, "shelters/staff/registry.html", {"rows": rows, "query": query})


@permission_required(services.MANAGE)
@require_http_methods(["GET", "POST"])
def shelter_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    shelter = get_object_or_404(Shelter, pk=pk) if pk else None
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = ShelterForm(data, instance=shelter)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_shelter(request.user, form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("避難所の情報を保存しました。"))
            return redirect("staff:shelters:edit", pk=saved.pk)
    context = {"form": form, "shelter": shelter, "map_config": _map_config(shelter)}
    return render(request, "shelters/staff/form.html", context, status=400 if form.errors else 200)


def _map_config(shelter: Shelter | None) -> dict:
    """The saved point on a map where a click fills in 緯度 and 経度 (the fields stay the input)."""
    places = []
    if shelter is not None:
        places.append(Feature(shelter.lat, shelter.lon, {"name": shelter.name_ja}))
    return {**ward_map_config(), "geojson": feature_collection(places)}
