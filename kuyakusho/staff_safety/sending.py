"""Sending the safety message and its reminders, fast (5,000 staff within 10 s).

One task per round (or per reminder) does everything:

1. It takes the round with a conditional UPDATE of `sending_until` (a lease), so two tasks never
   send the same round at once; a task that dies leaves the lease to run out and the periodic
   job (tasks.py) hands what is left to a new task.
2. It reads what is due as plain values in one query (id, link key, addresses) and signs each
   link (links.py).
3. With SMTP (core.smtp.bulk_uses_smtp) the mail is rendered to bytes once, with placeholders
   for the address, the link and the Message-ID; each recipient then costs three byte
   replacements and one SMTP transaction, on `NOTIFICATIONS_PARALLEL_CONNECTIONS` connections
   in as many threads (the same technique and helpers as the notifications engine). The
   sending threads never touch the database: this thread records outcomes every RECORD_BATCH.
   Without SMTP each mail goes through the configured backend (the outbox), in this thread.

Delivery is at least once: a worker killed between sending and recording sends those mails
again. A temporary failure is tried again by the periodic job up to
STAFF_SAFETY_MAX_SEND_ATTEMPTS times; a permanent one (5xx) is recorded and shown to crisis
management. Addresses and links never reach a log line, only error type names do.
"""

from __future__ import annotations

import logging
import queue
import smtplib
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kuyakusho.core.services import active_ward
from kuyakusho.core.smtp import (
    bulk_backend_path,
    bulk_uses_smtp,
    close_quietly,
    is_permanent_failure,
    open_smtp,
    smtp_transaction,
)

from . import links
from .models import Recipient, Round, RoundStatus

logger = logging.getLogger(__name__)
GROUP = 100  # mails a sending thread takes at a time
RECORD_BATCH = 500  # outcomes recorded in one UPDATE
ADDRESS_MARK = "kuyakusho-safety-recipient@placeholder.invalid"
LINK_MARK = "http://kuyakusho-safety-link.invalid/KUYAKUSHOSAFETYLINKMARK"
MESSAGE_ID_MARK = "<KUYAKUSHOSAFETYMESSAGEID@kuyakusho.invalid>"
INITIAL, REMINDER = "initial", "reminder"


class Outgoing(NamedTuple):
    recipient_id: int
    address: str
    link: str


class Outcome(NamedTuple):
    recipient_id: int
    sent: bool
    permanent: bool = False
    error: str = ""


# --- the mail ------------------------------------------------------------------------------


def _section(round_: Round, link: str, language: str, *, reminder: bool) -> str:
    ward = active_ward()
    with override(language):
        lines = []
        if round_.is_drill:
            lines.append(_("【訓練】これは訓練です。実際の災害ではありません。"))
        if reminder:
            lines.append(_("【再送】まだ回答が届いていません。"))
        lines.append(
            _("%(ward)s 職員安否確認") % {"ward": ward.display_name(language) if ward else ""}
        )
        lines += ["", round_.title]
        if round_.message.strip():
            lines.append(round_.message.strip())
        lines += [
            "",
            _(
                "次のリンクを開き、あなたと家族の安否、参集できるかどうか、現在地を回答してください。ログインは不要です。"
            ),
            link,
            "",
            _(
                "このリンクはあなた専用です。ほかの人に転送しないでください。受付が終わるまで、何度でも回答を変えられます。"
            ),
        ]
    return "\n".join(lines).strip()


def subject(round_: Round, *, reminder: bool) -> str:
    with override("ja"):
        prefix = "【訓練】" if round_.is_drill else ""
        prefix += "【再送】" if reminder else ""
        return f"{prefix}【安否確認】{round_.title}"[:200]


def body(round_: Round, link: str, *, reminder: bool) -> str:
    """Japanese first, English below: staff of any language read the one mail."""
    japanese = _section(round_, link, "ja", reminder=reminder)
    english = _section(round_, link, "en", reminder=reminder)
    return f"{japanese}\n\n----------\n\n{english}\n"


def compose(
    round_: Round, address: str, link: str, *, reminder: bool, message_id: str | None = None
) -> EmailMessage:
    headers = {"Auto-Submitted": "auto-generated", "X-Kuyakusho-Drill": "1"}
    if not round_.is_drill:
        del headers["X-Kuyakusho-Drill"]
    if message_id:
        headers["Message-ID"] = message_id
    return EmailMessage(
        subject=subject(round_, reminder=reminder),
        body=body(round_, link, reminder=reminder),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers=headers,
    )


@dataclass
class Renderer:
    """Bytes of one mail per recipient from one rendered template (see the module doc)."""

    round: Round
    reminder: bool

    def __post_init__(self) -> None:
        self.domain = urlsplit(settings.SITE_URL).hostname or "localhost"
        mail = compose(
            self.round, ADDRESS_MARK, LINK_MARK, reminder=self.reminder, message_id=MESSAGE_ID_MARK
        )
        data = mail.message().as_bytes(linesep="\r\n")
        # A long line would make the body quoted-printable and could split a mark: then render
        # each mail in full instead (slower, same result).
        intact = data.count(LINK_MARK.encode()) == 2 and data.count(ADDRESS_MARK.encode()) == 1
        self.template = data if intact else None

    def render(self, item: Outgoing) -> bytes:
        message_id = f"<{uuid.uuid4().hex}@{self.domain}>"
        if self.template is None or not item.address.isascii():
            mail = compose(
                self.round, item.address, item.link, reminder=self.reminder, message_id=message_id
            )
            return mail.message().as_bytes(linesep="\r\n")
        return (
            self.template.replace(ADDRESS_MARK.encode(), item.address.encode())
            .replace(LINK_MARK.encode(), item.link.encode())
            .replace(MESSAGE_ID_MARK.encode(), message_id.encode())
        )


# --- what is due ---------------------------------------------------------------------------


def due_recipients(round_: Round, kind: str, number: int = 0):  # type: ignore[no-untyped-def]
    rows = Recipient.objects.filter(round=round_, send_failed=False)
    if kind == INITIAL:
        rows = rows.filter(sent_at__isnull=True)
    else:  # reminder `number` to those who have not answered (and got the first mail)
        rows = rows.filter(
            responded_at__isnull=True, sent_at__isnull=False, reminders_sent__lt=number
        )
    return rows


def _outgoing(round_: Round, kind: str, number: int) -> list[Outgoing]:
    columns = ("id", "link_key", "user__email", "user__safety_contact__personal_email")
    url = links.reply_url_maker()
    items = []
    for pk, key, account_email, personal_email in (
        due_recipients(round_, kind, number).order_by("id").values_list(*columns)
    ):
        address = personal_email or account_email
        items.append(Outgoing(pk, address, url(links.make_token(round_.pk, pk, key))))
    return items


# --- sending -------------------------------------------------------------------------------


def _send_group(smtp_box: list, sender: str, group: list[Outgoing], renderer: Renderer) -> list:
    outcomes = []
    for item in group:
        try:
            if smtp_box[0] is None:
                smtp_box[0] = open_smtp()
            smtp_transaction(smtp_box[0], sender, item.address, renderer.render(item))
        except (smtplib.SMTPException, OSError) as error:
            outcomes.append(
                Outcome(item.recipient_id, False, is_permanent_failure(error), type(error).__name__)
            )
            if not isinstance(error, smtplib.SMTPRecipientsRefused):
                close_quietly(smtp_box[0])  # may be broken; the next mail opens a new one
                smtp_box[0] = None
            continue
        outcomes.append(Outcome(item.recipient_id, True))
    return outcomes


_DONE = object()


def _send_smtp(items: list[Outgoing], renderer: Renderer, record) -> None:  # type: ignore[no-untyped-def]
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    work: queue.Queue = queue.Queue()
    results: queue.Queue = queue.Queue()
    for start in range(0, len(items), GROUP):
        work.put(items[start : start + GROUP])
    threads = max(1, min(settings.NOTIFICATIONS_PARALLEL_CONNECTIONS, work.qsize()))
    for _thread in range(threads):
        work.put(None)

    def loop() -> None:
        smtp_box: list = [None]
        try:
            while (group := work.get()) is not None:
                results.put(_send_group(smtp_box, sender, group, renderer))
        except BaseException as error:  # the recording thread must not wait for a dead one
            results.put(error)
        finally:
            close_quietly(smtp_box[0])
            results.put(_DONE)

    senders = [threading.Thread(target=loop, daemon=True) for _ in range(threads)]
    for thread in senders:
        thread.start()
    finished, pending, failure = 0, [], None
    while finished < threads:
        item = results.get()
        if item is _DONE:
            finished += 1
        elif isinstance(item, BaseException):
            failure = item
        else:
            pending += item
            if len(pending) >= RECORD_BATCH:
                record(pending)
                pending = []
    record(pending)
    if failure is not None:
        raise failure


def _send_backend(items: list[Outgoing], round_: Round, reminder: bool, record) -> None:  # type: ignore[no-untyped-def]
    connection = get_connection(bulk_backend_path(), fail_silently=False)
    pending = []
    for item in items:
        try:
            connection.send_messages([compose(round_, item.address, item.link, reminder=reminder)])
        except (smtplib.SMTPException, OSError) as error:
            pending.append(
                Outcome(item.recipient_id, False, is_permanent_failure(error), type(error).__name__)
            )
        else:
            pending.append(Outcome(item.recipient_id, True))
        if len(pending) >= RECORD_BATCH:
            record(pending)
            pending = []
    record(pending)


# --- recording -----------------------------------------------------------------------------


def _recorder(kind: str, number: int):  # type: ignore[no-untyped-def]
    def record(outcomes: list[Outcome]) -> None:
        if not outcomes:
            return
        now = timezone.now()
        sent = [o.recipient_id for o in outcomes if o.sent]
        if kind == INITIAL:
            if sent:
                Recipient.objects.filter(id__in=sent).update(
                    sent_at=now, send_attempts=F("send_attempts") + 1, last_error=""
                )
            failed = [o for o in outcomes if not o.sent]
            for outcome in failed:
                changes = {
                    "send_attempts": F("send_attempts") + 1,
                    "last_error": outcome.error[:60],
                }
                if outcome.permanent:
                    changes["send_failed"] = True  # refused for good: trying again cannot help
                Recipient.objects.filter(pk=outcome.recipient_id).update(**changes)
            if failed:
                Recipient.objects.filter(
                    id__in=[o.recipient_id for o in failed],
                    send_attempts__gte=settings.STAFF_SAFETY_MAX_SEND_ATTEMPTS,
                ).update(send_failed=True)
        else:
            if sent:
                Recipient.objects.filter(id__in=sent).update(reminders_sent=number)
            failed = [o for o in outcomes if not o.sent]
            for outcome in failed:
                # Refused for good: no further reminders (the periodic job retries the others).
                Recipient.objects.filter(pk=outcome.recipient_id).update(
                    last_error=outcome.error[:60], send_failed=outcome.permanent
                )
        failures = sum(1 for o in outcomes if not o.sent)
        if failures:
            logger.warning(
                "staff safety round: %s of %s mails not accepted (%s)",
                failures,
                len(outcomes),
                ", ".join(sorted({o.error for o in outcomes if not o.sent})),
            )

    return record


def claim(round_id: int) -> bool:
    """Take the right to send for this round for a lease; False when another task holds it."""
    now = timezone.now()
    until = now + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    free = Q(sending_until__isnull=True) | Q(sending_until__lt=now)
    return bool(Round.objects.filter(pk=round_id).filter(free).update(sending_until=until))


def release(round_id: int) -> None:
    Round.objects.filter(pk=round_id).update(sending_until=None)


def deliver(round_id: int, kind: str = INITIAL, number: int = 0) -> int:
    """Send what is due for the round (the first mail, or reminder `number`); the number of
    mails the server accepted. Does nothing while another task holds the round."""
    if not claim(round_id):
        return 0
    try:
        round_ = Round.objects.get(pk=round_id)
        if round_.status != RoundStatus.OPEN:
            return 0  # closed before its mail went out: nobody could answer any more
        items = _outgoing(round_, kind, number)
        if not items:
            return 0
        counted: list[int] = []
        record = _recorder(kind, number)

        def counting(outcomes: list[Outcome]) -> None:
            record(outcomes)
            counted.append(sum(1 for o in outcomes if o.sent))

        reminder = kind == REMINDER
        if bulk_uses_smtp():
            _send_smtp(items, Renderer(round_, reminder), counting)
        else:
            _send_backend(items, round_, reminder, counting)
        return sum(counted)
    finally:
        release(round_id)
