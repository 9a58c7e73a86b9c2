"""In-app inbox on マイページ: the delivery row itself is the inbox item."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import override

from .base import Channel, Outcome, PreviewPart, register

if TYPE_CHECKING:
    from ..content import MessageTexts
    from ..models import Delivery


@register
class InboxChannel(Channel):
    code = "inbox"
    label = _lazy("マイページの受信箱")
    needs_account = True

    def send(self, deliveries: list[Delivery], texts: MessageTexts) -> list[Outcome]:
        return [Outcome(d.pk, True) for d in deliveries]

    def preview(self, texts: MessageTexts, language: str) -> list[PreviewPart]:
        """The item as マイページ shows it, with the template the inbox page uses."""
        text = texts.for_language(language)
        with override(language):
            html = render_to_string(
                "notifications/_inbox_message.html",
                {"text": text, "message": texts.message, "sent_at": texts.message.queued_at},
            )
        return [
            PreviewPart(_("受信箱の一覧に出る件名"), "text", text=text.subject),
            PreviewPart(_("受信箱で開いたときの表示"), "html", text=html),
        ]
