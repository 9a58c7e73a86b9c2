"""Events API: published events with the list's filters, one event, categories and areas.
Event calendars are also served as iCalendar (/events.ics, /events/<id>.ics)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from . import selectors
from .models import Event, EventStatus
from .selectors import EventFilters

router = Router(tags=["events"])
MAX_ID = 2**63 - 1


class ErrorOut(Schema):
    detail: str


class NamedOut(Schema):
    code: str
    name: str


class PointOut(Schema):
    lat: float
    lon: float


class OrganiserOut(Schema):
    kind: Literal["group", "department"]
    name: str
    url: str | None = Field(None, description="the group's page, for a group")


class EventOut(Schema):
    id: int
    title: str
    description: str = Field(..., description="plain text as the organiser wrote it")
    category: NamedOut
    area: NamedOut | None
    start_date: date
    end_date: date
    all_day: bool
    start: datetime | None = Field(
        None, description="with the ward's UTC offset; null when all day"
    )
    end: datetime | None
    venue: str
    venue_address: str
    location: PointOut | None
    free: bool
    fee: str
    capacity: int | None
    signup_required: bool
    places_left: int | None = Field(None, description="null when there is no capacity")
    organiser: OrganiserOut
    status: Literal["published", "cancelled"]
    url: str
    ical_url: str


class EventPageOut(Schema):
    count: int
    items: list[EventOut]


class EventQuery(Schema):
    date_from: date | None = Field(
        None, description="events that end on or after this day (default: today)"
    )
    date_to: date | None = Field(None, description="events that start on or before this day")
    category: str | None = Field(None, max_length=40, description="category code")
    area: str | None = Field(None, max_length=40, description="area code")
    fee: Literal["free", "paid"] | None = None
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _named(obj: object | None) -> dict | None:
    if obj is None:
        return None
    return {"code": obj.code, "name": obj.display_name(_language())}  # type: ignore[attr-defined]


def event_out(event: Event, places_left: int | None = None) -> dict:
    if event.group_id is not None:
        organiser = {
            "kind": "group",
            "name": event.group.name,
            "url": reverse("events:group", args=[event.group_id]),
        }
    else:
        organiser = {
            "kind": "department",
            "name": event.department.display_name(_language()),
            "url": None,
        }
    return {
        "id": event.pk,
        "title": event.title,
        "description": event.description,
        "category": _named(event.category),
        "area": _named(event.area),
        "start_date": event.start_date,
        "end_date": event.end_date,
        "all_day": event.all_day,
        "start": None if event.all_day else event.starts_at,
        "end": None if event.all_day else event.ends_at,
        "venue": event.venue,
        "venue_address": event.venue_address,
        "location": {"lat": event.lat, "lon": event.lon} if event.has_point else None,
        "free": event.is_free,
        "fee": event.fee,
        "capacity": event.capacity,
        "signup_required": event.signup_required,
        "places_left": places_left,
        "organiser": organiser,
        "status": "cancelled" if event.status == EventStatus.CANCELLED else "published",
        "url": reverse("events:detail", args=[event.pk]),
        "ical_url": reverse("events:event_ics", args=[event.pk]),
    }


@router.get(
    "/events",
    response={200: EventPageOut, 422: ErrorOut},
    summary="Published events, filtered like the list page",
    description="Events overlapping [date_from, date_to], in date order. Unknown category or "
    "area codes are refused with 422.",
)
def list_events(request: HttpRequest, query: Query[EventQuery]) -> dict:
    categories = {c.code: c for c in selectors.active_categories()}
    areas = {a.code: a for a in selectors.areas()}
    if query.category and query.category not in categories:
        raise HttpError(422, "unknown category code")
    if query.area and query.area not in areas:
        raise HttpError(422, "unknown area code")
    if query.date_from and query.date_to and query.date_to < query.date_from:
        raise HttpError(422, "date_to is before date_from")
    filters = EventFilters(
        date_from=query.date_from,
        date_to=query.date_to,
        category=categories.get(query.category or ""),
        area=areas.get(query.area or ""),
        fee=query.fee or "",
    )
    events = selectors.listed_events(filters)
    page = list(events[query.offset : query.offset + query.limit])
    return {"count": events.count(), "items": [event_out(e) for e in page]}


@router.get("/events/categories", response=list[NamedOut], summary="Event categories (分野)")
def list_categories(request: HttpRequest) -> list[dict | None]:
    return [_named(c) for c in selectors.active_categories()]


@router.get("/events/areas", response=list[NamedOut], summary="Event areas (地域)")
def list_areas(request: HttpRequest) -> list[dict | None]:
    return [_named(a) for a in selectors.areas()]


@router.get(
    "/events/{event_id}",
    response={200: EventOut, 404: ErrorOut},
    summary="One published (or cancelled) event",
)
def get_event(request: HttpRequest, event_id: int = Path(..., ge=1, le=MAX_ID)) -> dict:
    event = selectors.public_event(event_id)
    if event is None:
        raise HttpError(404, "no such event")
    places = selectors.places_left(event) if event.signup_required else None
    return event_out(event, places)
