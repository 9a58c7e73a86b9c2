"""Back office: review groups and their events, publish the department's own events, see
participants (audited), and configure categories and areas. StaffSecurityMiddleware has
required a second factor already; services authorize every action again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.accounts.services import authorize, departments_for, has_permission

from . import selectors, services, services_groups, services_signups
from .forms import DepartmentEventForm, ReasonForm, event_initial
from .models import Event, Group
from .views_common import add_service_errors, attachment, messages_of, status_for


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "backoffice.access")
    moderating = departments_for(request.user, "events.moderate")
    viewing = departments_for(request.user, "department.view_work")
    context = {
        "pending_groups": selectors.pending_groups(moderating),
        "pending_events": selectors.pending_events(moderating),
        "events": selectors.events_of_departments(viewing)[:200],
        "can_post": bool(departments_for(request.user, "events.post")),
        "can_configure": has_permission(request.user, "events.manage_categories"),
    }
    return render(request, "events/staff/overview.html", context)


def _event_for(request: HttpRequest, pk: int) -> Event:
    event = get_object_or_404(
        Event.objects.select_related("group", "department", "category", "area"), pk=pk
    )
    authorize(request.user, "department.view_work", event.department)
    return event


def _event_page(
    request: HttpRequest, event: Event, form: ReasonForm, status: int = 200
) -> HttpResponse:
    context = {
        "event": event,
        "reason_form": form,
        "counts": selectors.signup_counts(event),
        "can_moderate": has_permission(request.user, "events.moderate", event.department),
        "can_edit": event.group_id is None
        and has_permission(request.user, "events.post", event.department),
        "can_cancel": services.can_cancel_event(request.user, event),
        "can_view_participants": services_signups.can_view_participants(request.user, event),
    }
    return render(request, "events/staff/event.html", context, status=status)


@require_GET
def event_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_page(request, _event_for(request, pk), ReasonForm())


@require_POST
def event_approve(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_for(request, pk)
    try:
        services.approve_event(request.user, event)
    except ValidationError as error:
        for text in messages_of(error):
            messages.error(request, text)
    else:
        messages.success(request, _("イベントを公開しました。"))
    return redirect("staff:events:event", pk=pk)


@require_POST
def event_reject(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_for(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.reject_event(request.user, event, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("イベントを差し戻しました。団体に理由を伝えました。"))
            return redirect("staff:events:event", pk=pk)
    return _event_page(request, event, form, status=400)


@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_for(request, pk)
    try:
        services.cancel_event(request.user, event)
    except ValidationError as error:
        for text in messages_of(error):
            messages.error(request, text)
    else:
        messages.success(
            request, _("イベントを中止にしました。申し込んだ方にはメールでお知らせしました。")
        )
    return redirect("staff:events:event", pk=pk)


@require_http_methods(["GET", "POST"])
def event_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    departments = departments_for(request.user, "events.post")
    if not departments:
        raise PermissionDenied(_("イベントを掲載する権限がありません。"))
    event = _event_for(request, pk) if pk else None
    if event is not None and event.group_id is not None:
        raise PermissionDenied(_("団体のイベントは、団体だけが変更できます。"))
    initial = {**event_initial(event), "department": event.department} if event else None
    bound = request.method == "POST"
    form = DepartmentEventForm(
        request.POST if bound else None, initial=initial, departments=departments
    )
    if bound and form.is_valid():
        try:
            event = services.save_department_event(
                request.user, form.cleaned_data["department"], form.to_input(), event
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("イベントを公開しました。"))
            return redirect("staff:events:event", pk=event.pk)
    context = {"form": form, "event": event}
    return render(request, "events/staff/event_form.html", context, status=status_for(form))


@require_GET
def event_participants(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_for(request, pk)
    rows = services_signups.read_participants(request.user, event)
    context = {
        "event": event,
        "rows": rows,
        "counts": selectors.signup_counts(event),
        "csv_url": reverse("staff:events:participants_csv", args=[event.pk]),
        "back_url": reverse("staff:events:event", args=[event.pk]),
        "staff": True,
    }
    return render(request, "events/staff/participants.html", context)


@require_GET
def event_participants_csv(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_for(request, pk)
    body = services_signups.export_participants_csv(request.user, event)
    return attachment(body, "text/csv; charset=utf-8", f"participants-event-{event.pk}.csv")


# --- Groups -----------------------------------------------------------------------------------


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    authorize(request.user, "backoffice.access")
    departments = departments_for(request.user, "department.view_work")
    groups = selectors.groups_of_departments(departments).order_by("status", "name")
    return render(request, "events/staff/groups.html", {"groups": groups})


def _group_for(request: HttpRequest, pk: int) -> Group:
    group = get_object_or_404(
        Group.objects.select_related("category", "department", "activity_area"), pk=pk
    )
    authorize(request.user, "department.view_work", group.department)
    return group


def _group_page(
    request: HttpRequest, group: Group, form: ReasonForm, status: int = 200
) -> HttpResponse:
    context = {
        "group": group,
        "reason_form": form,
        "managers": selectors.group_managers(group).count(),
        "events": selectors.group_events(group)[:50],
        "can_moderate": has_permission(request.user, "events.moderate", group.department),
    }
    return render(request, "events/staff/group.html", context, status=status)


@require_GET
def group_review(request: HttpRequest, pk: int) -> HttpResponse:
    group = services_groups.read_group_for_review(request.user, _group_for(request, pk))
    return _group_page(request, group, ReasonForm())


@require_POST
def group_approve(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk)
    try:
        services_groups.approve_group(request.user, group)
    except ValidationError as error:
        for text in messages_of(error):
            messages.error(request, text)
    else:
        messages.success(request, _("団体の登録を承認しました。"))
    return redirect("staff:events:group", pk=pk)


@require_POST
def group_reject(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services_groups.reject_group(request.user, group, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("登録申請を差し戻しました。団体に理由を伝えました。"))
            return redirect("staff:events:group", pk=pk)
    return _group_page(request, group, form, status=400)
