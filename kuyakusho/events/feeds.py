"""Atom feed (RFC 4287) of upcoming published events, newest announcements first."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from .display import when_text
from .selectors import upcoming_events

FEED_SIZE = 50


def upcoming_feed_response(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or settings.LANGUAGE_CODE
    link = settings.SITE_URL + reverse("events:list")
    feed = Atom1Feed(
        title=_("イベント"),
        link=link,
        description=_("これから開かれるイベント"),
        language=language,
        feed_url=settings.SITE_URL + reverse("events:feed"),
    )
    host = request.get_host().split(":")[0]
    events = sorted(
        upcoming_events(FEED_SIZE), key=lambda e: e.published_at or e.created_at, reverse=True
    )
    for event in events:
        # Atom1Feed labels the summary type="html": plain text written by a group must reach
        # feed readers escaped, with its line breaks as paragraphs, never as markup.
        summary = linebreaks(f"{when_text(event)} / {event.venue}\n\n{event.description}", True)
        when = event.published_at or event.created_at
        feed.add_item(
            title=event.title,
            link=settings.SITE_URL + reverse("events:detail", args=[event.pk]),
            description=summary,
            unique_id=f"tag:{host},2026:events/event/{event.pk}",
            pubdate=when,
            updateddate=event.updated_at,
            categories=[event.category.display_name(language)],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
