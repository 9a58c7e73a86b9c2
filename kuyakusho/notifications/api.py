"""Notifications API: topics, areas, subscribe/confirm/unsubscribe, preferences by token, inbox.
Feeds are public URLs (/notifications/topics/<code>/feed.atom)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth
from pydantic import StringConstraints

from . import selectors, subscriptions
from .content import MessageTexts
from .models import Area, Digest, Subscriber, Topic

router = Router(tags=["notifications"])


class ErrorOut(Schema):
    detail: str


class TopicOut(Schema):
    code: str
    name: str
    emergency: bool
    feed_url: str


class AreaOut(Schema):
    code: str
    kind: str
    name: str


Code = Annotated[str, StringConstraints(pattern=r"^[-a-z0-9_]{1,40}$")]


class PreferencesIn(Schema):
    topics: list[Code] = Field(..., min_length=1, max_length=50)
    areas: list[Code] = Field(default_factory=list, max_length=200)
    language: str = Field("ja", max_length=12)
    digest: Digest = Digest.IMMEDIATE
    quiet_start: time | None = None
    quiet_end: time | None = None


class SubscribeIn(PreferencesIn):
    email: str = Field(..., max_length=254)


class TokenIn(Schema):
    token: str = Field(..., min_length=1, max_length=300, pattern=r"^[A-Za-z0-9_:\-]+$")


class StatusOut(Schema):
    status: str


class PreferencesOut(PreferencesIn):
    email: str
    active: bool


class InboxItemOut(Schema):
    id: int
    topic: str
    subject: str
    body: str
    language: str
    emergency: bool
    sent_at: datetime | None
    read: bool


def _language() -> str:
    return translation.get_language() or "ja"


@router.get("/notifications/topics", response=list[TopicOut], summary="Topics one can subscribe to")
def list_topics(request: HttpRequest) -> list[dict]:
    return [
        {
            "code": t.code,
            "name": t.display_name(_language()),
            "emergency": t.is_emergency,
            "feed_url": reverse("notifications:topic_feed", args=[t.code]),
        }
        for t in Topic.objects.filter(is_active=True)
    ]


@router.get("/notifications/areas", response=list[AreaOut], summary="Areas (地域 / 町丁目 / 学区)")
def list_areas(request: HttpRequest) -> list[dict]:
    return [
        {"code": a.code, "kind": a.kind, "name": a.display_name(_language())}
        for a in Area.objects.all()
    ]


def _preferences(data: PreferencesIn) -> subscriptions.Preferences:
    topics = list(Topic.objects.filter(code__in=data.topics, is_active=True))
    areas = list(Area.objects.filter(code__in=data.areas))
    if len(topics) != len(set(data.topics)) or len(areas) != len(set(data.areas)):
        raise HttpError(422, "unknown topic or area code")
    return subscriptions.Preferences(
        topics=topics,
        areas=areas,
        language=data.language,
        digest=data.digest,
        quiet_start=data.quiet_start,
        quiet_end=data.quiet_end,
    )


def _refuse(error: ValidationError) -> HttpError:
    return HttpError(422, " ".join(str(m) for m in error.messages))


@router.post(
    "/notifications/subscriptions",
    response={202: StatusOut, 422: ErrorOut},
    summary="Subscribe an e-mail address (a confirmation mail is sent: double opt-in)",
)
def subscribe(request: HttpRequest, data: SubscribeIn) -> Status:
    try:
        subscriptions.subscribe_by_email(data.email, _preferences(data))
    except ValidationError as error:
        raise _refuse(error) from None
    return Status(202, {"status": "confirmation_sent"})


def _by_link(action, token: str) -> Subscriber:  # type: ignore[no-untyped-def]
    try:
        return action(token)
    except subscriptions.InvalidLinkError as error:
        raise HttpError(400, f"invalid link: {error.reason}") from None


@router.post(
    "/notifications/subscriptions/confirm",
    response={200: StatusOut, 400: ErrorOut},
    summary="Confirm a subscription",
)
def confirm(request: HttpRequest, data: TokenIn) -> dict:
    _by_link(subscriptions.confirm, data.token)
    return {"status": "confirmed"}


@router.post(
    "/notifications/subscriptions/unsubscribe",
    response={200: StatusOut, 400: ErrorOut},
    summary="Stop every message",
)
def unsubscribe(request: HttpRequest, data: TokenIn) -> dict:
    _by_link(subscriptions.unsubscribe, data.token)
    return {"status": "unsubscribed"}


def _preferences_out(subscriber: Subscriber) -> dict:
    return {
        "email": subscriber.email,
        "active": subscriber.is_active,
        "topics": list(subscriber.topics.values_list("code", flat=True)),
        "areas": list(subscriber.areas.values_list("code", flat=True)),
        "language": subscriber.language,
        "digest": subscriber.digest,
        "quiet_start": subscriber.quiet_start,
        "quiet_end": subscriber.quiet_end,
    }


@router.get(
    "/notifications/preferences",
    response={200: PreferencesOut, 400: ErrorOut},
    summary="Settings, by the token in each message",
)
def get_preferences(request: HttpRequest, token: str) -> dict:
    return _preferences_out(_by_link(subscriptions.subscriber_for_token, token))


@router.put(
    "/notifications/preferences",
    response={200: PreferencesOut, 400: ErrorOut, 422: ErrorOut},
    summary="Change settings",
)
def put_preferences(request: HttpRequest, token: str, data: PreferencesIn) -> dict:
    subscriber = _by_link(subscriptions.subscriber_for_token, token)
    preferences = _preferences(data)
    preferences.channels = subscriber.channels or ["email"]
    try:
        subscriptions.save_preferences(subscriber, preferences)
    except ValidationError as error:
        raise _refuse(error) from None
    return _preferences_out(subscriber)


@router.get(
    "/notifications/inbox",
    response={200: list[InboxItemOut], 401: ErrorOut},
    auth=django_auth,
    summary="The signed-in resident's inbox",
)
def inbox(request: HttpRequest) -> list[dict]:
    items = []
    for delivery in selectors.inbox_for(request.user)[:100]:
        text = MessageTexts(delivery.message).for_language(delivery.language)
        items.append(
            {
                "id": delivery.pk,
                "topic": delivery.message.topic.code,
                "subject": text.subject,
                "body": text.body_text,
                "language": text.language,
                "emergency": delivery.message.is_emergency,
                "sent_at": delivery.sent_at,
                "read": delivery.read_at is not None,
            }
        )
    return items
