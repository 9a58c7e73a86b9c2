"""The full-screen view of one screen and its content.json. Both are never cached anywhere:
an override must reach every screen at its next request."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kuyakusho.core.i18n import html_lang

from . import rotation, selectors
from .models import Screen


def render_screen(request: HttpRequest, screen: Screen, *, preview: bool = False) -> HttpResponse:
    """The page in the screen's language, whatever the visitor's own choice."""
    with translation.override(screen.language):
        state = selectors.screen_state(screen)
        position = rotation.parse_position(request.GET, len(state.slides), screen.seconds_per_slide)
        refresh = rotation.refresh_for(
            position, screen.seconds_per_slide, override=state.override is not None
        )
        now = timezone.localtime()
        context = {
            "screen": screen,
            "screen_lang": html_lang(screen.language),
            "state": state,
            "override": state.override,
            "slides": state.slides,
            "position": position,
            "refresh": refresh,
            "refresh_url": request.path + refresh.query,
            "previous_url": request.path + rotation.query(position.previous_slide),
            "next_url": request.path + rotation.query(position.next_slide),
            "pause_url": request.path + rotation.query(position.slide, paused=True),
            "resume_url": request.path + rotation.query(position.slide),
            "content_url": "" if preview else reverse("signage:content", args=[screen.slug]),
            "poll_seconds": rotation.POLL_SECONDS,
            "preview": preview,
            "now": now,
            "today": selectors.day_text(now.date()),
            "time_zone": settings.TIME_ZONE,
        }
        response = render(request, "signage/screen.html", context)
    response["Content-Language"] = screen.language
    return response


@never_cache
@require_GET
def screen_view(request: HttpRequest, slug: str) -> HttpResponse:
    screen = selectors.displayable_screen(slug)
    if screen is None:
        raise Http404
    return render_screen(request, screen)


@never_cache
@require_GET
def content_json(request: HttpRequest, slug: str) -> JsonResponse:
    """What the screen shows now, with `version` (changes whenever anything shown changes) and
    `override` (null, or the alert that replaces every slide)."""
    screen = selectors.displayable_screen(slug)
    if screen is None:
        return JsonResponse({"detail": "not found"}, status=404)
    with translation.override(screen.language):
        state = selectors.screen_state(screen)
        payload = selectors.content_payload(state, poll_seconds=rotation.POLL_SECONDS)
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = screen.language
    return response
