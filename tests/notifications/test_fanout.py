"""The fan-out engine over a real SMTP server on loopback: targeting, languages, headers,
idempotence, retries and bounces."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from kuyakusho.notifications import fanout, services
from kuyakusho.notifications.models import Delivery, DeliveryStatus, MessageStatus, Subscriber

from .conftest import make_subscriber

pytestmark = pytest.mark.django_db

TEXTS = {
    "ja": ("道路工事のお知らせ", "明日、北部で道路工事を行います。"),
    "en": ("Road works", "Road works in the north tomorrow."),
}


def _send(staff, topic, *, areas=(), channels=("email",), texts=TEXTS, **extra):
    message = services.save_draft(
        staff, topic=topic, channels=list(channels), texts=texts, areas=list(areas), **extra
    )
    message = services.submit(staff, message)
    fanout.deliver(message.pk)
    message.refresh_from_db()
    return message


def test_targeted_message_reaches_subscribers_in_their_language_and_no_one_else(
    road_staff, topics, areas, smtp_server
):
    make_subscriber("north.ja@example.jp", topics=[topics["safety"]], areas=[areas["north"]])
    make_subscriber(
        "north.en@example.jp", topics=[topics["safety"]], areas=[areas["north"]], language="en"
    )
    make_subscriber(
        "north.ko@example.jp", topics=[topics["safety"]], areas=[areas["north"]], language="ko"
    )
    make_subscriber("south@example.jp", topics=[topics["safety"]], areas=[areas["south"]])
    make_subscriber("other-topic@example.jp", topics=[topics["childcare"]], areas=[areas["north"]])
    gone = make_subscriber("gone@example.jp", topics=[topics["safety"]], areas=[areas["north"]])
    gone.unsubscribed_at = timezone.now()
    gone.save()

    message = _send(road_staff.user, topics["safety"], areas=[areas["north"]])
    received = smtp_server.wait_for(3)
    assert sorted(m["To"] for m in received) == [
        "north.en@example.jp",
        "north.ja@example.jp",
        "north.ko@example.jp",
    ]
    assert smtp_server.to("north.ja@example.jp")[0]["Subject"] == "道路工事のお知らせ"
    assert smtp_server.to("north.en@example.jp")[0]["Subject"] == "Road works"
    # Korean is missing: the fallback order for ko is en, then やさしい日本語, then ja.
    assert smtp_server.to("north.ko@example.jp")[0]["Subject"] == "Road works"
    assert message.status == MessageStatus.SENT


def test_every_mail_has_text_html_and_one_click_unsubscribe(road_staff, topics, smtp_server):
    subscriber = make_subscriber("hanako@example.jp", topics=[topics["safety"]])
    _send(road_staff.user, topics["safety"])
    mail = smtp_server.wait_for(1)[0]
    assert (
        str(mail["List-Unsubscribe"]).strip()
        == f"<http://127.0.0.1:8000/notifications/unsubscribe/{subscriber.token}/>"
    )
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    kinds = sorted(part.get_content_type() for part in mail.walk() if not part.is_multipart())
    assert kinds == ["text/html", "text/plain"]
    text = mail.get_body(("plain",)).get_content()
    assert (
        "明日、北部で道路工事を行います。" in text
        and f"/notifications/manage/{subscriber.token}/" in text
    )


def test_ward_wide_message_reaches_every_area_and_no_area(road_staff, topics, areas, smtp_server):
    make_subscriber("north@example.jp", topics=[topics["safety"]], areas=[areas["north"]])
    make_subscriber("anywhere@example.jp", topics=[topics["safety"]])
    _send(road_staff.user, topics["safety"])
    assert len(smtp_server.wait_for(2)) == 2


def test_queueing_twice_creates_no_duplicate_deliveries(road_staff, topics, smtp_server):
    make_subscriber("once@example.jp", topics=[topics["safety"]])
    message = services.save_draft(
        road_staff.user, topic=topics["safety"], channels=["email"], texts=TEXTS
    )
    services.submit(road_staff.user, message)
    message.refresh_from_db()
    message.status = MessageStatus.SCHEDULED  # as if another worker raced to queue it again
    message.save()
    fanout.queue_message(message)
    assert Delivery.objects.filter(message=message).count() == 1
    fanout.deliver(message.pk)
    fanout.deliver(message.pk)
    assert len(smtp_server.wait_for(2, timeout=1)) == 1


def test_quiet_hours_defer_ordinary_messages_but_not_emergencies(
    road_staff, ict_admin, topics, smtp_server, settings
):
    now_local = timezone.localtime()
    start = (now_local - timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (now_local + timedelta(hours=1)).time().replace(second=0, microsecond=0)
    make_subscriber(
        "sleeping@example.jp",
        topics=[topics["safety"], topics["emergency"]],
        quiet_start=start,
        quiet_end=end,
    )
    ordinary = _send(road_staff.user, topics["safety"])
    delivery = Delivery.objects.get(message=ordinary)
    assert delivery.status == DeliveryStatus.QUEUED and delivery.next_attempt_at > timezone.now()
    settings.EMERGENCY_TWO_PERSON_RULE = False
    _send(road_staff.user, topics["emergency"])
    received = smtp_server.wait_for(1)
    assert [m["Subject"] for m in received] == ["道路工事のお知らせ"]  # the emergency only
    assert len(received) == 1


def test_quiet_hours_spanning_midnight():
    tz = timezone.get_current_timezone()
    late = timezone.datetime(2026, 11, 22, 23, 30, tzinfo=tz)
    until = fanout._quiet_until(late, time(22, 0), time(7, 0))
    assert until == timezone.datetime(2026, 11, 23, 7, 0, tzinfo=tz)
    assert fanout._quiet_until(late.replace(hour=12), time(22, 0), time(7, 0)) is None


def test_temporary_failures_retry_with_backoff_and_permanent_ones_mark_the_address(
    road_staff, topics, settings
):
    settings.NOTIFICATIONS_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        9,
        1,
    )  # nothing listens
    make_subscriber("later@example.jp", topics=[topics["safety"]])
    message = _send(road_staff.user, topics["safety"])
    delivery = Delivery.objects.get(message=message)
    assert delivery.status == DeliveryStatus.QUEUED and delivery.attempts == 1
    assert delivery.next_attempt_at >= timezone.now() + timedelta(
        seconds=settings.NOTIFICATIONS_RETRY_BASE_SECONDS - 5
    )
    assert message.status == MessageStatus.SENDING  # not finished while a retry is pending

    from kuyakusho.notifications.channels import Outcome

    subscriber = Subscriber.objects.get(email="later@example.jp")
    for _ in range(settings.NOTIFICATIONS_BOUNCE_LIMIT):
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SENDING, claimed_by="w"
        )
        fanout.record_outcomes([Outcome(delivery.pk, False, True, "SMTPRecipientsRefused")], "w")
    subscriber.refresh_from_db()
    assert subscriber.undeliverable
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.BOUNCED


def test_expired_claims_of_a_dead_worker_return_to_the_queue(road_staff, topics):
    make_subscriber("a@example.jp", topics=[topics["safety"]])
    message = services.save_draft(
        road_staff.user, topic=topics["safety"], channels=["email"], texts=TEXTS
    )
    message.status = MessageStatus.SCHEDULED
    message.save()
    fanout.queue_message(message)
    claimed = fanout.claim_batch(message.pk, "dead-worker", 10)
    assert len(claimed) == 1
    assert fanout.claim_batch(message.pk, "other", 10) == []
    assert fanout.release_expired_claims(timezone.now() + timedelta(seconds=300)) == 1
    assert len(fanout.claim_batch(message.pk, "other", 10)) == 1


def test_each_recipient_gets_their_own_links_and_message_id(road_staff, topics, smtp_server):
    subscribers = [make_subscriber(f"p{i}@example.jp", topics=[topics["safety"]]) for i in range(3)]
    _send(road_staff.user, topics["safety"])
    received = smtp_server.wait_for(3)
    assert len({m["Message-ID"] for m in received}) == 3
    for subscriber in subscribers:
        mail = smtp_server.to(subscriber.email)[0]
        assert subscriber.token in str(mail["List-Unsubscribe"])
        assert subscriber.token in mail.get_body(("html",)).get_content()
        assert "placeholder" not in mail.as_string() and "KUYAKUSHO" not in mail.as_string()


def test_very_long_lines_arrive_intact_with_the_right_links(road_staff, topics, smtp_server):
    subscriber = make_subscriber("long@example.jp", topics=[topics["safety"]])
    long_line = "長い行" * 400  # > 998 octets: the body becomes quoted-printable
    _send(road_staff.user, topics["safety"], texts={"ja": ("長文", long_line)})
    mail = smtp_server.wait_for(1)[0]
    text = mail.get_body(("plain",)).get_content()
    assert long_line in text.replace("\n", "")
    assert f"/notifications/manage/{subscriber.token}/" in text
    assert subscriber.token in str(mail["List-Unsubscribe"])


def test_without_smtp_notifications_go_to_the_outbox(road_staff, topics, settings):
    from kuyakusho.core.models import OutboxMessage

    settings.EMAIL_BACKEND = settings.NOTIFICATIONS_EMAIL_BACKEND = (
        "kuyakusho.core.mail.OutboxEmailBackend"
    )
    settings.SMTP_URL = ""
    make_subscriber("outbox@example.jp", topics=[topics["safety"]])
    _send(road_staff.user, topics["safety"])
    row = OutboxMessage.objects.get(to=["outbox@example.jp"])
    assert (
        row.subject == "道路工事のお知らせ"
        and row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )


def test_daily_digest_holds_ordinary_messages_and_sends_one_mail(
    road_staff, topics, smtp_server, settings
):
    from kuyakusho.notifications.digest import send_digests

    subscriber = make_subscriber(
        "daily@example.jp", topics=[topics["safety"], topics["emergency"]], digest="daily"
    )
    _send(road_staff.user, topics["safety"], texts={"ja": ("一件目", "本文1")})
    _send(road_staff.user, topics["safety"], texts={"ja": ("二件目", "本文2")})
    settings.EMERGENCY_TWO_PERSON_RULE = False
    _send(road_staff.user, topics["emergency"], texts={"ja": ("緊急", "すぐに避難")})
    assert [m["Subject"] for m in smtp_server.wait_for(1)] == ["緊急"]  # emergencies never wait
    assert send_digests() == 1
    digest = smtp_server.wait_for(2)[-1]
    text = digest.get_body(("plain",)).get_content()
    assert digest["Subject"] == "本日のお知らせ（2件）"
    assert (
        "一件目" in text
        and "二件目" in text
        and f"/notifications/unsubscribe/{subscriber.token}/" in text
    )
    assert send_digests() == 0  # nothing is sent twice


def test_other_workers_wait_while_rows_are_written_and_take_over_a_dead_writer(
    road_staff, topics, settings
):
    make_subscriber("w@example.jp", topics=[topics["safety"]])
    message = services.submit(
        road_staff.user,
        services.save_draft(
            road_staff.user, topic=topics["safety"], channels=["email"], texts=TEXTS
        ),
    )
    assert fanout.start_fanout(message.pk) is True
    assert fanout.start_fanout(message.pk) is False  # only one writer
    assert fanout.rows_still_being_written(message.pk)  # others keep polling for rows
    assert fanout.resume_stalled_fanout(message.pk) is False  # the writer is alive
    from kuyakusho.notifications.models import Message

    Message.objects.filter(pk=message.pk).update(
        queued_at=timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS + 1)
    )
    assert not fanout.rows_still_being_written(message.pk)  # a silent writer is not waited for
    assert fanout.resume_stalled_fanout(message.pk) is True
    assert fanout.insert_deliveries(message.pk) == 1
    assert not fanout.rows_still_being_written(message.pk)


def test_consecutive_messages_never_reuse_each_others_text(road_staff, topics, smtp_server):
    make_subscriber("seq@example.jp", topics=[topics["safety"]])
    for i in range(5):
        _send(road_staff.user, topics["safety"], texts={"ja": (f"件名{i}", f"本文{i}")})
    received = smtp_server.wait_for(5)
    assert [m["Subject"] for m in received] == [f"件名{i}" for i in range(5)]
    assert [m.get_body(("plain",)).get_content().splitlines()[0] for m in received] == [
        f"本文{i}" for i in range(5)
    ]
