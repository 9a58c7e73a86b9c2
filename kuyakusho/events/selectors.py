"""Read queries for pages, the API, feeds and exports."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import (
    ACTIVE,
    Category,
    Event,
    EventArea,
    EventStatus,
    Group,
    GroupManager,
    GroupStatus,
    Signup,
    SignupStatus,
)

# Sunday first, as Japanese wall calendars are printed.
FIRST_WEEKDAY = calendar.SUNDAY


@dataclass
class EventFilters:
    date_from: date | None = None
    date_to: date | None = None
    area: EventArea | None = None
    category: Category | None = None
    fee: str = ""  # "", "free" or "paid"

    def as_query(self) -> dict[str, str]:
        """The same filters as query-string values (for links to .ics, the calendar, pages)."""
        query = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "area": self.area.code if self.area else "",
            "category": self.category.code if self.category else "",
            "fee": self.fee,
        }
        return {key: value for key, value in query.items() if value}


def _with_relations(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.select_related("category", "area", "group", "department")


def published_events() -> QuerySet[Event]:
    return _with_relations(Event.objects.filter(status=EventStatus.PUBLISHED))


def filter_events(events: QuerySet[Event], filters: EventFilters) -> QuerySet[Event]:
    """Events that overlap [date_from, date_to] and match area, category and fee."""
    if filters.date_from:
        events = events.filter(end_date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(start_date__lte=filters.date_to)
    if filters.area:
        events = events.filter(area=filters.area)
    if filters.category:
        events = events.filter(category=filters.category)
    if filters.fee == "free":
        events = events.filter(is_free=True)
    elif filters.fee == "paid":
        events = events.filter(is_free=False)
    return events


def listed_events(filters: EventFilters) -> QuerySet[Event]:
    """The public list: published events from today on unless a start date is chosen."""
    if filters.date_from is None:
        filters = EventFilters(**{**filters.__dict__, "date_from": timezone.localdate()})
    return filter_events(published_events(), filters)


def upcoming_events(limit: int = 50) -> QuerySet[Event]:
    return published_events().filter(end_date__gte=timezone.localdate())[:limit]


def public_event(pk: int) -> Event | None:
    """A published or cancelled event (a cancelled one stays readable, marked 中止)."""
    return (
        _with_relations(
            Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
        )
        .filter(pk=pk)
        .first()
    )


def event_with_relations(pk: int) -> Event | None:
    return _with_relations(Event.objects.filter(pk=pk)).first()


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).select_related("department")


def areas() -> QuerySet[EventArea]:
    return EventArea.objects.all()


# --- Month calendar ---------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    events: list[Event] = field(default_factory=list)


def month_weeks(year: int, month: int, events: list[Event]) -> list[list[CalendarDay]]:
    """Weeks (Sunday to Saturday) covering the month; each day lists the events held on it,
    a multi-day event on each of its days."""
    today = timezone.localdate()
    weeks = calendar.Calendar(FIRST_WEEKDAY).monthdatescalendar(year, month)
    days = {d: CalendarDay(d, d.month == month, d == today) for week in weeks for d in week}
    first, last = weeks[0][0], weeks[-1][-1]
    for event in events:
        day = max(event.start_date, first)
        while day <= min(event.end_date, last):
            days[day].events.append(event)
            day += timedelta(days=1)
    return [[days[d] for d in week] for week in weeks]


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


# --- Groups -----------------------------------------------------------------------------------


def approved_groups() -> QuerySet[Group]:
    return Group.objects.filter(status=GroupStatus.APPROVED).select_related(
        "category", "activity_area"
    )


def groups_managed_by(user: Any) -> QuerySet[Group]:
    if not getattr(user, "is_authenticated", False):
        return Group.objects.none()
    return Group.objects.filter(managers__user=user).select_related("category", "department")


def is_group_manager(user: Any, group: Group) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return GroupManager.objects.filter(group=group, user=user).exists()


def group_managers(group: Group) -> QuerySet[GroupManager]:
    return group.managers.select_related("user")


def group_events(group: Group) -> QuerySet[Event]:
    return _with_relations(Event.objects.filter(group=group)).order_by("-start_date", "-pk")


def group_upcoming_events(group: Group) -> QuerySet[Event]:
    return published_events().filter(group=group, end_date__gte=timezone.localdate())


# --- Sign-ups ---------------------------------------------------------------------------------


def signup_counts(event: Event) -> dict[str, int]:
    counts = event.signups.filter(status__in=ACTIVE).aggregate(
        confirmed=Count("pk", filter=Q(status=SignupStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=SignupStatus.WAITLISTED)),
    )
    return {"confirmed": counts["confirmed"] or 0, "waitlisted": counts["waitlisted"] or 0}


def places_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(0, event.capacity - signup_counts(event)["confirmed"])


def active_signup(event: Event, user: Any) -> Signup | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return event.signups.filter(user=user, status__in=ACTIVE).first()


def signups_of(user: Any) -> QuerySet[Signup]:
    return (
        Signup.objects.filter(user=user, status__in=ACTIVE)
        .select_related("event", "event__category")
        .order_by("event__start_date", "event__start_time", "pk")
    )


def waitlist_position(signup: Signup) -> int:
    """1 for the first person waiting."""
    return (
        signup.event.signups.filter(status=SignupStatus.WAITLISTED)
        .filter(
            Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, pk__lt=signup.pk)
        )
        .count()
        + 1
    )


def participant_rows(event: Event) -> QuerySet[Signup]:
    """Confirmed first, then the waiting list in order. Personal data: read through
    signups.read_participants, which records the read."""
    return (
        event.signups.filter(status__in=ACTIVE)
        .select_related("user")
        .order_by("status", "created_at", "pk")  # "confirmed" sorts before "waitlisted"
    )


# --- Back office ------------------------------------------------------------------------------


def events_of_departments(departments: list) -> QuerySet[Event]:
    return _with_relations(Event.objects.filter(department__in=departments)).order_by(
        "-start_date", "-pk"
    )


def pending_events(departments: list) -> QuerySet[Event]:
    return _with_relations(
        Event.objects.filter(department__in=departments, status=EventStatus.PENDING)
    ).order_by("updated_at", "pk")


def groups_of_departments(departments: list) -> QuerySet[Group]:
    return Group.objects.filter(department__in=departments).select_related(
        "category", "activity_area", "department"
    )


def pending_groups(departments: list) -> QuerySet[Group]:
    return (
        groups_of_departments(departments)
        .filter(status=GroupStatus.PENDING)
        .order_by("created_at", "pk")
    )
