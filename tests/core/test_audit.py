"""The audit log: append-only, hash-chained, verifiable, and an event bus after commit."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from kuyakusho.core import audit
from kuyakusho.core.models import AuditRecord

pytestmark = pytest.mark.django_db(transaction=True)


def _write(n: int) -> list[AuditRecord]:
    return [
        audit.log_action(None, "test.event", ("thing", str(i)), {"i": i, "名前": "値"})
        for i in range(n)
    ]


def test_records_form_a_chain_that_verifies(capsys):
    records = _write(5)
    assert [r.sequence for r in records] == [1, 2, 3, 4, 5]
    assert records[0].previous_hash == audit.GENESIS_HASH
    assert all(b.previous_hash == a.record_hash for a, b in zip(records, records[1:], strict=False))
    call_command("audit", "verify")
    assert "5 record(s), chain intact" in capsys.readouterr().out


def test_verify_fails_after_a_record_is_edited_directly_in_the_database():
    _write(3)
    with connection.cursor() as cursor:
        table = AuditRecord._meta.db_table
        cursor.execute(f"UPDATE {table} SET verb = %s WHERE sequence = 2", ["tampered"])  # noqa: S608
    with pytest.raises(CommandError, match="FAILED"):
        call_command("audit", "verify")
    problems = audit.verify_chain()[1]
    assert [p.sequence for p in problems] == [2]


def test_verify_fails_after_a_record_is_deleted_directly_in_the_database():
    _write(4)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditRecord._meta.db_table} WHERE sequence = 2")  # noqa: S608
    count, problems = audit.verify_chain()
    assert count == 3
    assert any("missing" in p.problem for p in problems)


def test_verify_detects_the_newest_record_being_deleted():
    _write(3)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditRecord._meta.db_table} WHERE sequence = 3")  # noqa: S608
    assert any("newest" in p.problem for p in audit.verify_chain()[1])


def test_the_orm_refuses_to_change_or_delete_records():
    record = _write(1)[0]
    record.verb = "changed"
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    with pytest.raises(PermissionError):
        AuditRecord.objects.filter(pk=record.pk).update(verb="x")
    with pytest.raises(PermissionError):
        AuditRecord.objects.all().delete()


def test_subscribers_hear_committed_events_only():
    heard: list[str] = []

    def handler(record):
        heard.append(record.verb)

    audit.subscribe("portal.*", handler)
    try:
        with transaction.atomic():
            audit.log_action(None, "portal.notice.published", None, {})
            audit.log_action(None, "reports.other", None, {})
            assert heard == []  # not before the commit
        assert heard == ["portal.notice.published"]
        with pytest.raises(RuntimeError), transaction.atomic():
            audit.log_action(None, "portal.notice.deleted", None, {})
            raise RuntimeError("roll back")
        assert heard == ["portal.notice.published"]
        # A rolled-back record leaves no gap in the chain.
        assert audit.verify_chain()[1] == []
    finally:
        audit.unsubscribe(handler)


def test_a_failing_subscriber_does_not_break_the_action_or_other_subscribers():
    heard = []

    def broken(record):
        raise ValueError("boom")

    def listener(record):
        heard.append(record.sequence)

    audit.subscribe("x.*", broken)
    audit.subscribe("x.*", listener)
    try:
        record = audit.log_action(None, "x.y", None, {})
        assert heard == [record.sequence]
    finally:
        audit.unsubscribe(broken)
        audit.unsubscribe(listener)


def test_actor_is_recorded_pseudonymously(django_user_model):
    user = django_user_model.objects.create_user(email="someone@example.jp", password="x" * 12)
    record = audit.log_action(user, "test.actor", user, {})
    assert record.actor_id == user.pk
    assert "someone" not in record.actor_label


@pytest.mark.scaleout
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
def test_concurrent_writers_never_fork_the_chain():
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def write(worker: int) -> None:
        try:
            for i in range(25):
                with transaction.atomic():
                    audit.log_action(None, "test.concurrent", ("worker", str(worker)), {"i": i})
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(write, range(6)))
    count, problems = audit.verify_chain()
    assert count == 150
    assert problems == []
    assert sorted(AuditRecord.objects.values_list("sequence", flat=True)) == list(range(1, 151))
