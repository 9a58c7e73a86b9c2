"""Mail: every message lands in the outbox; with SMTP_URL it is delivered by a real SMTP server."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.test import Client

from kuyakusho.core.models import OutboxMessage

from ..conftest import free_port as _free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox_backend(settings):
    settings.EMAIL_BACKEND = "kuyakusho.core.mail.OutboxEmailBackend"


def test_without_smtp_mail_is_kept_in_the_outbox(outbox_backend, settings):
    settings.SMTP_URL = ""
    message = mail.EmailMultiAlternatives(
        "件名", "本文です", "ward@example.jp", ["resident@example.jp"]
    )
    message.attach_alternative("<p>本文です</p>", "text/html")
    assert message.send() == 1
    row = OutboxMessage.objects.get()
    assert (row.subject, row.body_text, row.body_html, row.to) == (
        "件名",
        "本文です",
        "<p>本文です</p>",
        ["resident@example.jp"],
    )
    assert row.status == OutboxMessage.Status.STORED


def test_with_smtp_mail_is_delivered_and_recorded(outbox_backend, smtp_server):
    sent = mail.send_mail("お知らせ", "日本語の本文", "ward@example.jp", ["resident@example.jp"])
    assert sent == 1
    deadline = time.time() + 5
    while not smtp_server.messages and time.time() < deadline:
        time.sleep(0.05)
    delivered = smtp_server.messages[0]
    assert delivered["To"] == "resident@example.jp"
    assert "日本語の本文" in delivered.get_payload(decode=True).decode("utf-8")
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_a_refused_smtp_connection_keeps_the_message_and_marks_it_failed(outbox_backend, settings):
    port = _free_port()  # nothing listens here
    settings.SMTP_URL = f"smtp://127.0.0.1:{port}"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    with pytest.raises(OSError):
        mail.send_mail("件名", "本文", "ward@example.jp", ["resident@example.jp"])
    row = OutboxMessage.objects.get()
    assert row.status == OutboxMessage.Status.FAILED
    assert row.body_text == "本文"
    assert "127.0.0.1" not in row.error


def test_sign_up_sends_a_verification_mail_to_the_outbox(ward, outbox_backend, settings):
    settings.SMTP_URL = ""
    response = Client().post(
        "/accounts/signup/",
        {
            "email": "new.resident@example.jp",
            "password1": "a-long-passphrase-2026",
            "password2": "a-long-passphrase-2026",
        },
    )
    assert response.status_code == 302
    row = OutboxMessage.objects.get(to=["new.resident@example.jp"])
    assert "/accounts/confirm-email/" in row.body_text


def test_staff_with_outbox_permission_read_sent_mail_and_the_read_is_audited(
    ward, outbox_backend, settings, ict_client, ict_admin, road_client
):
    from kuyakusho.core.models import AuditRecord

    settings.SMTP_URL = ""
    mail.send_mail("区からのお知らせ", "本文", "ward@example.jp", ["resident@example.jp"])
    row = OutboxMessage.objects.get(subject="区からのお知らせ")
    assert "区からのお知らせ" in ict_client.get("/staff/outbox/").content.decode()
    assert "resident@example.jp" in ict_client.get(f"/staff/outbox/{row.pk}/").content.decode()
    assert AuditRecord.objects.filter(
        verb="core.outbox.read", target_id=str(row.pk), actor_id=ict_admin.user.pk
    ).exists()
    assert road_client.get(f"/staff/outbox/{row.pk}/").status_code == 403
