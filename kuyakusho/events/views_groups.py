"""Group pages: the public directory and profiles, registration, and the managers' pages
(profile, events, participants, co-managers). Managers are residents, so these pages live on
the public side; every action is authorized again in the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services, services_groups, services_signups
from .forms import EventForm, GroupForm, event_initial, group_initial
from .models import Event, Group, GroupManager
from .views_common import add_service_errors, attachment, messages_of, status_for


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    return render(request, "events/groups/list.html", {"groups": selectors.approved_groups()})


@require_GET
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("category", "activity_area"), pk=pk)
    is_manager = selectors.is_group_manager(request.user, group)
    if not group.is_approved and not is_manager:
        raise Http404
    context = {
        "group": group,
        "is_manager": is_manager,
        "events": selectors.group_upcoming_events(group),
    }
    return render(request, "events/groups/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services_groups.request_group(request.user, form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("登録を申請しました。区の担当課が確認します。結果はメールでお知らせします。"),
            )
            return redirect("events:group_manage", pk=group.pk)
    return render(request, "events/groups/form.html", {"form": form}, status=status_for(form))


@login_required
@require_GET
def my_groups(request: HttpRequest) -> HttpResponse:
    return render(
        request, "events/groups/mine.html", {"groups": selectors.groups_managed_by(request.user)}
    )


def _managed(request: HttpRequest, pk: int) -> Group:
    group = get_object_or_404(Group.objects.select_related("category", "department"), pk=pk)
    if not selectors.is_group_manager(request.user, group):
        raise Http404  # not a manager: the page does not exist for them
    return group


@login_required
@require_GET
def group_manage(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed(request, pk)
    context = {
        "group": group,
        "events": selectors.group_events(group),
        "managers": selectors.group_managers(group),
        "invite_url": request.session.pop(f"events-invite-{group.pk}", None),
    }
    return render(request, "events/groups/manage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed(request, pk)
    bound = request.method == "POST"
    form = GroupForm(request.POST if bound else None, initial=group_initial(group))
    if bound and form.is_valid():
        try:
            services_groups.update_group(request.user, group, form.to_input())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("団体の情報を保存しました。"))
            return redirect("events:group_manage", pk=group.pk)
    context = {"form": form, "group": group}
    return render(request, "events/groups/form.html", context, status=status_for(form))


@login_required
@require_http_methods(["GET", "POST"])
def group_event_form(request: HttpRequest, pk: int, event_pk: int | None = None) -> HttpResponse:
    group = _managed(request, pk)
    event = get_object_or_404(Event, pk=event_pk, group=group) if event_pk else None
    if not group.is_approved:
        messages.error(request, _("団体の登録が完了してから、イベントを投稿できます。"))
        return redirect("events:group_manage", pk=group.pk)
    bound = request.method == "POST"
    form = EventForm(
        request.POST if bound else None, initial=event_initial(event) if event else None
    )
    if bound and form.is_valid():
        try:
            event = services.submit_group_event(request.user, group, form.to_input(), event)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("イベントを送りました。区の担当課が確認してから公開されます。")
            )
            return redirect("events:group_manage", pk=group.pk)
    context = {"form": form, "group": group, "event": event}
    return render(request, "events/groups/event_form.html", context, status=status_for(form))


@login_required
@require_POST
def group_event_cancel(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    group = _managed(request, pk)
    event = get_object_or_404(Event, pk=event_pk, group=group)
    try:
        services.cancel_event(request.user, event)
    except ValidationError as error:
        for text in messages_of(error):
            messages.error(request, text)
    else:
        messages.success(
            request, _("イベントを中止にしました。申し込んだ方にはメールでお知らせしました。")
        )
    return redirect("events:group_manage", pk=group.pk)


@login_required
@require_GET
def participants(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    group = _managed(request, pk)
    event = get_object_or_404(Event.objects.select_related("category"), pk=event_pk, group=group)
    rows = services_signups.read_participants(request.user, event)
    context = {
        "event": event,
        "rows": rows,
        "counts": selectors.signup_counts(event),
        "csv_url": reverse("events:participants_csv", args=[group.pk, event.pk]),
        "back_url": reverse("events:group_manage", args=[group.pk]),
    }
    return render(request, "events/participants.html", context)


@login_required
@require_GET
def participants_csv(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    group = _managed(request, pk)
    event = get_object_or_404(Event, pk=event_pk, group=group)
    body = services_signups.export_participants_csv(request.user, event)
    return attachment(body, "text/csv; charset=utf-8", f"participants-event-{event.pk}.csv")


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed(request, pk)
    token = services_groups.create_invite(request.user, group)
    # Shown once on the next page, never put in a URL of this site's pages or logs.
    request.session[f"events-invite-{group.pk}"] = request.build_absolute_uri(
        reverse("events:group_join", args=[token])
    )
    messages.success(request, _("招待リンクを作りました。前に作ったリンクは使えなくなりました。"))
    return redirect("events:group_manage", pk=group.pk)


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows whose group it is and a button; POST joins (link scanners join nothing)."""
    try:
        group = services_groups.group_for_invite(token)
    except services_groups.InvalidInviteError:
        return render(request, "events/groups/invalid_invite.html", status=400)
    if request.method == "POST":
        try:
            services_groups.join_group(request.user, token)
        except services_groups.InvalidInviteError:
            return render(request, "events/groups/invalid_invite.html", status=400)
        except ValidationError as error:
            for text in messages_of(error):
                messages.error(request, text)
            return redirect("events:groups")
        messages.success(request, _("団体の管理者になりました。"))
        return redirect("events:group_manage", pk=group.pk)
    return render(request, "events/groups/join.html", {"group": group, "token": token})


@login_required
@require_POST
def remove_manager(request: HttpRequest, pk: int, manager_pk: int) -> HttpResponse:
    group = _managed(request, pk)
    manager = get_object_or_404(GroupManager, pk=manager_pk, group=group)
    leaving = manager.user_id == request.user.pk
    try:
        services_groups.remove_manager(request.user, group, manager)
    except ValidationError as error:
        for text in messages_of(error):
            messages.error(request, text)
        return redirect("events:group_manage", pk=group.pk)
    if leaving:
        messages.success(request, _("団体の管理者から外れました。"))
        return redirect("events:my_groups")
    messages.success(request, _("管理者を外しました。"))
    return redirect("events:group_manage", pk=group.pk)
