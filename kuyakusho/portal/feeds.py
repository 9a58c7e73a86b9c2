"""Atom feed (RFC 4287) of the ward's notices (お知らせ), newest first, in the reader's
language where the notice has an English version, narrowed like the list (?category=, ?area=)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from .selectors import NoticeFilter, live_notices

FEED_SIZE = 30


def notices_feed_response(request: HttpRequest, index) -> HttpResponse:  # type: ignore[no-untyped-def]
    language = translation.get_language() or settings.LANGUAGE_CODE
    chosen = NoticeFilter.from_params(request.GET)
    query = chosen.query_string()
    suffix = f"?{query}" if query else ""
    feed = Atom1Feed(
        title=_("お知らせ"),
        link=settings.SITE_URL + index.url + suffix,
        description=_("区からのお知らせ"),
        language=language,
        feed_url=settings.SITE_URL + reverse("portal:notices_feed") + suffix,
    )
    host = request.get_host().split(":")[0]
    for notice in live_notices(index, chosen).prefetch_related("areas")[:FEED_SIZE]:
        english = notice.in_english(language)
        summary = notice.summary_en if english and notice.summary_en else notice.summary
        feed.add_item(
            title=notice.localized_title(language),
            link=settings.SITE_URL + notice.url,
            # The summary is plain text; Atom1Feed labels it type="html", so escape it.
            description=linebreaks(summary, autoescape=True),
            unique_id=f"tag:{host},2026:portal/notice/{notice.pk}",
            pubdate=notice.first_published_at,
            updateddate=notice.last_published_at or notice.first_published_at,
            categories=[
                notice.category.display_name(language),
                *(area.display_name(language) for area in notice.areas.all()),
            ],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
