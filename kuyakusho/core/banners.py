"""Site-wide banners that a domain puts above every page (the disaster domain: alerts in
force). Core knows no domain: domains register a provider; the context processor asks each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Banner:
    text: str
    url: str
    link_text: str
    lang: str = ""  # set when the text is not in the page's language
    is_exercise: bool = False
    is_emergency: bool = True


_providers: list[Callable[[str], list[Banner]]] = []


def register_banner_provider(provider: Callable[[str], list[Banner]]) -> None:
    """`provider(language)` returns the banners to show now, most important first."""
    if provider not in _providers:
        _providers.append(provider)


def banners_for(language: str) -> list[Any]:
    banners: list[Banner] = []
    for provider in _providers:
        banners.extend(provider(language))
    return banners
