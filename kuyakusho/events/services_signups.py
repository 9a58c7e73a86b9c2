"""Sign-ups: places up to the capacity, then a waiting list, promoted in order on cancellation.

No overbooking under concurrency: every change to an event's places first locks the event row
(SELECT … FOR UPDATE on PostgreSQL; SQLite runs each transaction as BEGIN IMMEDIATE, which
serialises writers), then counts and writes inside the same transaction. A partial unique
constraint keeps one active sign-up per person and event.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import has_permission
from kuyakusho.core.audit import log_action

from . import mails, selectors
from .models import ACTIVE, Event, EventStatus, Signup, SignupStatus
from .text import clean_line


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _check_open(event: Event) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("このイベントは申込を受け付けていません。"), code="not_open")
    if not event.signup_required:
        raise ValidationError(
            _("このイベントは申込不要です。当日、会場へお越しください。"), code="no_signup"
        )
    if event.starts_at <= timezone.now():
        raise ValidationError(_("このイベントの申込は締め切りました。"), code="closed")


def _clean_signup_fields(name: str, phone: str, note: str) -> tuple[str, str, str]:
    errors: dict[str, list[str]] = {}
    name, phone, note = clean_line(name), clean_line(phone), clean_line(note)
    if not name:
        errors["name"] = [_("お名前を入力してください。")]
    elif len(name) > Signup._meta.get_field("name").max_length:
        errors["name"] = [_("お名前は60文字以内にしてください。")]
    if len(phone) > Signup._meta.get_field("phone").max_length:
        errors["phone"] = [_("電話番号は20文字以内にしてください。")]
    if len(note) > Signup._meta.get_field("note").max_length:
        errors["note"] = [_("連絡事項は300文字以内にしてください。")]
    if errors:
        raise ValidationError(errors)
    return name, phone, note


@transaction.atomic
def sign_up(
    user: Any, event: Event, *, name: str, phone: str = "", note: str = "", language: str = "ja"
) -> Signup:
    """A place if one is left, otherwise a place on the waiting list."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("申し込むにはログインしてください。"))
    name, phone, note = _clean_signup_fields(name, phone, note)
    event = _lock(event)
    _check_open(event)
    if event.signups.filter(user=user, status__in=ACTIVE).exists():
        raise ValidationError(_("このイベントにはすでに申し込んでいます。"), code="duplicate")
    confirmed = event.signups.filter(status=SignupStatus.CONFIRMED).count()
    has_place = event.capacity is None or confirmed < event.capacity
    now = timezone.now()
    try:
        with transaction.atomic():
            signup = Signup.objects.create(
                event=event,
                user=user,
                status=SignupStatus.CONFIRMED if has_place else SignupStatus.WAITLISTED,
                name=name,
                phone=phone,
                note=note,
                language=language,
                confirmed_at=now if has_place else None,
            )
    except IntegrityError:  # the same person twice at once: the constraint refused the second
        raise ValidationError(
            _("このイベントにはすでに申し込んでいます。"), code="duplicate"
        ) from None
    # No name or contact details in the audit record: only what happened.
    log_action(user, "events.signup.created", signup, {"event": event.pk, "status": signup.status})
    mails.signup_received(signup)
    return signup


@transaction.atomic
def cancel_signup(user: Any, signup: Signup) -> Signup:
    """The resident withdraws; a freed place goes to the first person waiting."""
    if not getattr(user, "is_authenticated", False) or signup.user_id != user.pk:
        raise PermissionDenied(_("この申込を取り消す権限がありません。"))
    event = _lock(signup.event)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.status not in ACTIVE:
        raise ValidationError(_("この申込はすでに取り消されています。"), code="cancelled")
    was = signup.status
    signup.status = SignupStatus.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    log_action(user, "events.signup.cancelled", signup, {"event": event.pk, "was": was})
    if was == SignupStatus.CONFIRMED and event.status == EventStatus.PUBLISHED:
        fill_places(event)
    return signup


def fill_places(event: Event) -> list[Signup]:
    """Promote people from the waiting list, in order, while places are free. The caller holds
    the lock on the event row (or has just created it)."""
    promoted: list[Signup] = []
    if not event.signup_required or event.status != EventStatus.PUBLISHED:
        return promoted
    waiting = event.signups.filter(status=SignupStatus.WAITLISTED).select_related("user", "event")
    if event.capacity is None:
        queue = list(waiting.order_by("created_at", "pk"))
    else:
        confirmed = event.signups.filter(status=SignupStatus.CONFIRMED).count()
        free = event.capacity - confirmed
        queue = list(waiting.order_by("created_at", "pk")[: max(free, 0)])
    now = timezone.now()
    for signup in queue:
        signup.status, signup.confirmed_at = SignupStatus.CONFIRMED, now
        signup.save(update_fields=["status", "confirmed_at"])
        log_action(None, "events.signup.promoted", signup, {"event": event.pk})
        mails.signup_promoted(signup)
        promoted.append(signup)
    return promoted


# --- Participant lists (personal data) ----------------------------------------------------------


def can_view_participants(actor: Any, event: Event) -> bool:
    if event.group_id is not None and selectors.is_group_manager(actor, event.group):
        return True
    return has_permission(actor, "events.view_participants", event.department)


def _authorize_participants(actor: Any, event: Event) -> None:
    if not can_view_participants(actor, event):
        raise PermissionDenied(_("参加者の一覧を見る権限がありません。"))


@transaction.atomic
def read_participants(actor: Any, event: Event) -> list[Signup]:
    """The organiser's participant list: the read is recorded (how many rows, not who)."""
    _authorize_participants(actor, event)
    rows = list(selectors.participant_rows(event))
    log_action(actor, "events.participants.read", event, {"rows": len(rows)})
    return rows


# Spreadsheet programs run cells that start with these as formulas (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = str(value or "")
    return "'" + text if text.startswith(_FORMULA_START) else text


@transaction.atomic
def export_participants_csv(actor: Any, event: Event) -> str:
    """CSV of the participant list (UTF-8 with BOM, which Excel needs for Japanese); audited."""
    _authorize_participants(actor, event)
    rows = list(selectors.participant_rows(event))
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            _("番号"),
            _("状態"),
            _("お名前"),
            _("メールアドレス"),
            _("電話番号"),
            _("主催者への連絡事項"),
            _("申込日時"),
        ]
    )
    for number, signup in enumerate(rows, start=1):
        created = timezone.localtime(signup.created_at).strftime("%Y-%m-%d %H:%M")
        writer.writerow(
            [
                number,
                signup.get_status_display(),
                _cell(signup.name),
                _cell(signup.user.email),
                _cell(signup.phone),
                _cell(signup.note),
                created,
            ]
        )
    log_action(actor, "events.participants.exported", event, {"rows": len(rows)})
    return buffer.getvalue()
