"""Back office for alerts: list, compose from a template, approve or send back, update, lift,
and the ward's rules. Thin views: the services check permissions again and record changes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.accounts.decorators import permission_required
from kuyakusho.accounts.services import has_permission
from kuyakusho.core.forms import add_service_errors

from . import jma, selectors, services
from .forms import AlertForm, PolicyForm, RejectForm
from .models import Alert, AlertKind, AlertState, MessageType


def _intensity(value: str, language: str) -> str:
    """震度 as people read it (5弱, "5 Lower"); empty for no reading."""
    try:
        return jma.intensity_label(value, language) if value else ""
    except ValueError:
        return value


def _department_or_403(request: HttpRequest):  # type: ignore[no-untyped-def]
    departments = services.composer_departments(request.user)
    if not departments:
        raise PermissionDenied(_("警報を作成する権限がありません。"))
    return departments[0]


def _alert_for(request: HttpRequest, pk: int) -> Alert:
    alert = get_object_or_404(Alert.objects.select_related("department"), pk=pk)
    if not (
        has_permission(request.user, "disaster.compose_alert", alert.department)
        or has_permission(request.user, "disaster.approve_alert", alert.department)
    ):
        raise PermissionDenied(_("この警報を扱う権限がありません。"))
    return alert


@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    can_compose = bool(services.composer_departments(request.user))
    if not can_compose and not has_permission(request.user, "disaster.manage_policy"):
        raise PermissionDenied(_("警報を扱う権限がありません。"))
    policy, language = services.policy(), get_language() or "ja"
    context = {
        "active": selectors.active_alerts(),
        "pending": selectors.pending_alerts(),
        "alerts": selectors.staff_alerts(),
        "kinds": AlertKind.choices,
        "can_compose": can_compose,
        "policy": policy,
        "jma_messages": [
            (message, _intensity(message.intensity_here, language))
            for message in selectors.recent_jma_messages()
        ],
        "jma_threshold": _intensity(policy.jma_threshold, language),
    }
    return render(request, "disaster/staff/list.html", context)


@require_http_methods(["GET", "POST"])
def alert_new(request: HttpRequest) -> HttpResponse:
    department = _department_or_403(request)
    if request.method == "POST":
        form = AlertForm(request.POST)
        if form.is_valid():
            try:
                alert = services.save_draft(request.user, form.to_input(department))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("下書きを保存しました。内容を確認して、承認を依頼してください。")
                )
                return redirect("staff:disaster:detail", alert.pk)
    else:
        kind = request.GET.get("kind", AlertKind.EVACUATION_ORDER)
        if kind not in AlertKind.values:
            kind = AlertKind.GENERAL
        exercise = request.GET.get("exercise") == "1"
        initial = AlertForm.initial_from(
            services.template_input(department, kind, is_exercise=exercise)
        )
        form = AlertForm(initial=initial)
    return render(request, "disaster/staff/form.html", {"form": form, "alert": None})


@require_http_methods(["GET", "POST"])
def alert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert_for(request, pk)
    if alert.state not in services.EDITABLE:
        messages.error(request, _("承認待ちや発表済みの警報は変更できません。"))
        return redirect("staff:disaster:detail", alert.pk)
    if request.method == "POST":
        form = AlertForm(request.POST)
        if form.is_valid():
            try:
                services.save_draft(request.user, form.to_input(alert.department), alert=alert)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("下書きを保存しました。"))
                return redirect("staff:disaster:detail", alert.pk)
    else:
        form = AlertForm(initial=AlertForm.initial_from(services.alert_input_of(alert)))
    return render(request, "disaster/staff/form.html", {"form": form, "alert": alert})


@require_GET
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert_for(request, pk)
    context = {
        "alert": alert,
        "texts": list(alert.texts.all()),
        "thread": selectors.thread_of(alert),
        "can_edit": alert.state in services.EDITABLE
        and has_permission(request.user, "disaster.compose_alert", alert.department),
        "can_approve": services.can_approve(request.user, alert),
        "is_author": alert.created_by_id == request.user.pk,
        "needs_second_person": services.needs_second_person(alert),
        "is_current": alert.state == AlertState.PUBLISHED
        and alert.superseded_at is None
        and alert.msg_type != MessageType.CANCEL,
        "reject_form": RejectForm(),
    }
    return render(request, "disaster/staff/detail.html", context)


def _act(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    alert = _alert_for(request, pk)
    try:
        result = action(alert)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("staff:disaster:detail", alert.pk)
    messages.success(request, done)
    return redirect("staff:disaster:detail", result.pk)


@require_POST
def alert_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def submit(alert: Alert) -> Alert:
        return services.submit(request.user, alert)

    alert = _alert_for(request, pk)
    done = (
        _("承認を依頼しました。別の職員が承認すると発表されます。")
        if services.needs_second_person(alert)
        else _("発表しました。")
    )
    return _act(request, pk, submit, done)


@require_POST
def alert_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda alert: services.approve(request.user, alert),
        _("承認し、発表しました。"),
    )


@require_POST
def alert_reject(request: HttpRequest, pk: int) -> HttpResponse:
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("差し戻す理由を入力してください。"))
        return redirect("staff:disaster:detail", pk)
    reason = form.cleaned_data["reason"]
    return _act(
        request,
        pk,
        lambda alert: services.reject(request.user, alert, reason),
        _("差し戻しました。"),
    )


@require_POST
def alert_follow_up(request: HttpRequest, pk: int, msg_type: str) -> HttpResponse:
    kind = MessageType.CANCEL if msg_type == "cancel" else MessageType.UPDATE
    done = (
        _("解除の下書きを作りました。確認して承認を依頼してください。")
        if kind == MessageType.CANCEL
        else _("更新の下書きを作りました。内容を直して承認を依頼してください。")
    )
    return _act(
        request, pk, lambda alert: services.start_follow_up(request.user, alert, kind), done
    )


@permission_required("disaster.manage_policy")
@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest) -> HttpResponse:
    rules = services.policy()
    form = PolicyForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("警報の運用設定を保存しました。"))
            return redirect("staff:disaster:list")
    return render(request, "disaster/staff/policy.html", {"form": form})
