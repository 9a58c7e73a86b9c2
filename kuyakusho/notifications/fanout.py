"""The fan-out engine: one Delivery row per (message, recipient, channel), claimed by workers.

- queue_message() writes the rows in batches (bulk inserts that ignore duplicates, so running
  it twice adds nothing) and enqueues delivery tasks after the commit.
- Workers claim batches with a conditional UPDATE (status queued → sending, with a lease), send
  them over one connection per thread, and record outcomes in small groups, so that a worker
  killed mid-send loses at most the group in flight: those rows keep status "sending", their
  lease expires, and they are sent again. A row recorded as sent is never touched again.
- Temporary failures retry with exponential backoff; permanent ones count against the address,
  which is marked undeliverable after NOTIFICATIONS_BOUNCE_LIMIT.
"""

from __future__ import annotations

import logging
import queue
import threading
import time as time_module
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import connection, connections, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.functional import cached_property

from .channels import REGISTRY, Outcome, get_channel
from .content import MessageTexts, resolve_language
from .models import Delivery, DeliveryStatus, Message, MessageStatus, Subscriber, WebhookEndpoint
from .selectors import recipients

logger = logging.getLogger(__name__)
INSERT_BATCH = 2000
RECORD_GROUP = 20  # deliveries a sending thread takes at a time
RECORD_BATCH = 200  # outcomes written in one transaction
RECORD_EVERY_SECONDS = 0.1


def _quiet_until(now_local: datetime, start: time | None, end: time | None) -> datetime | None:
    """The end of the subscriber's quiet hours if `now_local` falls inside them."""
    if start is None or end is None or start == end:
        return None
    current = now_local.time()
    inside = start <= current < end if start < end else (current >= start or current < end)
    if not inside:
        return None
    until = now_local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return until if until > now_local else until + timedelta(days=1)


# The columns written per row; the rest keep their defaults (NULL).
ROW_COLUMNS = (
    "message_id",
    "subscriber_id",
    "endpoint_id",
    "channel",
    "language",
    "status",
    "attempts",
    "next_attempt_at",
    "claimed_by",
    "last_error",
)


def _subscriber_rows(message: Message, now: datetime) -> Iterator[tuple]:
    languages = set(message.translations.values_list("language", flat=True))
    wanted = set(message.channels) & {code for code, c in REGISTRY.items() if c.per_subscriber}
    now_local = timezone.localtime(now)
    adapt = connection.ops.adapt_datetimefield_value
    now_value = adapt(now)
    for sub_id, language, channels, digest, quiet_start, quiet_end, user_id in _recipient_rows(
        message
    ):
        quiet = None if message.is_emergency else _quiet_until(now_local, quiet_start, quiet_end)
        for channel in wanted & set(channels or []):
            if REGISTRY[channel].needs_account and user_id is None:
                continue
            status = DeliveryStatus.QUEUED.value
            if channel == "email" and digest == "daily" and not message.is_emergency:
                status = DeliveryStatus.DIGEST.value
            due = adapt(quiet) if quiet and channel != "inbox" else now_value
            language_used = resolve_language(languages, language)
            yield (message.pk, sub_id, None, channel, language_used, status, 0, due, "", "")


def _recipient_rows(message: Message) -> Iterator[tuple]:
    """Recipients page by page on the primary key: no cursor stays open across the commits
    that write the delivery rows in between."""
    columns = ("id", "language", "channels", "digest", "quiet_start", "quiet_end", "user_id")
    last_id = 0
    while True:
        page = list(
            recipients(message)
            .filter(id__gt=last_id)
            .order_by("id")
            .values_list(*columns)[:INSERT_BATCH]
        )
        yield from page
        if len(page) < INSERT_BATCH:
            return
        last_id = page[-1][0]


def _endpoint_rows(message: Message, now: datetime) -> Iterator[tuple]:
    if "webhook" not in message.channels:
        return
    due = connection.ops.adapt_datetimefield_value(now)
    for endpoint_id in WebhookEndpoint.objects.filter(
        is_active=True, topics=message.topic_id
    ).values_list("id", flat=True):
        yield (
            message.pk,
            None,
            endpoint_id,
            "webhook",
            "ja",
            DeliveryStatus.QUEUED,
            0,
            due,
            "",
            "",
        )


def _write(rows: list[tuple]) -> None:
    """One INSERT per chunk that skips rows which exist (the unique constraints), so writing
    twice adds nothing. Plain tuples through executemany: model instances and bulk_create
    cost ~60 µs a row, CPU that the sending threads of the same process were waiting for."""
    table = connection.ops.quote_name(Delivery._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ROW_COLUMNS)
    placeholders = ", ".join(["%s"] * len(ROW_COLUMNS))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"  # noqa: S608 - names from the model, values bound
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _insert(rows: Iterator[tuple]) -> int:
    total, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= INSERT_BATCH:
            _write(batch)
            total, batch = total + len(batch), []
    if batch:
        _write(batch)
        total += len(batch)
    return total


def start_fanout(message_id: int) -> bool:
    """Take the right to create the delivery rows: exactly one caller wins per message."""
    now = timezone.now()
    due = Message.objects.filter(pk=message_id, status=MessageStatus.SCHEDULED).filter(
        models.Q(scheduled_at__isnull=True) | models.Q(scheduled_at__lte=now)
    )
    return bool(due.update(status=MessageStatus.SENDING, queued_at=now))


def insert_deliveries(message_id: int) -> int:
    """Write the rows in chunks, each committed on its own, so workers can start sending after
    the first chunk while the rest is still being written."""
    message = Message.objects.get(pk=message_id)
    now = timezone.now()
    written = _insert(_subscriber_rows(message, now)) + _insert(_endpoint_rows(message, now))
    Message.objects.filter(pk=message_id).update(rows_written_at=timezone.now())
    return written


def resume_stalled_fanout(message_id: int) -> bool:
    """Take over writing the rows when the worker that started has been silent for a lease:
    inserts ignore rows that exist, so writing again completes the set."""
    now = timezone.now()
    stalled = now - timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    return bool(
        Message.objects.filter(
            pk=message_id,
            status=MessageStatus.SENDING,
            rows_written_at__isnull=True,
            queued_at__lt=stalled,
        ).update(queued_at=now)
    )


def rows_still_being_written(message_id: int) -> bool:
    stalled = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    return Message.objects.filter(
        pk=message_id,
        status=MessageStatus.SENDING,
        rows_written_at__isnull=True,
        queued_at__gte=stalled,
    ).exists()


def queue_message(message: Message) -> int:
    """Create every delivery row now (no sending); returns how many rows were written."""
    if not start_fanout(message.pk):
        return 0
    return insert_deliveries(message.pk)


def release_expired_claims(now: datetime | None = None) -> int:
    """Rows whose worker died mid-send go back to the queue once their lease has run out."""
    now = now or timezone.now()
    return Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_until__lt=now).update(
        status=DeliveryStatus.QUEUED, claimed_by="", claimed_until=None
    )


class Recipient(NamedTuple):
    email: str
    token: str


class Claimed:
    """A claimed delivery as plain values: building a model instance (and its related rows)
    per recipient cost a fifth of the sending time. Channels read `pk`, `channel`, `language`
    and `subscriber.email` / `subscriber.token`; webhooks load `endpoint` and `message`."""

    COLUMNS = (
        "id",
        "channel",
        "language",
        "message_id",
        "endpoint_id",
        "subscriber__email",
        "subscriber__token",
    )
    __slots__ = ("pk", "channel", "language", "message_id", "endpoint_id", "subscriber", "__dict__")

    def __init__(self, pk, channel, language, message_id, endpoint_id, email, token) -> None:  # type: ignore[no-untyped-def]
        self.pk, self.channel, self.language = pk, channel, language
        self.message_id, self.endpoint_id = message_id, endpoint_id
        self.subscriber = Recipient(email, token) if email is not None else None

    @cached_property
    def endpoint(self) -> WebhookEndpoint:
        return WebhookEndpoint.objects.get(pk=self.endpoint_id)

    @cached_property
    def message(self) -> Message:
        return Message.objects.select_related("topic").get(pk=self.message_id)


def claim_batch(message_id: int, worker_id: str, size: int) -> list[Claimed]:
    now = timezone.now()
    with transaction.atomic():
        candidates = Delivery.objects.filter(
            message_id=message_id, status=DeliveryStatus.QUEUED, next_attempt_at__lte=now
        ).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("id", flat=True)[:size])
        if not ids:
            return []
        claimed = Delivery.objects.filter(message_id=message_id, status=DeliveryStatus.QUEUED)
        if connection.features.has_select_for_update_skip_locked:
            claimed = claimed.filter(id__in=ids)  # exactly the rows this transaction locked
        else:
            # SQLite has one writer at a time: the due rows of the range are the candidates,
            # and a range is cheaper to bind than hundreds of ids.
            claimed = claimed.filter(id__range=(ids[0], ids[-1]), next_attempt_at__lte=now)
        claimed.update(
            status=DeliveryStatus.SENDING,
            claimed_by=worker_id,
            claimed_until=now + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS),
        )
    rows = (
        Delivery.objects.filter(id__in=ids, claimed_by=worker_id, status=DeliveryStatus.SENDING)
        .order_by("id")
        .values_list(*Claimed.COLUMNS)
    )
    return [Claimed(*row) for row in rows]


def record_outcomes(outcomes: list[Outcome], worker_id: str) -> None:
    now = timezone.now()
    sent = [o.delivery_id for o in outcomes if o.sent]
    with transaction.atomic():
        if sent:
            Delivery.objects.filter(id__in=sent, claimed_by=worker_id).update(
                status=DeliveryStatus.SENT,
                sent_at=now,
                attempts=F("attempts") + 1,
                claimed_by="",
                claimed_until=None,
            )
        for outcome in (o for o in outcomes if not o.sent):
            _record_failure(outcome, worker_id, now)


def _record_failure(outcome: Outcome, worker_id: str, now: datetime) -> None:
    delivery = Delivery.objects.filter(pk=outcome.delivery_id, claimed_by=worker_id).first()
    if delivery is None:
        return
    delivery.attempts += 1
    delivery.last_error = outcome.error[:200]
    delivery.claimed_by, delivery.claimed_until = "", None
    if outcome.permanent:
        delivery.status = DeliveryStatus.BOUNCED
        if delivery.subscriber_id:
            Subscriber.objects.filter(pk=delivery.subscriber_id).update(
                permanent_failures=F("permanent_failures") + 1
            )
            Subscriber.objects.filter(
                pk=delivery.subscriber_id,
                permanent_failures__gte=settings.NOTIFICATIONS_BOUNCE_LIMIT,
            ).update(undeliverable=True)
    elif delivery.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.status = DeliveryStatus.QUEUED
        backoff = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1)
        delivery.next_attempt_at = now + timedelta(seconds=backoff)
    delivery.save(
        update_fields=[
            "attempts",
            "last_error",
            "claimed_by",
            "claimed_until",
            "status",
            "next_attempt_at",
        ]
    )


def _send_group(channels: dict, group: list[Claimed], texts: MessageTexts) -> list[Outcome]:
    """Send one group, channel by channel, over the caller's open channels."""
    outcomes = []
    for code in sorted({d.channel for d in group}):
        channel = channels.setdefault(code, get_channel(code))
        outcomes += channel.send([d for d in group if d.channel == code], texts)
    return outcomes


def _drain(message_id: int, texts: MessageTexts) -> int:
    """Claim, send and record in the calling thread, until nothing is due: the path inside a
    transaction or on an in-memory database, where other threads could not see the rows."""
    worker_id = f"{threading.get_ident()}-{get_random_string(8)}"
    channels: dict[str, object] = {}
    sent = 0
    try:
        while batch := claim_batch(message_id, worker_id, settings.NOTIFICATIONS_BATCH_SIZE):
            for start in range(0, len(batch), RECORD_GROUP):
                group = batch[start : start + RECORD_GROUP]
                outcomes = _send_group(channels, group, texts)
                record_outcomes(outcomes, worker_id)
                sent += sum(1 for o in outcomes if o.sent)
    finally:
        for channel in channels.values():
            channel.close()
    return sent


def _send_loop(work: queue.Queue, results: queue.Queue, texts: MessageTexts) -> None:
    """A sending thread: takes groups of claimed deliveries, sends them over this thread's own
    connections and hands the outcomes back. It writes nothing to the database."""
    channels: dict[str, object] = {}
    try:
        while (group := work.get()) is not None:
            results.put(_send_group(channels, group, texts))
    except BaseException as error:  # the coordinator must not wait for a dead thread
        results.put(error)
    finally:
        for channel in channels.values():
            channel.close()
        connections.close_all()  # webhooks read their endpoint in this thread


def _pump(message_id: int, texts: MessageTexts, threads: int) -> int:
    """Claim and record in this thread only, send in `threads` others. One database writer
    per process, and few transactions: on SQLite, sending threads that each claimed and
    recorded queued behind one another on the write lock, leaving both cores part idle.
    Outcomes are recorded at least every RECORD_EVERY_SECONDS, so a killed worker re-sends
    at most what it sent in that time (and what was in flight)."""
    worker_id = f"{threading.get_ident()}-{get_random_string(8)}"
    work: queue.Queue[list[Claimed] | None] = queue.Queue()
    results: queue.Queue[list[Outcome] | BaseException] = queue.Queue()
    senders = [
        threading.Thread(target=_send_loop, args=(work, results, texts), daemon=True)
        for _ in range(threads)
    ]
    for sender in senders:
        sender.start()
    in_flight = sent = 0
    unrecorded: list[Outcome] = []
    last_record = time_module.monotonic()
    try:
        while True:
            if in_flight < 2 * threads:
                batch = claim_batch(message_id, worker_id, settings.NOTIFICATIONS_BATCH_SIZE)
                for start in range(0, len(batch), RECORD_GROUP):
                    work.put(batch[start : start + RECORD_GROUP])
                    in_flight += 1
                if not batch and in_flight == 0:
                    if not rows_still_being_written(message_id):
                        break
                    time_module.sleep(0.02)
                    continue
            try:
                item = results.get(timeout=RECORD_EVERY_SECONDS)
            except queue.Empty:
                item = []
            else:
                in_flight -= 1
            if isinstance(item, BaseException):
                raise item
            unrecorded += item
            stale = time_module.monotonic() - last_record >= RECORD_EVERY_SECONDS
            if unrecorded and (len(unrecorded) >= RECORD_BATCH or in_flight == 0 or stale):
                record_outcomes(unrecorded, worker_id)
                sent += sum(1 for o in unrecorded if o.sent)
                unrecorded, last_record = [], time_module.monotonic()
    finally:
        for _sender in senders:
            work.put(None)
        for sender in senders:
            sender.join()
        if unrecorded:  # what was sent before an error is still recorded as sent
            record_outcomes(unrecorded, worker_id)
    return sent + sum(1 for o in unrecorded if o.sent)


def deliver(message_id: int) -> int:
    """Write the delivery rows if nobody has yet, and send everything that is due, over several
    connections in parallel; sending starts as soon as the first chunk of rows is committed."""
    release_expired_claims()
    fanning = start_fanout(message_id) or resume_stalled_fanout(message_id)
    message = (
        Message.objects.prefetch_related("translations", "areas")
        .select_related("topic")
        .get(pk=message_id)
    )
    texts = MessageTexts(message)
    threads = max(1, settings.NOTIFICATIONS_PARALLEL_CONNECTIONS)
    if connection.in_atomic_block or (
        connection.vendor == "sqlite"
        and connection.creation.is_in_memory_db(connection.settings_dict["NAME"])
    ):
        threads = 1  # other threads could not see uncommitted rows or an in-memory database
    if threads == 1:
        if fanning:
            insert_deliveries(message_id)
        total = _drain(message_id, texts)
    else:
        with ThreadPoolExecutor(max_workers=1) as pool:
            writer = pool.submit(_insert_in_thread, message_id) if fanning else None
            total = _pump(message_id, texts, threads)
            if writer is not None:
                writer.result()
    finish_if_done(message_id)
    return total


def _insert_in_thread(message_id: int) -> int:
    try:
        return insert_deliveries(message_id)
    finally:
        connections.close_all()


def finish_if_done(message_id: int) -> bool:
    open_rows = Delivery.objects.filter(
        message_id=message_id, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING]
    )
    if open_rows.exists():
        return False
    return bool(
        Message.objects.filter(pk=message_id, status=MessageStatus.SENDING).update(
            status=MessageStatus.SENT, sent_at=timezone.now()
        )
    )
