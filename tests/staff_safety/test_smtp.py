"""Through a real SMTP server on loopback (aiosmtpd): every staff member gets exactly one
message with a working link, over several connections in parallel; an address the server
refuses for good is recorded as undeliverable and not tried again; a server that is down
leaves the mails to be tried again, without addresses or links in the log."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client

from kuyakusho.staff_safety.models import Recipient
from kuyakusho.staff_safety.sending import deliver

from ..conftest import free_port, make_staff
from .conftest import answer, start

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://127\.0\.0\.1:8000(/safety/reply/[^/\s]+/)")


def text_of(message) -> str:  # type: ignore[no-untyped-def]
    return message.get_content()


def our_log(caplog) -> str:  # type: ignore[no-untyped-def]
    """What the platform logged; the test SMTP server's own debug log ("mail.log") prints
    every mail it receives, which a real MTA is not asked to do here."""
    return "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")


@pytest.fixture
def many_staff(office, departments):
    """Sixty more staff across three departments, so that several connections are used."""
    codes = ["residents", "publicity", "road"]
    return [
        make_staff(f"member{i:02d}@example.jp", departments[codes[i % 3]], "staff", with_totp=False)
        for i in range(60)
    ]


def test_everyone_gets_one_message_with_a_working_link(
    smtp_server, settings, many_staff, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_PARALLEL_CONNECTIONS = 4
    round_ = start(django_capture_on_commit_callbacks, title="震度5強の地震", drill=True)
    messages = smtp_server.wait_for(65)
    assert len(messages) == 65
    recipients = sorted(m["To"] for m in messages)
    assert len(set(recipients)) == 65 and "member07@example.jp" in recipients
    assert Recipient.objects.filter(round=round_, sent_at__isnull=False).count() == 65
    message = smtp_server.to("member07@example.jp")[0]
    # (The parser keeps the space of the folded header line; mail clients drop it.)
    assert message["Subject"].strip() == "【訓練】【安否確認】震度5強の地震"
    assert message["Message-ID"] and message["Auto-Submitted"] == "auto-generated"
    body = text_of(message)
    paths = set(LINK.findall(body))
    assert len(paths) == 1
    response = answer(Client(), paths.pop(), status="safe", attendance="now")
    assert response.status_code == 302
    member = Recipient.objects.get(round=round_, user__email="member07@example.jp")
    assert member.status == "safe"
    # The links in different mails differ (the template's placeholders were replaced).
    links = {LINK.findall(text_of(m))[0] for m in messages}
    assert len(links) == 65


class RefusingHandler:
    """Accepts mail, but refuses one address for good (550) as a real server would."""

    def __init__(self, refused: str) -> None:
        self.refused = refused
        self.accepted: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == self.refused:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.accepted += envelope.rcpt_tos
        return "250 OK"


def test_a_refused_address_is_recorded_and_not_tried_again(
    smtp_server, settings, office, django_capture_on_commit_callbacks, caplog
):
    from aiosmtpd.controller import Controller

    handler = RefusingHandler("parks@example.jp")
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_PORT = port
    try:
        with caplog.at_level(logging.DEBUG):
            round_ = start(django_capture_on_commit_callbacks)
        parks = Recipient.objects.get(round=round_, user=office["parks"].user)
        assert parks.send_failed and parks.sent_at is None
        assert parks.last_error == "SMTPRecipientsRefused"
        assert len(handler.accepted) == 4
        assert deliver(round_.pk) == 0  # nothing left to try
        logged = our_log(caplog)
        assert "SMTPRecipientsRefused" in logged
        assert "parks@example.jp" not in logged and "/safety/reply/" not in logged
    finally:
        controller.stop()


def test_a_server_that_is_down_leaves_the_mails_to_be_tried_again(
    smtp_server, settings, office, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with caplog.at_level(logging.DEBUG):
        round_ = start(django_capture_on_commit_callbacks)
    rows = Recipient.objects.filter(round=round_)
    assert rows.filter(sent_at__isnull=True, send_failed=False, send_attempts=1).count() == 5
    assert "ConnectionRefusedError" in our_log(caplog)
    assert "@example.jp" not in our_log(caplog)
    # The server is back: the next try sends them all.
    settings.EMAIL_PORT = int(settings.SMTP_URL.rsplit(":", 1)[1])
    assert deliver(round_.pk) == 5
    assert len(smtp_server.wait_for(5)) == 5
