"""Atom feed (RFC 4287) of the messages published on one topic, in the reader's language."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit
from xml.dom import minidom

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed

from .content import MessageTexts
from .models import Message, Topic
from .selectors import published_messages

FEED_SIZE = 50


def _new_feed(topic: Topic, language: str) -> tuple[Atom1Feed, str]:
    link = settings.SITE_URL + reverse("notifications:topic_feed", args=[topic.code])
    feed = Atom1Feed(
        title=topic.display_name(language),
        link=link,
        description=topic.description_ja,
        language=language,
        feed_url=link,
    )
    return feed, link


def _add_entry(
    feed: Atom1Feed,
    link: str,
    host: str,
    message: Message,
    texts: MessageTexts,
    language: str,
    when: datetime | None,
) -> None:
    text = texts.for_language(language)
    feed.add_item(
        title=text.subject,
        link=f"{link}#message-{message.pk}",
        description=text.body_text,
        unique_id=f"tag:{host},2026:notifications/message/{message.pk}",
        pubdate=when,
        updateddate=when,
        categories=["緊急"] if message.is_emergency else None,
    )


def topic_feed_response(request: HttpRequest, topic: Topic) -> HttpResponse:
    language = translation.get_language() or settings.LANGUAGE_CODE
    feed, link = _new_feed(topic, language)
    host = request.get_host().split(":")[0]
    for message in published_messages(topic.code)[:FEED_SIZE]:
        _add_entry(feed, link, host, message, MessageTexts(message), language, message.queued_at)
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def entry_preview(texts: MessageTexts, language: str) -> str:
    """The <entry> a reader of `language` will find in the topic's feed, indented for reading.
    A message not sent yet is dated now, as it will be dated when it is."""
    message = texts.message
    feed, link = _new_feed(message.topic, language)
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    _add_entry(feed, link, host, message, texts, language, message.queued_at or timezone.now())
    document = minidom.parseString(feed.writeString("utf-8"))  # noqa: S318 - our own XML
    return document.getElementsByTagName("entry")[0].toprettyxml(indent="  ").strip()
