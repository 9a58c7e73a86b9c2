from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@register.filter
def description(category: Any) -> str:
    """A category's description in the reader's language (Japanese or English)."""
    return category.display_description(get_language() or "ja") if category else ""


@register.filter
def hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@register.filter
def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
