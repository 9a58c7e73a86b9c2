"""What each recipient gets, per language and channel, shown to staff before sending.

The channels render their own previews (Channel.preview); this module only walks the message's
languages and channels and wraps HTML parts into documents for a sandboxed frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape

from kuyakusho.core.i18n import html_lang

from .channels import REGISTRY, PreviewPart
from .content import MessageTexts
from .models import Message


@dataclass(frozen=True)
class ShownPart:
    part: PreviewPart
    # For "html" parts: a whole document for <iframe sandbox srcdoc>, so that nothing in it can
    # run or restyle the staff page.
    document: str = ""


@dataclass
class ChannelPreview:
    code: str
    label: str
    parts: list[ShownPart] = field(default_factory=list)


@dataclass
class LanguagePreview:
    language: str
    name: str
    html_lang: str
    channels: list[ChannelPreview] = field(default_factory=list)


def _document(html: str, language: str, title: str) -> str:
    """A plain (not "safe") string: the template escapes all of it into the srcdoc attribute."""
    return (
        f'<!DOCTYPE html><html lang="{escape(html_lang(language))}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>{html}</body></html>"
    )


def message_previews(message: Message) -> list[LanguagePreview]:
    """One entry per language of the message (in the ward's language order), each with one
    entry per channel chosen for the message."""
    texts = MessageTexts(message)
    names = dict(settings.LANGUAGES)
    order = [code for code, _name in settings.LANGUAGES]
    languages = sorted(texts.by_language, key=lambda c: order.index(c) if c in order else 99)
    previews = []
    for language in languages:
        entry = LanguagePreview(language, names.get(language, language), html_lang(language))
        for code in message.channels:
            if code not in REGISTRY:
                continue
            channel = REGISTRY[code]()
            try:
                parts = channel.preview(texts, language)
            finally:
                channel.close()
            label = str(channel.label)
            entry.channels.append(
                ChannelPreview(
                    code,
                    label,
                    [
                        ShownPart(
                            part,
                            _document(part.text, language, f"{label}: {part.label}")
                            if part.kind == "html"
                            else "",
                        )
                        for part in parts
                    ],
                )
            )
        previews.append(entry)
    return previews
