"""Atom feed per topic: public, read by anyone; no delivery rows (see views_public.topic_feed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .base import Channel, Outcome, PreviewPart, register

if TYPE_CHECKING:
    from ..content import MessageTexts
    from ..models import Delivery


@register
class FeedChannel(Channel):
    code = "feed"
    label = _lazy("Atom フィード")
    per_subscriber = False

    def send(self, deliveries: list[Delivery], texts: MessageTexts) -> list[Outcome]:
        return []

    def preview(self, texts: MessageTexts, language: str) -> list[PreviewPart]:
        from ..feeds import entry_preview  # the feed view's own rendering

        return [PreviewPart(_("Atom フィードの項目"), "code", text=entry_preview(texts, language))]
