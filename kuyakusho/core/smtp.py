"""Bulk mail straight over SMTP: open one connection and run many cheap transactions on it.

Shared by the notifications engine (kuyakusho.notifications.channels.email) and staff safety
confirmation (kuyakusho.staff_safety.sending). Callers render each message to bytes themselves
(usually from one template with per-recipient placeholders) and keep one connection per
sending thread; these helpers hold what is the same for every such caller.

Bulk senders use SMTP directly only when `settings.NOTIFICATIONS_EMAIL_BACKEND` is Django's
SMTP backend (set whenever SMTP_URL is; the setting is named for the notifications engine,
which came first). Otherwise bulk mail goes through that backend, the outbox, like all mail.
"""

from __future__ import annotations

import smtplib
import ssl

from django.conf import settings

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def bulk_uses_smtp() -> bool:
    """Whether bulk mail goes straight to SMTP (else through the configured Django backend)."""
    return settings.NOTIFICATIONS_EMAIL_BACKEND == SMTP_BACKEND


def bulk_backend_path() -> str:
    return settings.NOTIFICATIONS_EMAIL_BACKEND


def is_permanent_failure(error: Exception) -> bool:
    """A 5xx answer: sending the same mail to the same address again will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def open_smtp() -> smtplib.SMTP:
    """A connection to the configured server (SMTP_URL), logged in and greeted."""
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or 30
    if settings.EMAIL_USE_SSL:
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.EMAIL_HOST,
            settings.EMAIL_PORT,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:
        connection = smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=timeout)
        if settings.EMAIL_USE_TLS:
            connection.starttls(context=ssl.create_default_context())
    if settings.EMAIL_HOST_USER:
        connection.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
    connection.ehlo_or_helo_if_needed()
    return connection


def smtp_transaction(smtp: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> None:
    """MAIL, RCPT, DATA for one recipient. smtplib.sendmail would parse both addresses with the
    email package on every call (a third of the CPU per message); callers pass addresses that
    are validated already (no CR/LF) and parse the sender once per batch."""
    code, reply = smtp.docmd("MAIL", f"FROM:<{sender}>")
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    code, reply = smtp.docmd("RCPT", f"TO:<{recipient}>")
    if code not in (250, 251):
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
    code, reply = smtp.data(data)
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPDataError(code, reply)


def close_quietly(smtp: smtplib.SMTP | None) -> None:
    """QUIT, ignoring a connection that is already broken."""
    if smtp is None:
        return
    try:
        smtp.quit()
    except Exception:  # noqa: S110 - closing a broken connection may fail; nothing to do
        pass
