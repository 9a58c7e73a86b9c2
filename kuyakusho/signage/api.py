"""Signage API: what a screen shows now (the same as /signage/<slug>/content.json) and the
override in force, for players and other systems that do not use the HTML view."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from . import rotation, selectors

router = Router(tags=["signage"])


class ErrorOut(Schema):
    detail: str


class ScreenOut(Schema):
    slug: str
    name: str
    location: str
    language: str
    seconds_per_slide: int


class OverrideOut(Schema):
    id: int
    source: str = Field(..., description='"manual" (staff), or the domain that set it')
    title: str
    body: str
    severity: Literal["caution", "emergency"] = Field(
        ..., description="caution is shown yellow, emergency red"
    )
    severity_label: str
    exercise: bool = Field(..., description="an exercise (訓練), marked as such on screen")
    exercise_label: str
    expires_at: datetime


class SlideOut(Schema):
    kind: Literal["message", "notice", "event", "empty"]
    label: str
    title: str
    text: str
    when: str = Field(..., description="events: date and time as the screen shows them")
    venue: str
    lang: str = Field(
        ..., description="language of title and text when not the screen's; empty when it is"
    )


class ContentOut(Schema):
    screen: ScreenOut
    ward: str
    version: str = Field(..., description="changes whenever anything shown changes")
    poll_seconds: int
    override: OverrideOut | None = Field(
        ..., description="when set, screens show only this instead of the slides"
    )
    slides: list[SlideOut]
    generated_at: datetime


def _no_store(response: HttpResponse) -> None:
    add_never_cache_headers(response)


@router.get(
    "/signage/override",
    response=OverrideOut | None,
    summary="The override every screen shows now, or null",
)
def get_override(request: HttpRequest, response: HttpResponse) -> dict | None:
    _no_store(response)
    return selectors.override_payload(selectors.active_override())


@router.get(
    "/signage/screens/{slug}",
    response={200: ContentOut, 404: ErrorOut},
    summary="What one active screen shows now, in its language",
)
def get_screen_content(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = Path(..., max_length=50, pattern=r"^[-a-zA-Z0-9_]+$"),
) -> dict:
    _no_store(response)
    screen = selectors.displayable_screen(slug)
    if screen is None:
        raise HttpError(404, "no such screen")
    with translation.override(screen.language):
        state = selectors.screen_state(screen)
        return selectors.content_payload(state, poll_seconds=rotation.POLL_SECONDS)
