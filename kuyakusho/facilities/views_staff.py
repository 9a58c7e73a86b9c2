"""Back office: the facilities of one's departments (the ICT division's admins see all), their
form, publish/unpublish, and the ICT division's facility types and landmarks. Thin views: the
services check the permissions again and record every change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.accounts.services import departments_for, has_permission
from kuyakusho.core.forms import add_service_errors
from kuyakusho.core.geo import Feature, feature_collection, ward_map_config

from . import selectors, services
from .forms import FacilityForm, FacilityTypeForm, LandmarkForm
from .models import Facility, FacilityType, Landmark


def _visible_department_ids(user) -> list[int] | None:  # type: ignore[no-untyped-def]
    """Departments whose facilities the person sees: their own, or every one (None)."""
    if has_permission(user, services.MANAGE_ALL):
        return None
    return [d.pk for d in departments_for(user, "department.view_work")]


def _facility_for(user, pk: int) -> Facility:  # type: ignore[no-untyped-def]
    facility = get_object_or_404(Facility.objects.select_related("department", "type"), pk=pk)
    if not services.can_manage(user, facility.department):
        raise PermissionDenied(_("この施設を管理する権限がありません。"))
    return facility


@require_GET
def facility_list(request: HttpRequest) -> HttpResponse:
    department_ids = _visible_department_ids(request.user)
    query = request.GET.get("q", "").strip()[:100]
    facilities = selectors.for_departments(department_ids, query=query)
    manageable = services.manageable_departments(request.user)
    context = {
        "facilities": facilities[:500],
        "query": query,
        "can_add": manageable is None or bool(manageable),
        "can_manage_settings": has_permission(request.user, services.MANAGE_SETTINGS),
        "manageable_ids": None if manageable is None else {d.pk for d in manageable},
    }
    return render(request, "facilities/staff/list.html", context)


@require_http_methods(["GET", "POST"])
def facility_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    facility = _facility_for(request.user, pk) if pk else None
    departments = services.manageable_departments(request.user)
    if departments is not None and not departments:
        raise PermissionDenied(_("施設を管理する権限がありません。"))
    form = FacilityForm(
        request.POST if request.method == "POST" else None,
        instance=facility,
        departments=departments,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_facility(request.user, form.save(commit=False), hours=form.week)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("施設の情報を保存しました。"))
            return redirect("staff:facilities:edit", pk=saved.pk)
    context = {"form": form, "facility": facility, "map_config": _map_config(facility)}
    return render(
        request, "facilities/staff/form.html", context, status=400 if form.errors else 200
    )


def _map_config(facility: Facility | None) -> dict:
    """The saved point on a map where a click fills in 緯度 and 経度 (the fields stay the input)."""
    places = []
    if facility is not None:
        places.append(Feature(facility.lat, facility.lon, {"name": facility.name_ja}))
    return {**ward_map_config(), "geojson": feature_collection(places), "origin": None}


@require_POST
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    facility = _facility_for(request.user, pk)
    publish = request.POST.get("publish") == "1"
    services.set_published(request.user, facility, publish)
    messages.success(
        request,
        _("公開しました。") if publish else _("非公開にしました。一覧・地図・検索から外れました。"),
    )
    return redirect("staff:facilities:edit", pk=pk)


@permission_required(services.MANAGE_SETTINGS)
@require_http_methods(["GET", "POST"])
def types(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    facility_type = get_object_or_404(FacilityType, pk=pk) if pk else None
    form = FacilityTypeForm(
        request.POST if request.method == "POST" else None, instance=facility_type
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_type(request.user, form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("施設の種類を保存しました。"))
            return redirect("staff:facilities:types")
    context = {
        "form": form,
        "facility_type": facility_type,
        "types": FacilityType.objects.annotate(facility_count=Count("facilities")),
    }
    return render(
        request, "facilities/staff/types.html", context, status=400 if form.errors else 200
    )


@permission_required(services.MANAGE_SETTINGS)
@require_http_methods(["GET", "POST"])
def landmarks(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    landmark = get_object_or_404(Landmark, pk=pk) if pk else None
    form = LandmarkForm(request.POST if request.method == "POST" else None, instance=landmark)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_landmark(request.user, form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("目印を保存しました。"))
            return redirect("staff:facilities:landmarks")
    context = {"form": form, "landmark": landmark, "landmarks": Landmark.objects.all()}
    return render(
        request, "facilities/staff/landmarks.html", context, status=400 if form.errors else 200
    )


@permission_required(services.MANAGE_SETTINGS)
@require_POST
def landmark_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.delete_landmark(request.user, get_object_or_404(Landmark, pk=pk))
    messages.success(request, _("目印を削除しました。"))
    return redirect("staff:facilities:landmarks")
