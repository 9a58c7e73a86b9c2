"""E-mail: text and HTML parts, one-click unsubscribe headers, one SMTP connection per batch."""

from __future__ import annotations

import smtplib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..links import preferences_url, unsubscribe_url
from .base import Channel, Outcome, register

if TYPE_CHECKING:
    from ..content import MessageTexts
    from ..models import Delivery


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


@register
class EmailChannel(Channel):
    code = "email"
    label = "メール"
    max_body_chars = 20_000

    def __init__(self) -> None:
        self.connection = None

    def _connection(self):  # type: ignore[no-untyped-def]
        if self.connection is None:
            self.connection = get_connection(
                settings.NOTIFICATIONS_EMAIL_BACKEND, fail_silently=False
            )
            self.connection.open()
        return self.connection

    def build(self, delivery: Delivery, texts: MessageTexts) -> EmailMultiAlternatives:
        text = texts.for_language(delivery.language)
        subscriber = delivery.subscriber
        unsubscribe, preferences = (
            unsubscribe_url(subscriber.token),
            preferences_url(subscriber.token),
        )
        with override(delivery.language):
            footer = _("配信の設定: %(preferences)s\n配信の停止: %(unsubscribe)s") % {
                "preferences": preferences,
                "unsubscribe": unsubscribe,
            }
            footer_html = format_html(
                '<hr><p><a href="{}">{}</a> | <a href="{}">{}</a></p>',
                preferences,
                _("配信の設定を変える"),
                unsubscribe,
                _("配信を止める"),
            )
        mail = EmailMultiAlternatives(
            subject=text.subject,
            body=f"{text.body_text}\n\n--\n{footer}\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscriber.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        mail.attach_alternative(f"{text.body_html}{footer_html}", "text/html")
        return mail

    def send(self, deliveries: list[Delivery], texts: MessageTexts) -> list[Outcome]:
        outcomes = []
        for delivery in deliveries:
            try:
                self._connection().send_messages([self.build(delivery, texts)])
            except (smtplib.SMTPException, OSError) as error:
                outcomes.append(
                    Outcome(delivery.pk, False, _is_permanent(error), type(error).__name__)
                )
                self.close()  # the connection may be broken; the next mail opens a new one
                continue
            outcomes.append(Outcome(delivery.pk, True))
        return outcomes

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # noqa: S110 - closing a broken connection may fail; nothing to do
                pass
            self.connection = None
