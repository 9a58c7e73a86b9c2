from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from ..display import time_text, when_text
from ..text import render_plain_text

register = template.Library()


@register.filter
def plain_text(value: str) -> SafeString:
    """Text written by a group or resident, as paragraphs with http(s) links; never HTML."""
    return render_plain_text(value)


@register.filter
def event_when(event: Any) -> str:
    return when_text(event)


@register.filter
def event_time(event: Any) -> str:
    return time_text(event)


@register.simple_tag
def organiser_name(event: Any) -> str:
    from django.utils.translation import get_language

    if event.group_id:
        return event.group.name
    return event.department.display_name(get_language() or "ja")
