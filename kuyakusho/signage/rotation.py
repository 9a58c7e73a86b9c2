"""Slide rotation without JavaScript: which slide a request asks for, and where the page's
<meta http-equiv="refresh"> goes next.

The page never waits longer than NO_JS_MAX_WAIT seconds before it asks the server again, so an
override reaches a screen without JavaScript within that time. A slide shown longer than that
is reloaded in steps, the URL carrying how long it has been shown (`elapsed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

NO_JS_MAX_WAIT = 10  # seconds; also the refresh while an override is shown
PAUSED_REFRESH = 60  # a paused screen still looks for an override, just rarely
POLL_SECONDS = 5  # how often the script asks content.json whether anything changed
MAX_DIGITS = 6


def _small_int(value: Any) -> int | None:
    """A non-negative integer written in ASCII digits, or None for anything else."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    if len(value) > MAX_DIGITS:
        return None
    return int(value)


@dataclass(frozen=True)
class Position:
    slide: int  # 1-based
    count: int
    elapsed: int  # seconds this slide has been shown already
    paused: bool

    @property
    def index(self) -> int:
        return self.slide - 1

    @property
    def next_slide(self) -> int:
        return self.slide % self.count + 1

    @property
    def previous_slide(self) -> int:
        return (self.slide - 2) % self.count + 1


def parse_position(params: Any, count: int, seconds: int) -> Position:
    """?slide=N (1-based; past the last it wraps round; anything that is not a positive number
    means the first), ?elapsed=S and ?pause=1. Never raises."""
    count = max(1, count)
    number = _small_int(params.get("slide"))
    slide = 1 if not number else (number - 1) % count + 1
    elapsed = _small_int(params.get("elapsed")) or 0
    if elapsed >= seconds:
        elapsed = 0
    return Position(slide, count, elapsed, params.get("pause") == "1")


def query(slide: int, *, elapsed: int = 0, paused: bool = False) -> str:
    params: dict[str, Any] = {"slide": slide}
    if elapsed:
        params["elapsed"] = elapsed
    if paused:
        params["pause"] = 1
    return "?" + urlencode(params)


@dataclass(frozen=True)
class Refresh:
    seconds: int
    query: str


def refresh_for(position: Position, seconds: int, *, override: bool) -> Refresh:
    """Where the page goes next and after how many seconds."""
    if override:
        # Stay on the slide, so that the rotation resumes where it was once the alert ends.
        return Refresh(NO_JS_MAX_WAIT, query(position.slide, paused=position.paused))
    if position.paused:
        return Refresh(PAUSED_REFRESH, query(position.slide, paused=True))
    remaining = seconds - position.elapsed
    if remaining <= NO_JS_MAX_WAIT:
        return Refresh(remaining, query(position.next_slide))
    return Refresh(NO_JS_MAX_WAIT, query(position.slide, elapsed=position.elapsed + NO_JS_MAX_WAIT))
