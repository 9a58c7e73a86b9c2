"""The append-only, hash-chained audit log, which is also the platform's event bus.

log_action(actor, verb, target, data) writes one AuditRecord inside the caller's transaction.
Subscribers registered with subscribe() are called after that transaction commits, so a
rolled-back change never announces itself.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditRecord

logger = logging.getLogger(__name__)
GENESIS_HASH = "0" * 64

Subscriber = Callable[[AuditRecord], None]
_subscribers: list[tuple[str, Subscriber]] = []


def subscribe(verb_pattern: str, handler: Subscriber) -> None:
    """Call handler(record) after commit for every record whose verb matches the glob pattern."""
    _subscribers.append((verb_pattern, handler))


def unsubscribe(handler: Subscriber) -> None:
    _subscribers[:] = [(p, h) for p, h in _subscribers if h is not handler]


def _canonical(record: AuditRecord) -> bytes:
    payload = {
        "sequence": record.sequence,
        "created_at": record.created_at.isoformat(),
        "actor_id": record.actor_id,
        "actor_label": record.actor_label,
        "verb": record.verb,
        "target_type": record.target_type,
        "target_id": record.target_id,
        "data": record.data,
        "previous_hash": record.previous_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder).encode()


def compute_hash(record: AuditRecord) -> str:
    return hashlib.sha256(_canonical(record)).hexdigest()


def _describe_target(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)
    if isinstance(target, tuple) and len(target) == 2:
        return str(target[0]), str(target[1])
    return type(target).__name__, str(target)


def _describe_actor(actor: Any) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "system" if actor is None else "anonymous"
    # The label is a pseudonymous handle, not the person's name or e-mail address.
    return actor.pk, f"user:{actor.pk}"


def log_action(actor: Any, verb: str, target: Any = None, data: dict | None = None) -> AuditRecord:
    """Append one record to the chain and schedule subscribers for after the commit."""
    target_type, target_id = _describe_target(target)
    actor_id, actor_label = _describe_actor(actor)
    clean_data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        record = AuditRecord(
            sequence=head.sequence + 1,
            created_at=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label,
            verb=verb,
            target_type=target_type,
            target_id=target_id,
            data=clean_data,
            previous_hash=head.last_hash,
        )
        record.record_hash = compute_hash(record)
        record.save(force_insert=True)
        AuditChainHead.objects.filter(id=1).update(
            sequence=record.sequence, last_hash=record.record_hash
        )
    transaction.on_commit(lambda: _dispatch(record))
    return record


def _dispatch(record: AuditRecord) -> None:
    for pattern, handler in list(_subscribers):
        if fnmatch.fnmatchcase(record.verb, pattern):
            try:
                handler(record)
            except Exception:  # a failing subscriber must not break the others
                logger.exception("audit subscriber %r failed for %s", handler, record.verb)


@dataclass
class ChainProblem:
    sequence: int
    problem: str


def iter_problems(batch_size: int = 2000) -> Iterator[ChainProblem]:
    """Walk the whole chain and yield every break: edits, deletions, reordering."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    last_sequence = 0
    for record in AuditRecord.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if record.sequence != expected_sequence:
            yield ChainProblem(
                record.sequence,
                f"records {expected_sequence}–{record.sequence - 1} are missing",
            )
        if record.previous_hash != expected_previous:
            yield ChainProblem(record.sequence, "link to the previous record is broken")
        if compute_hash(record) != record.record_hash:
            yield ChainProblem(record.sequence, "content does not match its hash (edited)")
        expected_previous = record.record_hash
        expected_sequence = record.sequence + 1
        last_sequence = record.sequence
    head = AuditChainHead.objects.filter(id=1).first()
    if head and head.sequence != last_sequence:
        yield ChainProblem(head.sequence, "the newest records were deleted")
    if head and last_sequence and head.last_hash != expected_previous:
        yield ChainProblem(last_sequence, "the newest record does not match the chain head")


def verify_chain() -> tuple[int, list[ChainProblem]]:
    problems = list(iter_problems())
    return AuditRecord.objects.count(), problems
