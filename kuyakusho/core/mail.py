"""Outbox e-mail backend: every message is stored for the back office, then sent by SMTP
when SMTP_URL is configured. Without SMTP the outbox is the delivery (embedded default)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import EmailMessage, EmailMultiAlternatives

from .models import OutboxMessage

logger = logging.getLogger(__name__)


def _html_part(message: EmailMessage) -> str:
    if isinstance(message, EmailMultiAlternatives):
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                return str(content)
    return ""


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        smtp = SMTPBackend(fail_silently=self.fail_silently) if settings.SMTP_URL else None
        sent = 0
        for message in email_messages:
            row = OutboxMessage.objects.create(
                from_email=message.from_email,
                to=list(message.to),
                cc=list(message.cc),
                bcc=list(message.bcc),
                subject=str(message.subject)[:255],
                body_text=str(message.body),
                body_html=_html_part(message),
                headers={k: str(v) for k, v in message.extra_headers.items()},
            )
            if smtp is None:
                sent += 1
                continue
            try:
                delivered = smtp.send_messages([message])
            except Exception as error:  # keep the outbox row; report the failure type only
                row.status = OutboxMessage.Status.FAILED
                row.error = type(error).__name__
                row.save(update_fields=["status", "error"])
                logger.warning("SMTP delivery failed for outbox message %s", row.pk)
                if not self.fail_silently:
                    raise
                continue
            row.status = OutboxMessage.Status.SENT if delivered else OutboxMessage.Status.FAILED
            row.save(update_fields=["status"])
            sent += delivered
        return sent
