"""An answer's text in the reader's language, or in Japanese with a note when it is missing."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from .models import Answer

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@dataclass(frozen=True)
class AnswerText:
    language: str  # the language of the text shown
    question: str
    body: str
    fallback: bool  # the reader's language is missing, so Japanese is shown


def text_for(answer: Answer, language: str) -> AnswerText:
    """Uses answer.translations.all(), so prefetch them when listing many answers."""
    by_language = {t.language: t for t in answer.translations.all()}
    chosen = by_language.get(language)
    fallback = chosen is None
    if chosen is None:
        chosen = by_language.get(settings.LANGUAGE_CODE) or next(iter(by_language.values()), None)
    if chosen is None:  # an answer is never saved without Japanese; be safe anyway
        return AnswerText(settings.LANGUAGE_CODE, "", "", True)
    return AnswerText(chosen.language, chosen.question, chosen.body, fallback)
