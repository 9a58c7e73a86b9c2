"""Back office: compose messages for one's departments, preview, send or schedule, approve
emergencies, follow delivery. StaffSecurityMiddleware has required a second factor already."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuyakusho.accounts.services import authorize, departments_for, has_permission

from . import selectors, services
from .channels import REGISTRY
from .content import MessageTexts
from .forms import MessageForm, SendForm, TopicForm
from .models import DeliveryStatus, Message, Topic
from .preview import message_previews
from .targeting import KEYS as TARGETING_KEYS
from .targeting import describe_targeting


def _topics_for(user) -> list:  # type: ignore[no-untyped-def]
    return Topic.objects.filter(
        department__in=departments_for(user, "notifications.compose"), is_active=True
    )


def _message_for(user, pk: int) -> Message:  # type: ignore[no-untyped-def]
    message = get_object_or_404(Message.objects.select_related("topic", "department"), pk=pk)
    authorize(user, "department.view_work", message.department)
    return message


@require_GET
def message_list(request: HttpRequest) -> HttpResponse:
    departments = departments_for(request.user, "department.view_work")
    items = Message.objects.filter(department__in=departments).select_related("topic")[:200]
    context = {
        "items": items,
        "can_manage_areas": has_permission(request.user, "notifications.manage_areas"),
        "can_manage_webhooks": has_permission(request.user, "notifications.manage_webhooks"),
    }
    return render(request, "notifications/staff/message_list.html", context)


@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    message = _message_for(request.user, pk) if pk else None
    topics = _topics_for(request.user)
    if not topics.exists():
        raise PermissionDenied(_("配信できるテーマがありません。"))
    initial = _initial_from(message) if message else {}
    form = MessageForm(
        request.POST if request.method == "POST" else None, topics=topics, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            message = services.save_draft(
                request.user,
                topic=data["topic"],
                channels=data["channels"],
                texts=form.texts(),
                areas=list(data["areas"]),
                targeting=form.targeting(),
                is_emergency=data["is_emergency"],
                message=message,
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(
                request, _("下書きを保存しました。内容と配信先の人数を確認してください。")
            )
            return redirect("staff:notifications:detail", pk=message.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "notifications/staff/compose.html",
        {"form": form, "message": message},
        status=status,
    )


def _initial_from(message: Message) -> dict:
    initial = {
        "topic": message.topic,
        "channels": message.channels,
        "areas": message.areas.all(),
        **{key: message.targeting.get(key) for key in TARGETING_KEYS},
        "is_emergency": message.is_emergency,
    }
    for translation in message.translations.all():
        initial[f"subject_{translation.language}"] = translation.subject
        initial[f"body_{translation.language}"] = translation.body
    return initial


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_for(request.user, pk)
    texts = MessageTexts(message)
    context = {
        "message": message,
        "texts": list(texts.by_language.values()),
        "previews": message_previews(message),
        "counts": [
            (_channel_label(key), value)
            for key, value in selectors.recipient_counts(message).items()
        ],
        "report": [
            (_channel_label(channel), DeliveryStatus(status).label, count)
            for channel, statuses in selectors.delivery_report(message).items()
            for status, count in statuses.items()
        ],
        "channel_labels": [_channel_label(code) for code in message.channels],
        "targeting": describe_targeting(message.targeting or {}),
        "send_form": SendForm(),
        "can_compose": has_permission(request.user, "notifications.compose", message.department),
        "can_approve": has_permission(request.user, "notifications.approve", message.department)
        and message.author_id != request.user.pk,
    }
    return render(request, "notifications/staff/detail.html", context)


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_for(request.user, pk)
    form = SendForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(
                list(form.errors.get("send_at", [])) or _("配信日時を確認してください。")
            )
        message = services.submit(request.user, message, send_at=form.cleaned_data.get("send_at"))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _status_message(message))
    return redirect("staff:notifications:detail", pk=pk)


def _status_message(message: Message) -> str:
    return {
        "pending_approval": _("緊急の配信です。別の職員の承認を待っています。"),
        "scheduled": _("配信を予約しました。"),
    }.get(message.status, _("配信を開始しました。"))


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_for(request.user, pk)
    try:
        message = services.approve(request.user, message)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("承認しました。"))
        messages.success(request, _status_message(message))
    return redirect("staff:notifications:detail", pk=pk)


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_for(request.user, pk)
    try:
        services.cancel(request.user, message)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("配信を取り消しました。"))
    return redirect("staff:notifications:detail", pk=pk)


@require_http_methods(["GET", "POST"])
def topics(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The topics of the departments this person manages, and a form to add or change one."""
    departments = departments_for(request.user, "notifications.manage_topics")
    if not departments:
        raise PermissionDenied(_("配信テーマを管理する権限がありません。"))
    department_ids = [d.pk for d in departments]
    topic = get_object_or_404(Topic, pk=pk, department_id__in=department_ids) if pk else None
    from kuyakusho.core.models import Department

    form = TopicForm(
        request.POST if request.method == "POST" else None,
        instance=topic,
        departments=Department.objects.filter(pk__in=department_ids),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_topic(request.user, form.save(commit=False))
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("配信テーマを保存しました。"))
            return redirect("staff:notifications:topics")
    context = {
        "form": form,
        "topic": topic,
        "topics": Topic.objects.filter(department_id__in=department_ids),
    }
    return render(
        request, "notifications/staff/topics.html", context, status=400 if form.errors else 200
    )


def _channel_label(code: str) -> str:
    if code == "people":
        return _("登録者（重複なし）")
    channel = REGISTRY.get(code)
    return str(channel.label) if channel else code
