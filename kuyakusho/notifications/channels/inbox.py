"""In-app inbox on マイページ: the delivery row itself is the inbox item."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _lazy

from .base import Channel, Outcome, register

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
