"""Demo: the ward's alert rules (two-person rule on, alerts to the 緊急 topic) and the disaster
page written once, so that /disaster/ is there before the first alert."""

from __future__ import annotations

from typing import Any

from . import publication
from .models import AlertPolicy

DEMO_TOPIC = "emergency"  # the notifications demo's 緊急 topic (is_emergency)


def load(ward: Any) -> None:
    rules = AlertPolicy.objects.order_by("pk").first() or AlertPolicy()
    if not rules.notification_topic_code:
        rules.notification_topic_code = DEMO_TOPIC
        rules.save()
    publication.write_pages()
