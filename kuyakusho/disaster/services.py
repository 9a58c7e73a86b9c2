"""Alert state changes: draft, submit, approve (the two-person rule), reject, update, lift.

Publishing is two steps. In the approving transaction the alert becomes published, the thread's
earlier message is superseded, and — once the transaction commits — the public outputs (the
static disaster page, the signage override) are rewritten at once, so they show it within a
second. Notifying subscribers is a task (`tasks.notify_alert`): it runs when a worker is there,
even if none was when the alert was approved, and a conditional UPDATE on `notified_at` lets
only one run send it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import authorize, departments_for, has_permission
from kuyakusho.core.audit import log_action
from kuyakusho.core.models import Department
from kuyakusho.core.tasks import enqueue
from kuyakusho.core.text import strip_unstorable

from . import alert_templates
from .models import (
    CERTAINTIES,
    SEVERITIES,
    URGENCIES,
    Alert,
    AlertKind,
    AlertPolicy,
    AlertState,
    AlertText,
    MessageType,
)

MAX_VALIDITY = timedelta(days=7)
EDITABLE = {AlertState.DRAFT, AlertState.REJECTED}
LANGUAGES = alert_templates.LANGUAGES


@dataclass
class AlertInput:
    """What a person (or the JMA trigger) says an alert is. `texts` maps a language to
    (headline, description, instruction); Japanese is required, the others optional."""

    department: Department
    kind: str
    texts: dict[str, tuple[str, str, str]]
    effective_at: datetime
    expires_at: datetime
    is_exercise: bool = False
    whole_ward: bool = True
    areas: list = field(default_factory=list)  # notifications Area rows
    severity: str = "Severe"
    urgency: str = "Immediate"
    certainty: str = "Likely"


def policy() -> AlertPolicy:
    return AlertPolicy.objects.order_by("pk").first() or AlertPolicy.objects.create()


def composer_departments(actor: Any) -> list[Department]:
    return departments_for(actor, "disaster.compose_alert")


def needs_second_person(alert: Alert) -> bool:
    rules = policy()
    return rules.second_person_for_exercise if alert.is_exercise else rules.second_person_for_actual


@transaction.atomic
def update_policy(actor: Any, **changes: Any) -> AlertPolicy:
    authorize(actor, "disaster.manage_policy")
    rules = AlertPolicy.objects.select_for_update().get(pk=policy().pk)
    allowed = {
        "second_person_for_actual",
        "second_person_for_exercise",
        "notification_topic_code",
        "jma_feed_url",
        "jma_area_codes",
        "jma_threshold",
    }
    changed = {name: value for name, value in changes.items() if name in allowed}
    changed.update(_clean_jma_settings(changed))
    for name, value in changed.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    log_action(actor, "disaster.policy.changed", rules, changed)
    return rules


def _clean_jma_settings(changes: dict[str, Any]) -> dict[str, Any]:
    """The JMA settings in their stored form; errors name the field."""
    from . import jma

    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    if "jma_area_codes" in changes:
        codes = [c.strip() for c in (changes["jma_area_codes"] or "").replace("、", ",").split(",")]
        codes = [c for c in codes if c]
        try:
            for code in codes:
                jma.code_level(code)
        except ValueError:
            errors["jma_area_codes"] = [
                _(
                    "地域コードは2桁（都道府県）、3桁（細分区域）、7桁（市町村等）の数字で入力してください。"
                )
            ]
        cleaned["jma_area_codes"] = ",".join(codes)
    if "jma_threshold" in changes:
        try:
            cleaned["jma_threshold"] = jma.parse_intensity_setting(changes["jma_threshold"] or "")
        except ValueError:
            errors["jma_threshold"] = [_("震度は「5弱」「5強」「6弱」のように入力してください。")]
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- drafting ------------------------------------------------------------------------------


def _clean(data: AlertInput, now: datetime) -> dict[str, tuple[str, str, str]]:
    errors: dict[str, list[str]] = {}
    if data.kind not in AlertKind.values:
        errors["kind"] = [_("警報の種類を選んでください。")]
    if data.severity not in SEVERITIES:
        errors["severity"] = [_("深刻度を選んでください。")]
    if data.urgency not in URGENCIES:
        errors["urgency"] = [_("緊急性を選んでください。")]
    if data.certainty not in CERTAINTIES:
        errors["certainty"] = [_("確実性を選んでください。")]
    if not data.whole_ward and not data.areas:
        errors["areas"] = [_("対象の地域を選ぶか、「区内全域」にしてください。")]
    if data.expires_at <= data.effective_at:
        errors["expires_at"] = [_("有効期限は、発効日時より後にしてください。")]
    elif data.expires_at <= now:
        errors["expires_at"] = [_("有効期限は、今より後にしてください。")]
    elif data.expires_at - data.effective_at > MAX_VALIDITY:
        errors["expires_at"] = [_("有効期限は、発効から7日以内にしてください。")]
    texts = {}
    for language, (headline, description, instruction) in data.texts.items():
        if language not in LANGUAGES:
            errors.setdefault("texts", []).append(
                _("対応していない言語です: %(code)s") % {"code": language}
            )
            continue
        headline = strip_unstorable(headline or "").replace("\n", " ").strip()
        description = strip_unstorable(description or "").replace("\r\n", "\n").strip()
        instruction = strip_unstorable(instruction or "").replace("\r\n", "\n").strip()
        if not (headline or description or instruction):
            continue
        field = f"headline_{language}"
        if not headline:
            errors[field] = [_("見出しを入力してください。")]
        elif len(headline) > 120:
            errors[field] = [_("見出しは120文字以内にしてください。")]
        if len(description) > 2000 or len(instruction) > 1000:
            errors[f"description_{language}"] = [
                _("内容は2000文字以内、とるべき行動は1000文字以内にしてください。")
            ]
        texts[language] = (headline, description, instruction)
    if "ja" not in texts or not texts["ja"][1]:
        errors.setdefault("description_ja", []).append(
            _("日本語の見出しと内容は必ず入力してください。")
        )
    if errors:
        raise ValidationError(errors)
    return texts


def _save_texts(alert: Alert, texts: dict[str, tuple[str, str, str]]) -> None:
    alert.texts.all().delete()
    AlertText.objects.bulk_create(
        AlertText(alert=alert, language=lang, headline=head, description=desc, instruction=instr)
        for lang, (head, desc, instr) in texts.items()
    )


@transaction.atomic
def save_draft(actor: Any, data: AlertInput, *, alert: Alert | None = None) -> Alert:
    """Create or change a draft (or a sent-back alert). `actor` None is the JMA trigger."""
    if actor is not None:
        authorize(actor, "disaster.compose_alert", data.department)
    if not data.department.is_crisis_management:
        raise PermissionDenied(_("警報は危機管理を所管する課だけが作成できます。"))
    if alert is not None:
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.state not in EDITABLE:
            raise ValidationError(
                _("承認待ちや発表済みの警報は変更できません。"), code="not_editable"
            )
        if actor is not None:
            authorize(actor, "disaster.compose_alert", alert.department)
    texts = _clean(data, timezone.now())
    alert = alert or Alert(created_by=actor)
    for name in ("department", "kind", "is_exercise", "whole_ward", "effective_at", "expires_at"):
        setattr(alert, name, getattr(data, name))
    alert.severity, alert.urgency, alert.certainty = data.severity, data.urgency, data.certainty
    alert.state, alert.rejection_reason = AlertState.DRAFT, ""
    alert.save()
    alert.areas.set([] if data.whole_ward else data.areas)
    _save_texts(alert, texts)
    log_action(
        actor,
        "disaster.alert.saved",
        alert,
        {"kind": alert.kind, "msg_type": alert.msg_type, "exercise": alert.is_exercise},
    )
    return alert


def template_input(
    department: Department, kind: str, *, is_exercise: bool, areas: list | None = None
) -> AlertInput:
    """A new alert of `kind` filled from its template: texts, severity, validity."""
    template = alert_templates.TEMPLATES[kind]
    names = area_names(areas or [])
    now = timezone.now().replace(second=0, microsecond=0)
    return AlertInput(
        department=department,
        kind=kind,
        texts={
            lang: (w.headline, w.description, w.instruction)
            for lang, w in alert_templates.prefilled(kind, names).items()
        },
        effective_at=now,
        expires_at=now + timedelta(hours=template.hours_valid),
        is_exercise=is_exercise,
        whole_ward=not areas,
        areas=list(areas or []),
        severity=template.severity,
        urgency=template.urgency,
        certainty=template.certainty,
    )


def area_names(areas: list) -> dict[str, str]:
    """The target in words for every language: the areas' names, or the whole ward."""
    if not areas:
        return dict(alert_templates.WHOLE_WARD)
    names = {}
    for language in LANGUAGES:
        lookup = "en" if language in {"en", "ko", "zh-hans", "zh-hant"} else "ja"
        names[language] = "、".join(area.display_name(lookup) for area in areas)
    return names


# --- the two-person rule ----------------------------------------------------------------------


@transaction.atomic
def submit(actor: Any, alert: Alert) -> Alert:
    """Ask for the second person's approval, or publish at once where the ward needs none."""
    authorize(actor, "disaster.compose_alert", alert.department)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state not in EDITABLE:
        raise ValidationError(_("この警報はすでに承認待ちか発表済みです。"), code="not_draft")
    if alert.expires_at <= timezone.now():
        raise ValidationError(_("有効期限が過ぎています。期限を直してください。"), code="expired")
    if needs_second_person(alert):
        alert.state = AlertState.PENDING_APPROVAL
        alert.save(update_fields=["state", "updated_at"])
        log_action(actor, "disaster.alert.submitted", alert, {"exercise": alert.is_exercise})
        return alert
    return _publish(actor, alert, approver=None)


@transaction.atomic
def approve(actor: Any, alert: Alert) -> Alert:
    authorize(actor, "disaster.approve_alert", alert.department)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state != AlertState.PENDING_APPROVAL:
        raise ValidationError(_("承認待ちの警報ではありません。"), code="not_pending")
    if alert.created_by_id == actor.pk:
        raise PermissionDenied(_("警報は、作成した人とは別の職員が承認してください。"))
    return _publish(actor, alert, approver=actor)


@transaction.atomic
def reject(actor: Any, alert: Alert, reason: str) -> Alert:
    authorize(actor, "disaster.approve_alert", alert.department)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.state != AlertState.PENDING_APPROVAL:
        raise ValidationError(_("承認待ちの警報ではありません。"), code="not_pending")
    reason = strip_unstorable(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("差し戻す理由を入力してください。")]})
    alert.state, alert.rejection_reason = AlertState.REJECTED, reason[:300]
    alert.save(update_fields=["state", "rejection_reason", "updated_at"])
    log_action(actor, "disaster.alert.rejected", alert, {})
    return alert


def _publish(actor: Any, alert: Alert, *, approver: Any) -> Alert:
    now = timezone.now()
    if alert.references_id is not None:
        previous = Alert.objects.select_for_update().get(pk=alert.references_id)
        if previous.superseded_at is not None:
            # Someone published another update of the same thread first: this one is stale.
            raise ValidationError(
                _(
                    "この警報は、ほかの職員がすでに更新または解除しています。最新の内容から作り直してください。"
                ),
                code="stale",
            )
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at", "updated_at"])
    alert.state, alert.approved_by, alert.sent_at = AlertState.PUBLISHED, approver, now
    alert.save(update_fields=["state", "approved_by", "sent_at", "updated_at"])
    log_action(
        actor,
        "disaster.alert.published",
        alert,
        {
            "kind": alert.kind,
            "msg_type": alert.msg_type,
            "exercise": alert.is_exercise,
            "approver": getattr(approver, "pk", None),
        },
    )
    from . import publication, tasks

    transaction.on_commit(publication.refresh_public_outputs)
    enqueue(tasks.notify_alert, alert.pk)
    return alert


# --- updates and lifting ----------------------------------------------------------------------


@transaction.atomic
def start_follow_up(actor: Any, original: Alert, msg_type: str) -> Alert:
    """A draft that updates or lifts the thread's current message, copying its target and words
    (a cancellation gets 「解除」 words in every language)."""
    authorize(actor, "disaster.compose_alert", original.department)
    if msg_type not in {MessageType.UPDATE, MessageType.CANCEL}:
        raise ValueError(msg_type)
    current = Alert.objects.select_for_update().get(pk=original.pk)
    if current.state != AlertState.PUBLISHED or current.superseded_at is not None:
        raise ValidationError(
            _("更新・解除できるのは、発表中の最新の警報だけです。"), code="not_current"
        )
    if current.msg_type == MessageType.CANCEL:
        raise ValidationError(_("解除済みの警報です。"), code="cancelled")
    texts = {t.language: (t.headline, t.description, t.instruction) for t in current.texts.all()}
    now = timezone.now().replace(microsecond=0)
    expires_at = current.expires_at
    if msg_type == MessageType.CANCEL:
        words = alert_templates.cancellation_words({lang: t[0] for lang, t in texts.items()})
        texts = {lang: (w.headline, w.description, w.instruction) for lang, w in words.items()}
        expires_at = max(now + timedelta(hours=1), min(expires_at, now + timedelta(hours=24)))
    follow_up = Alert.objects.create(
        thread=current.thread or current,
        references=current,
        msg_type=msg_type,
        kind=current.kind,
        severity="Minor" if msg_type == MessageType.CANCEL else current.severity,
        urgency="Past" if msg_type == MessageType.CANCEL else current.urgency,
        certainty=current.certainty,
        is_exercise=current.is_exercise,
        whole_ward=current.whole_ward,
        effective_at=now,
        expires_at=expires_at,
        department=current.department,
        created_by=actor,
    )
    follow_up.areas.set(current.areas.all())
    _save_texts(follow_up, texts)
    log_action(actor, "disaster.alert.saved", follow_up, {"msg_type": msg_type})
    return follow_up


def alert_input_of(alert: Alert) -> AlertInput:
    """The form's starting point for an existing draft."""
    return AlertInput(
        department=alert.department,
        kind=alert.kind,
        texts={t.language: (t.headline, t.description, t.instruction) for t in alert.texts.all()},
        effective_at=alert.effective_at,
        expires_at=alert.expires_at,
        is_exercise=alert.is_exercise,
        whole_ward=alert.whole_ward,
        areas=list(alert.areas.all()),
        severity=alert.severity,
        urgency=alert.urgency,
        certainty=alert.certainty,
    )


def can_approve(actor: Any, alert: Alert) -> bool:
    return (
        alert.state == AlertState.PENDING_APPROVAL
        and alert.created_by_id != getattr(actor, "pk", None)
        and has_permission(actor, "disaster.approve_alert", alert.department)
    )
