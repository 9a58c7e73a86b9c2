"""Atom feed (RFC 4287) of the messages published on one topic, in the reader's language."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed

from .content import MessageTexts
from .models import Topic
from .selectors import published_messages

FEED_SIZE = 50


def topic_feed_response(request: HttpRequest, topic: Topic) -> HttpResponse:
    language = translation.get_language() or settings.LANGUAGE_CODE
    link = settings.SITE_URL + reverse("notifications:topic_feed", args=[topic.code])
    feed = Atom1Feed(
        title=topic.display_name(language),
        link=link,
        description=topic.description_ja,
        language=language,
        feed_url=link,
    )
    for message in published_messages(topic.code)[:FEED_SIZE]:
        text = MessageTexts(message).for_language(language)
        feed.add_item(
            title=text.subject,
            link=f"{link}#message-{message.pk}",
            description=text.body_text,
            unique_id=f"tag:{request.get_host().split(':')[0]},2026:notifications/message/{message.pk}",
            pubdate=message.queued_at,
            updateddate=message.queued_at,
            categories=["緊急"] if message.is_emergency else None,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
