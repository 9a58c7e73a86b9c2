"""Message state changes: compose, submit, approve (emergencies), schedule, send, cancel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import authorize
from kuyakusho.core.audit import log_action
from kuyakusho.core.tasks import enqueue

from .channels import REGISTRY
from .models import Area, Message, MessageStatus, MessageTranslation, Subscriber, Topic
from .targeting import clean_targeting
from .validation import check_fits_channels, clean_channels, clean_subject

EDITABLE = {MessageStatus.DRAFT}


def _save_texts(message: Message, texts: dict[str, tuple[str, str]]) -> None:
    if not texts.get(settings.LANGUAGE_CODE):
        raise ValidationError(
            _("日本語の件名と本文は必ず入力してください。"), code="japanese_required"
        )
    known = {code for code, _name in settings.LANGUAGES}
    message.translations.all().delete()
    for language, (subject, body) in texts.items():
        if language not in known:
            raise ValidationError(_("対応していない言語です: %(codes)s") % {"codes": language})
        if not (subject or body):
            continue
        body = (body or "").strip()
        if not body:
            raise ValidationError(_("本文を入力してください。"), code="required")
        check_fits_channels(body, message.channels)
        MessageTranslation.objects.create(
            message=message, language=language, subject=clean_subject(subject), body=body
        )


@transaction.atomic
def save_draft(
    actor: Any,
    *,
    topic: Topic,
    channels: list[str],
    texts: dict[str, tuple[str, str]],
    areas: list[Area] | None = None,
    targeting: dict | None = None,
    is_emergency: bool = False,
    message: Message | None = None,
) -> Message:
    """Create or update a draft. `texts` maps language → (subject, body); Japanese is required.
    `targeting` holds the attribute rules of targeting.RULES (age_min/max, child_age_min/max)."""
    authorize(actor, "notifications.compose", topic.department)
    if message is not None and message.status not in EDITABLE:
        raise ValidationError(
            _("送信手続きに入ったメッセージは変更できません。"), code="not_editable"
        )
    message = message or Message(author=actor)
    message.topic, message.department = topic, topic.department
    message.channels = clean_channels(channels)
    message.is_emergency = is_emergency or topic.is_emergency
    message.targeting = clean_targeting(targeting or {})
    message.save()
    message.areas.set(areas or [])
    _save_texts(message, texts)
    log_action(
        actor,
        "notifications.message.saved",
        message,
        {"topic": topic.code, "channels": message.channels, "targeting": message.targeting},
    )
    return message


@transaction.atomic
def submit(actor: Any, message: Message, *, send_at: datetime | None = None) -> Message:
    """Send now or at `send_at`; an emergency first waits for a second person's approval."""
    authorize(actor, "notifications.compose", message.department)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.DRAFT:
        raise ValidationError(_("このメッセージはすでに送信手続き中です。"), code="not_draft")
    if send_at is not None and send_at < timezone.now():
        raise ValidationError(_("配信日時は現在より後にしてください。"), code="past")
    message.scheduled_at = send_at
    if message.is_emergency and settings.EMERGENCY_TWO_PERSON_RULE:
        message.status = MessageStatus.PENDING_APPROVAL
        message.save(update_fields=["status", "scheduled_at"])
        log_action(actor, "notifications.message.submitted_for_approval", message, {})
        return message
    return _release(actor, message)


@transaction.atomic
def approve(actor: Any, message: Message) -> Message:
    authorize(actor, "notifications.approve", message.department)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.PENDING_APPROVAL:
        raise ValidationError(_("承認待ちのメッセージではありません。"), code="not_pending")
    if message.author_id == actor.pk:
        raise PermissionDenied(_("緊急の配信は、作成した人とは別の職員が承認してください。"))
    message.approver = actor
    message.save(update_fields=["approver"])
    log_action(actor, "notifications.message.approved", message, {})
    return _release(actor, message)


def _release(actor: Any, message: Message) -> Message:
    if message.scheduled_at and message.scheduled_at > timezone.now():
        message.status = MessageStatus.SCHEDULED
        message.save(update_fields=["status", "scheduled_at"])
        log_action(
            actor,
            "notifications.message.scheduled",
            message,
            {"at": message.scheduled_at.isoformat()},
        )
        return message
    from .tasks import deliver_message

    message.status = MessageStatus.SCHEDULED
    message.scheduled_at = timezone.now()
    message.save(update_fields=["status", "scheduled_at"])
    # A worker writes the delivery rows and sends: the request returns at once, whatever the size.
    enqueue(deliver_message, message.pk)
    log_action(actor, "notifications.message.sent", message, {"emergency": message.is_emergency})
    return message


@transaction.atomic
def send_approved_elsewhere(
    *,
    author: Any,
    approver: Any,
    topic_code: str,
    texts: dict[str, tuple[str, str]],
    areas: list[Area] | None = None,
    source: str,
) -> Message | None:
    """Send now a message that another domain has already put through its own approval (a
    disaster alert approved by a second person): no second approval here. Goes out on every
    channel, as an emergency when the topic is one (quiet hours do not hold it back). Returns
    None when the topic does not exist or is closed, which the caller records."""
    topic = Topic.objects.filter(code=topic_code, is_active=True).select_related("department")
    topic = topic.first()
    if topic is None:
        return None
    message = Message.objects.create(
        topic=topic,
        department=topic.department,
        author=author,
        approver=approver,
        channels=clean_channels(sorted(REGISTRY)),
        is_emergency=topic.is_emergency,
    )
    message.areas.set(areas or [])
    _save_texts(message, texts)
    log_action(
        approver,
        "notifications.message.saved",
        message,
        {"topic": topic.code, "channels": message.channels, "source": source},
    )
    return _release(approver, message)


def ensure_direct_topic(code: str, *, department: Any, name_ja: str, name_en: str) -> None:
    """A topic that carries direct messages only (nobody subscribes to it: it is closed)."""
    Topic.objects.get_or_create(
        code=code,
        defaults={
            "name_ja": name_ja,
            "name_en": name_en,
            "department": department,
            "is_active": False,
            "sort_order": 900,
        },
    )


@transaction.atomic
def send_to_people(
    *,
    author: Any,
    topic_code: str,
    texts: dict[str, tuple[str, str]],
    recipients: list[Subscriber],
    source: str,
) -> Message | None:
    """Send now, to the named subscribers only, a message another domain decided on (a public
    update of a citizen report, to the people who follow it). It goes out on the channels each
    recipient chose (e-mail, the マイページ inbox) and never on the topic's public feed. The
    topic may be closed to subscription (ensure_direct_topic). None when it does not exist or
    when nobody is left to receive it."""
    topic = Topic.objects.filter(code=topic_code).select_related("department").first()
    if topic is None or not recipients:
        return None
    message = Message.objects.create(
        topic=topic,
        department=topic.department,
        author=author,
        approver=author,
        channels=["email", "inbox"],
        is_direct=True,
    )
    message.direct_recipients.set(recipients)
    _save_texts(message, texts)
    log_action(
        author,
        "notifications.message.saved",
        message,
        {"topic": topic.code, "direct": len(recipients), "source": source},
    )
    return _release(author, message)


@transaction.atomic
def cancel(actor: Any, message: Message) -> Message:
    authorize(actor, "notifications.compose", message.department)
    updated = Message.objects.filter(
        pk=message.pk,
        status__in=[MessageStatus.DRAFT, MessageStatus.PENDING_APPROVAL, MessageStatus.SCHEDULED],
    ).update(status=MessageStatus.CANCELLED)
    if not updated:
        raise ValidationError(_("配信が始まったメッセージは取り消せません。"), code="too_late")
    log_action(actor, "notifications.message.cancelled", message, {})
    message.refresh_from_db()
    return message


@transaction.atomic
def save_topic(actor: Any, topic: Topic) -> Topic:
    """Create or change a topic of a department the actor manages topics for."""
    authorize(actor, "notifications.manage_topics", topic.department)
    if topic.pk:
        previous = Topic.objects.select_for_update().get(pk=topic.pk)
        authorize(actor, "notifications.manage_topics", previous.department)
    topic.full_clean()
    topic.save()
    log_action(
        actor, "notifications.topic.saved", topic, {"code": topic.code, "active": topic.is_active}
    )
    return topic
