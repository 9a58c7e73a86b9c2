"""Back-office settings of citizen reports: categories (Open311 services) and their questions,
the labels of the states, response templates, and Open311 api_keys for integrators. Thin: the
services check the permissions and audit every change."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.accounts.services import departments_for, has_permission
from kuyakusho.core.forms import add_service_errors
from kuyakusho.core.models import Department

from . import selectors, services_settings
from .forms import ApiKeyForm, TemplateForm
from .models import ApiKey, Category, CategoryAttribute, StateLabel
from .states import Datatype, State


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "name_ja", "name_en", "description_ja", "description_en", "group",
                  "keywords", "department", "is_active", "sort_order"]  # fmt: skip


class AttributeForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=gettext_lazy("選択肢（1行に1つ: key|名前|English）"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip

    class Meta:
        model = CategoryAttribute
        fields = ["code", "label_ja", "label_en", "datatype", "required", "order"]


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    context = {
        "categories": selectors.all_categories(),
        "can_manage": has_permission(request.user, "reports.manage_categories"),
        "can_keys": has_permission(request.user, "reports.manage_api_keys"),
        "can_templates": bool(departments_for(request.user, "reports.handle")),
    }
    return render(request, "reports/staff/settings.html", context)


@permission_required("reports.manage_categories")
@require_http_methods(["GET", "POST"])
def category_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk) if pk else None
    form = CategoryForm(request.POST or None, instance=category)
    form.fields["department"].queryset = Department.objects.order_by("code")
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_settings.save_category(request.user, form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("保存しました。"))
            return redirect("staff:reports:category_edit", pk=saved.pk)
    context = {"form": form, "category": category,
               "attributes": category.attributes.all() if category else [],
               "attribute_form": AttributeForm(initial={"datatype": Datatype.STRING})}  # fmt: skip
    return render(request, "reports/staff/category.html", context,
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@permission_required("reports.manage_categories")
@require_POST
def attribute_form(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk)
    if request.POST.get("delete"):
        attribute = get_object_or_404(
            CategoryAttribute, category=category, pk=request.POST["delete"]
        )
        services_settings.delete_attribute(request.user, attribute)
        messages.success(request, _("質問を削除しました。"))
        return redirect("staff:reports:category_edit", pk=category.pk)
    form = AttributeForm(request.POST, instance=CategoryAttribute(category=category))
    if form.is_valid():
        try:
            attribute = form.save(commit=False)
            attribute.choices = services_settings.parse_choices(form.cleaned_data["choices_text"])
            services_settings.save_attribute(request.user, attribute)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("質問を追加しました。"))
            return redirect("staff:reports:category_edit", pk=category.pk)
    context = {"form": CategoryForm(instance=category), "category": category,
               "attributes": category.attributes.all(), "attribute_form": form}  # fmt: skip
    return render(request, "reports/staff/category.html", context, status=400)


@permission_required("reports.manage_categories")
@require_http_methods(["GET", "POST"])
def state_labels(request: HttpRequest) -> HttpResponse:
    errors = []
    if request.method == "POST":
        for state in State:
            try:
                services_settings.set_state_label(
                    request.user, state.value,
                    label_ja=request.POST.get(f"{state.value}_ja", ""),
                    label_en=request.POST.get(f"{state.value}_en", ""),
                )  # fmt: skip
            except ValidationError as error:
                errors.extend(error.messages)
        if not errors:
            messages.success(request, _("保存しました。"))
            return redirect("staff:reports:state_labels")
    custom = {row.state: row for row in StateLabel.objects.all()}
    rows = [(state.value, state.label, custom.get(state.value)) for state in State]
    return render(request, "reports/staff/state_labels.html", {"rows": rows, "errors": errors},
                  status=400 if errors else 200)  # fmt: skip


@require_http_methods(["GET", "POST"])
def templates(request: HttpRequest) -> HttpResponse:
    departments = departments_for(request.user, "reports.handle")
    if not departments:
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        department = next((d for d in departments if str(d.pk) == request.POST.get("department")),
                          departments[0])  # fmt: skip
        try:
            services_settings.save_template(request.user, department, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("保存しました。"))
            return redirect("staff:reports:templates")
    rows = [(d, services_settings.templates_for(d)) for d in departments]
    return render(request, "reports/staff/templates.html",
                  {"form": form, "rows": rows, "departments": departments},
                  status=400 if form.errors else 200)  # fmt: skip


@permission_required("reports.manage_api_keys")
@require_http_methods(["GET", "POST"])
def api_keys(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_key = services_settings.issue_api_key(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    context = {"form": form, "keys": ApiKey.objects.all(), "new_key": new_key}
    return render(request, "reports/staff/api_keys.html", context,
                  status=400 if form.errors else 200)  # fmt: skip


@permission_required("reports.manage_api_keys")
@require_POST
def revoke_api_key(request: HttpRequest, pk: int) -> HttpResponse:
    services_settings.revoke_api_key(request.user, get_object_or_404(ApiKey, pk=pk))
    messages.success(request, _("api_key を無効にしました。"))
    return redirect("staff:reports:api_keys")
