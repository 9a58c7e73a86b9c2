"""Back office: the categories and areas residents filter events by."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kuyakusho.accounts.decorators import permission_required

from . import services_taxonomy
from .forms import AreaForm, CategoryForm
from .models import Category, EventArea
from .views_common import add_service_errors, status_for


@permission_required("events.manage_categories")
@require_http_methods(["GET", "POST"])
def categories(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk) if pk else None
    bound = request.method == "POST"
    form = CategoryForm(request.POST if bound else None, instance=category)
    if bound and form.is_valid():
        try:
            services_taxonomy.save_category(request.user, form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("分野を保存しました。"))
            return redirect("staff:events:categories")
    context = {
        "form": form,
        "item": category,
        "items": Category.objects.select_related("department"),
        "kind": "category",
    }
    return render(request, "events/staff/taxonomy.html", context, status=status_for(form))


@permission_required("events.manage_categories")
@require_http_methods(["GET", "POST"])
def areas(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    area = get_object_or_404(EventArea, pk=pk) if pk else None
    bound = request.method == "POST"
    form = AreaForm(request.POST if bound else None, instance=area)
    if bound and form.is_valid():
        try:
            services_taxonomy.save_area(request.user, form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("地域を保存しました。"))
            return redirect("staff:events:areas")
    context = {"form": form, "item": area, "items": EventArea.objects.all(), "kind": "area"}
    return render(request, "events/staff/taxonomy.html", context, status=status_for(form))
