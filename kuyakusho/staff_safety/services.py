"""State changes of staff safety confirmation: start and close rounds, record replies, hand
reminders to the task queue. Contact details are in services_contacts.py.

The entry point for other domains (the disaster domain calls it for a JMA earthquake message):

    start_confirmation(actor, *, title, drill, trigger_key=None, message="",
                       reminder_interval_minutes=30, reminder_limit=3) -> Round
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kuyakusho.accounts.services import active_staff_memberships, authorize
from kuyakusho.core.audit import log_action
from kuyakusho.core.tasks import enqueue

from . import links
from .models import (
    LOCATION_MAX,
    MAX_HOURS,
    NOTE_MAX,
    Attendance,
    Recipient,
    RecipientDepartment,
    Reply,
    Round,
    RoundStatus,
    SafetyStatus,
)

MANAGE = "staff_safety.manage"
TITLE_MAX, MESSAGE_MAX = 100, 500
REMINDER_INTERVALS = (0, 10, 15, 30, 60, 120, 180)  # minutes; 0 = no reminders
MAX_REMINDERS = 10
INSERT_BATCH = 1000


def _clean_text(value: str, *, single_line: bool) -> str:
    """NFKC, no control characters (a line break only where several lines make sense)."""
    value = unicodedata.normalize("NFKC", value or "")
    allowed = set() if single_line else {"\n"}
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(c for c in value if c in allowed or unicodedata.category(c)[0] != "C")
    return value.strip()


def _check_round_fields(title: str, message: str, interval: int, limit: int) -> None:
    errors = {}
    if not title:
        errors["title"] = _("件名を入力してください。")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("件名は100文字以内にしてください。")
    if len(message) > MESSAGE_MAX:
        errors["message"] = _("職員へのメッセージは500文字以内にしてください。")
    if interval not in REMINDER_INTERVALS:
        errors["reminder_interval_minutes"] = _("再送の間隔を一覧から選んでください。")
    if not 0 <= limit <= MAX_REMINDERS:
        errors["reminder_limit"] = _("再送の回数は0～10回にしてください。")
    if errors:
        raise ValidationError(errors)


def staff_to_confirm() -> dict[int, list[int]]:
    """Every active staff member (user id) with the departments they belong to now."""
    people: dict[int, list[int]] = defaultdict(list)
    for user_id, department_id in active_staff_memberships():
        people[user_id].append(department_id)
    return people


def _add_recipients(round_: Round) -> int:
    people = staff_to_confirm()
    user_ids = sorted(people)
    for start in range(0, len(user_ids), INSERT_BATCH):
        chunk = user_ids[start : start + INSERT_BATCH]
        created = Recipient.objects.bulk_create(
            [Recipient(round=round_, user_id=uid, link_key=links.new_link_key()) for uid in chunk]
        )
        if any(r.pk is None for r in created):  # a backend that returns no ids from bulk inserts
            created = list(Recipient.objects.filter(round=round_, user_id__in=chunk))
        RecipientDepartment.objects.bulk_create(
            [
                RecipientDepartment(recipient_id=r.pk, department_id=d)
                for r in created
                for d in sorted(set(people[r.user_id]))
            ],
            batch_size=INSERT_BATCH,
        )
    return len(user_ids)


def start_confirmation(
    actor: Any,
    *,
    title: str,
    drill: bool,
    trigger_key: str | None = None,
    message: str = "",
    reminder_interval_minutes: int = 30,
    reminder_limit: int = 3,
) -> Round:
    """Start a round for every active staff member and send the messages in the background.

    `actor` None means started automatically (e.g. by an earthquake message); a person needs
    `staff_safety.manage`. With `trigger_key` (e.g. "jma:<EventID>") the call is idempotent:
    while a round with that key exists, the same round is returned and nothing is sent.
    Raises ValidationError for bad fields."""
    if actor is not None:
        authorize(actor, MANAGE)
    title = _clean_text(title, single_line=True)
    message = _clean_text(message, single_line=False)
    _check_round_fields(title, message, reminder_interval_minutes, reminder_limit)
    trigger_key = (trigger_key or "").strip()[:120] or None
    if trigger_key and (existing := Round.objects.filter(trigger_key=trigger_key).first()):
        return existing
    try:
        with transaction.atomic():
            round_ = _create_round(
                actor, title, message, drill, trigger_key, reminder_interval_minutes, reminder_limit
            )
    except IntegrityError:
        if trigger_key:  # started at the same moment by another caller with the same key
            return Round.objects.get(trigger_key=trigger_key)
        raise
    return round_


def _create_round(actor, title, message, drill, trigger_key, interval, limit) -> Round:  # type: ignore[no-untyped-def]
    from .tasks import send_round_messages

    now = timezone.now()
    round_ = Round.objects.create(
        title=title,
        message=message,
        is_drill=bool(drill),
        trigger_key=trigger_key,
        started_by=actor,
        reminder_interval_minutes=interval if limit else 0,
        reminder_limit=limit if interval else 0,
        next_reminder_at=now + timedelta(minutes=interval) if interval and limit else None,
    )
    round_.recipient_count = _add_recipients(round_)
    round_.save(update_fields=["recipient_count"])
    log_action(
        actor,
        "staff_safety.round.started",
        round_,
        {
            "drill": round_.is_drill,
            "recipients": round_.recipient_count,
            "trigger_key": trigger_key or "",
            "reminder_interval_minutes": round_.reminder_interval_minutes,
            "reminder_limit": round_.reminder_limit,
        },
    )
    enqueue(send_round_messages, round_.pk)
    return round_


@transaction.atomic
def close_round(actor: Any, round_: Round) -> Round:
    authorize(actor, MANAGE)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status == RoundStatus.CLOSED:
        raise ValidationError(_("この安否確認はすでに終了しています。"), code="closed")
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.closed_by = actor
    round_.next_reminder_at = None
    round_.save(update_fields=["status", "closed_at", "closed_by", "next_reminder_at"])
    log_action(actor, "staff_safety.round.closed", round_, {"drill": round_.is_drill})
    return round_


# --- replies (through the signed link, without signing in) ----------------------------------


def _check_reply(
    status: str, attendance: str, hours: int | None, location: str, note: str
) -> int | None:
    errors = {}
    if status not in SafetyStatus.values:
        errors["status"] = _("あなたと家族の安否を選んでください。")
    if attendance not in Attendance.values:
        errors["attendance"] = _("参集できるかどうかを選んでください。")
    elif attendance == Attendance.WITHIN_HOURS:
        if hours is None:
            errors["attendance_hours"] = _("何時間以内に参集できるかを数字で入力してください。")
        elif not 1 <= hours <= MAX_HOURS:
            errors["attendance_hours"] = _("時間は1～72の数字で入力してください。")
    if not location:
        errors["location"] = _("現在地を入力してください（例: 自宅、○○駅付近）。")
    elif len(location) > LOCATION_MAX:
        errors["location"] = _("現在地は100文字以内にしてください。")
    if len(note) > NOTE_MAX:
        errors["note"] = _("連絡事項は300文字以内にしてください。")
    if errors:
        raise ValidationError(errors)
    return hours if attendance == Attendance.WITHIN_HOURS else None


def link_expired_error() -> ValidationError:
    return ValidationError(
        _("この安否確認の受付は終了しました。回答は変更されていません。"), code="expired"
    )


@transaction.atomic
def save_reply(
    recipient: Recipient,
    *,
    status: str,
    attendance: str,
    attendance_hours: int | None = None,
    location: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Reply:
    """Record an answer (a change keeps the earlier ones as history). The caller found
    `recipient` through links.resolve(); the round is checked again here, under a lock."""
    now = now or timezone.now()
    recipient = Recipient.objects.select_for_update().select_related("round").get(pk=recipient.pk)
    if not links.round_accepts_replies(recipient.round, now):
        raise link_expired_error()
    location = _clean_text(location, single_line=True)
    note = _clean_text(note, single_line=False)
    hours = _check_reply(status, attendance, attendance_hours, location, note)
    first = recipient.responded_at is None
    reply = Reply.objects.create(
        recipient=recipient,
        status=status,
        attendance=attendance,
        attendance_hours=hours,
        location=location,
        note=note,
    )
    recipient.status, recipient.attendance, recipient.attendance_hours = status, attendance, hours
    recipient.location, recipient.note, recipient.responded_at = location, note, now
    recipient.save(
        update_fields=[
            "status",
            "attendance",
            "attendance_hours",
            "location",
            "note",
            "responded_at",
        ]
    )
    # No answer in the record: whether someone is injured is health data. The person replied
    # through their own link, so the actor is the person, not a signed-in session.
    log_action(
        None,
        "staff_safety.reply.saved",
        recipient,
        {"round": recipient.round_id, "changed": not first, "by": "reply_link"},
    )
    return reply


# --- reminders and unfinished sending (from the periodic job) --------------------------------


def hand_out_due_work(now: datetime | None = None) -> dict[str, list[int]]:
    """Queue reminder N of every open round whose time has come (each claimed by one
    conditional UPDATE, so any number of workers queue it once), and a new sending task for
    rounds with first mails still unsent whose task is gone or has failed temporarily."""
    from .tasks import send_reminders, send_round_messages

    now = now or timezone.now()
    reminded, resumed = [], []
    due = Round.objects.filter(status=RoundStatus.OPEN, next_reminder_at__lte=now)
    for round_ in due:
        number = round_.reminders_sent + 1
        following = None
        if number < round_.reminder_limit:
            interval = timedelta(minutes=round_.reminder_interval_minutes)
            following = round_.next_reminder_at + interval
            if following <= now:  # no worker ran for a while: one reminder now, then the interval
                following = now + interval
        with transaction.atomic():
            claimed = Round.objects.filter(
                pk=round_.pk,
                status=RoundStatus.OPEN,
                reminders_sent=round_.reminders_sent,
                next_reminder_at=round_.next_reminder_at,
            ).update(reminders_sent=number, next_reminder_at=following)
            if claimed:
                log_action(None, "staff_safety.round.reminded", round_, {"number": number})
                enqueue(send_reminders, round_.pk, number)
                reminded.append(round_.pk)
    unsent = (
        Recipient.objects.filter(
            round__status=RoundStatus.OPEN, sent_at__isnull=True, send_failed=False
        )
        .values_list("round_id", flat=True)
        .distinct()
    )
    free = Q(sending_until__isnull=True) | Q(sending_until__lt=now)
    for round_id in unsent:
        if Round.objects.filter(free, pk=round_id).exists():
            enqueue(send_round_messages, round_id)
            resumed.append(round_id)
    # A reminder whose task found the round busy (or failed for some on a temporary error) is
    # sent again to those who still lack it, as long as the round is open.
    behind = Round.objects.filter(free, status=RoundStatus.OPEN, reminders_sent__gt=0).exclude(
        pk__in=reminded
    )
    for round_ in behind:
        lacking = Recipient.objects.filter(
            round=round_,
            sent_at__isnull=False,
            responded_at__isnull=True,
            send_failed=False,
            reminders_sent__lt=round_.reminders_sent,
        )
        if lacking.exists():
            enqueue(send_reminders, round_.pk, round_.reminders_sent)
            resumed.append(round_.pk)
    return {"reminded": reminded, "resumed": resumed}


# --- the audited export --------------------------------------------------------------------


# Spreadsheet programs run cells that start with these as formulas (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = str(value or "")
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_replies(actor: Any, round_: Round, *, purpose: str) -> list[list[str]]:
    """Every person's current answer as CSV rows (a header first). Written to the audit log
    with the purpose and the number of rows."""
    from .selectors import export_rows

    authorize(actor, MANAGE)
    purpose = " ".join((purpose or "").split())[:200]
    if not purpose:
        raise ValidationError({"purpose": _("出力の目的を入力してください。")})
    header = [
        _("所属"),
        _("職員のメールアドレス"),
        _("氏名"),
        _("安否"),
        _("参集"),
        _("何時間以内"),
        _("現在地"),
        _("連絡事項"),
        _("回答日時"),
        _("メール"),
    ]
    rows = [header]
    for recipient in export_rows(round_):
        contact = getattr(recipient.user, "safety_contact", None)
        if recipient.send_failed:
            mail = _("届かず")
        elif recipient.sent_at:
            mail = _("送信済み")
        else:
            mail = _("送信待ち")
        responded = recipient.responded_at
        rows.append(
            [
                _cell(value)
                for value in (
                    " / ".join(rd.department.name_ja for rd in recipient.departments.all()),
                    recipient.user.email,
                    contact.name if contact else "",
                    recipient.get_status_display() if recipient.status else _("未回答"),
                    recipient.get_attendance_display() if recipient.attendance else "",
                    str(recipient.attendance_hours or ""),
                    recipient.location,
                    recipient.note,
                    timezone.localtime(responded).strftime("%Y-%m-%d %H:%M") if responded else "",
                    mail,
                )
            ]
        )
    log_action(
        actor,
        "staff_safety.replies.exported",
        round_,
        {"purpose": purpose, "rows": len(rows) - 1},
    )
    return rows
