"""Back office: the screens of one's departments (list, form, preview) and the manual override.
Thin views: the services check the permissions again and record every change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.core.forms import add_service_errors

from . import selectors, services
from .forms import OverrideForm, ScreenForm
from .models import Screen
from .views_public import render_screen


def _screen_for(user, pk: int) -> Screen:  # type: ignore[no-untyped-def]
    screen = get_object_or_404(Screen.objects.select_related("department"), pk=pk)
    if not services.can_manage(user, screen):
        raise PermissionDenied(_("この画面を管理する権限がありません。"))
    return screen


def _override_context(user, form: OverrideForm | None = None) -> dict:  # type: ignore[no-untyped-def]
    can_override = services.can_override(user)
    return {
        "can_override": can_override,
        "open_overrides": selectors.open_overrides(),
        "recent_overrides": selectors.recent_overrides() if can_override else [],
        "override_form": form or (OverrideForm() if can_override else None),
        "sources": services.OVERRIDE_SOURCES,
    }


@require_GET
def screen_list(request: HttpRequest) -> HttpResponse:
    departments = services.manageable_departments(request.user)
    context = {
        "screens": selectors.screens_of_departments(departments),
        "can_add": bool(departments),
        **_override_context(request.user),
    }
    return render(request, "signage/staff/list.html", context)


@require_http_methods(["GET", "POST"])
def screen_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    screen = _screen_for(request.user, pk) if pk else None
    departments = services.manageable_departments(request.user)
    if not departments:
        raise PermissionDenied(_("サイネージの画面を管理する権限がありません。"))
    form = ScreenForm(
        request.POST if request.method == "POST" else None,
        instance=screen,
        departments=departments,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_screen(
                request.user,
                form.save(commit=False),
                notice_categories=list(form.cleaned_data["notice_categories"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("画面の設定を保存しました。"))
            return redirect("staff:signage:edit", pk=saved.pk)
    context = {"form": form, "screen": screen}
    return render(request, "signage/staff/form.html", context, status=400 if form.errors else 200)


@never_cache
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The screen as it shows now, also while it is switched off; it does not poll."""
    screen = _screen_for(request.user, pk)
    return render_screen(request, screen, preview=True)


@permission_required(services.OVERRIDE)
@require_POST
def override_set(request: HttpRequest) -> HttpResponse:
    form = OverrideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_override(
                request.user,
                title=data["title"],
                body=data["body"],
                severity=data["severity"],
                expires_at=form.expires_at(),
                is_exercise=data["is_exercise"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("すべての画面を緊急表示に切り替えました。"))
            return redirect("staff:signage:list")
    departments = services.manageable_departments(request.user)
    context = {
        "screens": selectors.screens_of_departments(departments),
        "can_add": bool(departments),
        **_override_context(request.user, form),
    }
    return render(request, "signage/staff/list.html", context, status=400)


@permission_required(services.OVERRIDE)
@require_POST
def override_clear(request: HttpRequest) -> HttpResponse:
    cleared = services.clear_override(request.user)
    if cleared is None:
        messages.info(request, _("解除する緊急表示はありませんでした。"))
    else:
        messages.success(request, _("緊急表示を解除しました。画面は通常の表示に戻ります。"))
    return redirect("staff:signage:list")
