"""The daily digest: one e-mail per subscriber with every message held for them since the last."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone
from django.utils.html import escape, format_html_join, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import override

from .channels.email import mail_footer
from .content import MessageTexts
from .links import unsubscribe_url
from .models import Delivery, DeliveryStatus, Message


def send_digests() -> int:
    held = (
        Delivery.objects.filter(status=DeliveryStatus.DIGEST, channel="email")
        .select_related("subscriber")
        .order_by("subscriber_id", "message_id")
    )
    per_subscriber: dict[int, list[Delivery]] = defaultdict(list)
    for delivery in held:
        if delivery.subscriber.is_active and not delivery.subscriber.undeliverable:
            per_subscriber[delivery.subscriber_id].append(delivery)
    texts = {
        m.pk: MessageTexts(m)
        for m in Message.objects.filter(
            pk__in={d.message_id for group in per_subscriber.values() for d in group}
        ).prefetch_related("translations")
    }
    sent = 0
    with get_connection(settings.NOTIFICATIONS_EMAIL_BACKEND) as connection:
        for deliveries in per_subscriber.values():
            connection.send_messages([_digest_mail(deliveries, texts)])
            Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now(), attempts=1
            )
            sent += 1
    return sent


def _digest_mail(
    deliveries: list[Delivery], texts: dict[int, MessageTexts]
) -> EmailMultiAlternatives:
    subscriber = deliveries[0].subscriber
    parts = [texts[d.message_id].for_language(d.language) for d in deliveries]
    unsubscribe = unsubscribe_url(subscriber.token)
    footer, footer_html = mail_footer(subscriber.language, subscriber.token)
    with override(subscriber.language):
        subject = _("本日のお知らせ（%(count)s件）") % {"count": len(parts)}
    body = "\n\n".join(f"■ {p.subject}\n{p.body_text}" for p in parts) + f"\n\n--\n{footer}\n"
    html = format_html_join(
        "", "<h2>{}</h2>{}", ((p.subject, linebreaks(escape(p.body_text))) for p in parts)
    )
    mail = EmailMultiAlternatives(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.attach_alternative(f"{html}{footer_html}", "text/html")
    return mail
