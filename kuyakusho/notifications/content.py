"""Message text per language with the ward's fallback order, rendered once per language."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe

from .models import Message, MessageTranslation


def fallback_chain(language: str) -> list[str]:
    """The languages to try for a reader of `language`, best first, ending in Japanese."""
    chain = [language, *settings.NOTIFICATIONS_LANGUAGE_FALLBACK.get(language, [])]
    if settings.LANGUAGE_CODE not in chain:
        chain.append(settings.LANGUAGE_CODE)
    return list(dict.fromkeys(chain))


def resolve_language(available: set[str], wanted: str) -> str:
    for language in fallback_chain(wanted):
        if language in available:
            return language
    return next(iter(sorted(available)), settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class RenderedText:
    language: str
    subject: str
    body_text: str
    body_html: str


def render(translation: MessageTranslation) -> RenderedText:
    html = mark_safe(linebreaks(escape(translation.body)))  # noqa: S308 - escaped first
    return RenderedText(translation.language, translation.subject, translation.body, html)


class MessageTexts:
    """All languages of one message, looked up with fallback; built once per batch."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self.by_language = {t.language: render(t) for t in message.translations.all()}

    def for_language(self, language: str) -> RenderedText:
        return self.by_language[resolve_language(set(self.by_language), language)]
