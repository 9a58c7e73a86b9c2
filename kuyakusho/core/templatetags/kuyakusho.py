from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def ward_name(ward: Any) -> str:
    if ward is None:
        return ""
    return ward.display_name(get_language() or "ja")


@register.simple_tag
def department_name(department: Any) -> str:
    return department.display_name(get_language() or "ja") if department is not None else ""


@register.simple_tag(takes_context=True)
def ruby(context: dict, base: str, reading: str) -> str:
    """Furigana on Japanese pages when the reader asked for it. The ruby is hidden from
    assistive technology and the plain word is given once in visually hidden text, so screen
    readers read it once. Other languages get `base` as it is (pass it already translated)."""
    language = get_language() or "ja"
    if not context.get("furigana") or not language.startswith("ja"):
        return format_html("{}", base)
    return format_html(
        '<span class="ruby-term"><ruby aria-hidden="true">{}<rp>(</rp><rt>{}</rt><rp>)</rp></ruby>'
        '<span class="visually-hidden">{}</span></span>',
        base,
        reading,
        base,
    )


@register.filter
def get_item(mapping: dict, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.inclusion_tag("components/map_with_list.html")
def map_with_list(places: list, caption: str, map_id: str = "map") -> dict[str, Any]:
    """Render places (core.geo.Feature) as a table that a Leaflet map enhances."""
    from kuyakusho.core.geo import feature_collection, ward_map_config

    config = {**ward_map_config(), "geojson": feature_collection(places)}
    return {
        "places": places,
        "caption": caption,
        "map_id": map_id,
        "config": config,
        "config_id": f"{map_id}-config",
    }


@register.filter
def html_lang(code: str) -> str:
    """The value for a lang attribute: やさしい日本語 is Japanese to browsers and screen readers."""
    from kuyakusho.core.i18n import html_lang as to_html_lang

    return to_html_lang(code)


@register.filter
def localised(obj: Any) -> str:
    """`obj.display_name(language)` for the current language (topics, areas, departments)."""
    if obj is None:
        return ""
    return obj.display_name(get_language() or "ja")
