"""Back-office pages of the foundation: dashboard, outbox, audit log search, ward settings.
StaffSecurityMiddleware has already required sign-in, staff membership and a second factor."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.accounts.services import authorize, has_permission

from . import selectors, services
from .forms import AuditSearchForm, WardProfileForm
from .models import OutboxMessage


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "backoffice.access")
    memberships = request.user.memberships.select_related("department").order_by("department__code")
    tools = {
        code: has_permission(request.user, code)
        for code in ("outbox.view", "audit.view", "ward.manage", "resident.view_personal_data")
    }
    return render(
        request, "core/staff/dashboard.html", {"memberships": memberships, "tools": tools}
    )


@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "outbox.view")
    page = Paginator(selectors.recent_outbox(), 50).get_page(request.GET.get("page"))
    return render(request, "core/staff/outbox.html", {"page": page})


@require_GET
def outbox_message(request: HttpRequest, pk: int) -> HttpResponse:
    authorize(request.user, "outbox.view")
    try:
        message = services.read_outbox_message(request.user, pk)
    except OutboxMessage.DoesNotExist:
        raise Http404 from None
    return render(request, "core/staff/outbox_message.html", {"message": message})


@permission_required("audit.view")
@reauthentication_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "audit.view")
    form = AuditSearchForm(request.GET or None)
    records = services.search_audit_log(request.user, form.cleaned_data if form.is_valid() else {})
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "core/staff/audit_log.html", {"form": form, "page": page})


@permission_required("ward.manage")
@reauthentication_required
@require_http_methods(["GET", "POST"])
def ward_settings(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "ward.manage")
    ward = services.active_ward()
    if ward is None:
        return render(request, "core/staff/no_ward.html", status=404)
    ward.refresh_from_db()
    bound = request.method == "POST"
    form = WardProfileForm(
        request.POST if bound else None, request.FILES if bound else None, instance=ward
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.update_ward_profile(request.user, ward, changes)
        messages.success(request, _("区の設定を保存しました。"))
        return redirect("staff:ward_settings")
    return render(
        request, "core/staff/ward_settings.html", {"form": form}, status=400 if form.errors else 200
    )
