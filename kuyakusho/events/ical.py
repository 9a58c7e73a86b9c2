"""iCalendar (RFC 5545) for one event or a filtered list, written here without a dependency.

* Lines end in CRLF and are folded so that no line exceeds 75 octets of UTF-8; a fold never
  splits a multi-byte character, and continuation lines start with one space (§3.1).
* TEXT values escape backslash, semicolon, comma and newline (§3.3.11).
* Times carry TZID=Asia/Tokyo with its VTIMEZONE when the platform runs on Japan time (JST
  has had no daylight saving since 1951); otherwise they are written in UTC. DTSTAMP is UTC.
* All-day events are DATE values with an exclusive DTEND (the day after the last day).
* UID is stable per event (it never changes with edits); SEQUENCE rises with every change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Event, EventStatus

MAX_LINE_OCTETS = 75
PRODID = "-//Kuyakusho//Events 1.0//JA"
JAPAN = "Asia/Tokyo"


def escape_text(value: str) -> str:
    """A TEXT value: \\ ; , and newlines escaped (CR dropped, as LF alone marks a break)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """One content line folded to at most 75 octets per physical line, CRLF-terminated."""
    out: list[str] = []
    current, size, limit = [], 0, MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            out.append("".join(current))
            current, size, limit = [" "], 1, MAX_LINE_OCTETS  # the space counts too
        current.append(char)
        size += octets
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _date(day: date) -> str:
    return day.strftime("%Y%m%d")


def uses_japan_time() -> bool:
    return settings.TIME_ZONE == JAPAN


def _vtimezone() -> list[str]:
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{JAPAN}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0900",
        "TZOFFSETTO:+0900",
        "TZNAME:JST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{_host()}"


def _when(name: str, moment: datetime) -> str:
    if uses_japan_time():
        return f"{name};TZID={JAPAN}:{_local(moment)}"
    return f"{name}:{_utc(moment)}"


def _organiser(event: Event, language: str) -> str:
    if event.group_id:
        return event.group.name
    return event.department.display_name(language)


def event_lines(event: Event, language: str = "ja") -> list[str]:
    """The unfolded content lines of one VEVENT."""
    url = settings.SITE_URL + reverse("events:detail", args=[event.pk])
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(event)}",
        f"DTSTAMP:{_utc(event.updated_at or timezone.now())}",
    ]
    if event.all_day:
        lines.append(f"DTSTART;VALUE=DATE:{_date(event.start_date)}")
        lines.append(f"DTEND;VALUE=DATE:{_date(event.end_date + timedelta(days=1))}")
    else:
        lines.append(_when("DTSTART", event.starts_at))
        lines.append(_when("DTEND", event.ends_at))
    lines.append(f"SUMMARY:{escape_text(event.title)}")
    description = event.description
    if not event.is_free and event.fee:
        description = f"{description}\n\n{event.fee}"
    lines.append(f"DESCRIPTION:{escape_text(description)}")
    location = ", ".join(part for part in (event.venue, event.venue_address) if part)
    lines.append(f"LOCATION:{escape_text(location)}")
    if event.has_point:
        lines.append(f"GEO:{event.lat:.6f};{event.lon:.6f}")
    lines.append(f"CATEGORIES:{escape_text(event.category.display_name(language))}")
    lines.append(f"X-KUYAKUSHO-ORGANISER:{escape_text(_organiser(event, language))}")
    lines.append(f"URL:{url}")
    lines.append(f"SEQUENCE:{event.sequence}")
    status = "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED"
    lines.append(f"STATUS:{status}")
    if event.created_at:
        lines.append(f"CREATED:{_utc(event.created_at)}")
    if event.updated_at:
        lines.append(f"LAST-MODIFIED:{_utc(event.updated_at)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, name: str, language: str = "ja") -> str:
    """A whole VCALENDAR document as text (CRLF line ends, folded)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    if uses_japan_time():
        lines.append(f"X-WR-TIMEZONE:{JAPAN}")
        lines.extend(_vtimezone())
    for event in events:
        lines.extend(event_lines(event, language))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
