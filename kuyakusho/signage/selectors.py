"""Reads: the override in force, a screen's slides (notices and events through the portal's and
the events' selectors) and the state a screen shows, as the page and content.json give it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kuyakusho.core.services import active_ward
from kuyakusho.events.selectors import EventFilters, filter_events, published_events
from kuyakusho.portal.selectors import latest_notices

from .models import SEVERITY_RANK, Override, Screen

MAX_NOTICES = 10
MAX_EVENTS = 10
# Events are read a little beyond MAX_EVENTS, as some of today's may be over already.
EVENT_READ_LIMIT = 50


# --- screens ------------------------------------------------------------------------------


def displayable_screen(slug: str) -> Screen | None:
    """The active screen with this slug (an inactive or unknown one is not shown)."""
    return Screen.objects.filter(slug=slug, is_active=True).select_related("department").first()


def screens_of_departments(departments: list) -> QuerySet[Screen]:
    return Screen.objects.filter(department__in=departments).select_related("department")


# --- overrides ----------------------------------------------------------------------------


def open_overrides(now: datetime | None = None) -> list[Override]:
    """Overrides in force now: not cleared and not yet expired, most severe first."""
    now = now or timezone.now()
    rows = Override.objects.filter(cleared_at__isnull=True, expires_at__gt=now)
    return sorted(
        rows, key=lambda o: (SEVERITY_RANK.get(o.severity, 0), o.created_at, o.pk), reverse=True
    )


def override_of(source: str, now: datetime | None = None) -> Override | None:
    """The source's override in force now, if any."""
    now = now or timezone.now()
    rows = Override.objects.filter(source=source, cleared_at__isnull=True, expires_at__gt=now)
    return rows.first()


def active_override(now: datetime | None = None) -> Override | None:
    """The one override every screen shows now, or None: the most severe, then the newest."""
    overrides = open_overrides(now)
    return overrides[0] if overrides else None


def recent_overrides(limit: int = 10) -> QuerySet[Override]:
    return Override.objects.all()[:limit]


# --- slides -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slide:
    """One thing a screen shows, already in the screen's language. `lang` names the language
    of title and text when it differs from the screen's (a Japanese-only notice on an English
    screen), so that the page can mark it."""

    kind: str  # "message", "notice", "event" or "empty"
    label: str
    title: str
    text: str = ""
    when: str = ""
    venue: str = ""
    lang: str = ""


def _content_lang(written_in: str, screen_language: str) -> str:
    same = screen_language.startswith("ja") if written_in == "ja" else written_in == screen_language
    return "" if same else written_in


def day_text(day: date) -> str:
    """ "6月12日（木）" in Japanese: the date with its weekday, in the active language."""
    return _("%(date)s（%(weekday)s）") % {
        "date": formats.date_format(day, "MONTH_DAY_FORMAT"),
        "weekday": formats.date_format(day, "D"),
    }


def _clock(value: time) -> str:
    # 24-hour time, as Japanese public notices write it, in every language.
    return f"{value.hour}:{value.minute:02d}"


def event_when(event: Any) -> str:
    start, end = day_text(event.start_date), day_text(event.end_date)
    if event.all_day:
        days = (
            start
            if event.end_date == event.start_date
            else _("%(start)s～%(end)s")
            % {
                "start": start,
                "end": end,
            }
        )
        return _("%(days)s 終日") % {"days": days}
    start_time, end_time = _clock(event.start_time), _clock(event.end_time)
    if event.end_date == event.start_date:
        return f"{start} " + _("%(start)s～%(end)s") % {"start": start_time, "end": end_time}
    return _("%(start)s～%(end)s") % {"start": f"{start} {start_time}", "end": f"{end} {end_time}"}


def upcoming_events(days: int, now: datetime) -> list[Any]:
    """Published events held from now until the end of the `days`-th day (today is the
    first); events already over today are left out."""
    today = timezone.localdate(now)
    filters = EventFilters(date_from=today, date_to=today + timedelta(days=days - 1))
    events = filter_events(published_events(), filters)[:EVENT_READ_LIMIT]
    return [event for event in events if event.ends_at > now][:MAX_EVENTS]


def build_slides(screen: Screen, now: datetime | None = None) -> list[Slide]:
    """The screen's slides in order: its message, the newest notices of its categories, then
    the coming events. Call with the screen's language active."""
    now = now or timezone.now()
    language = screen.language
    slides = []
    if screen.message.strip():
        slides.append(Slide("message", "", _("ご案内"), text=screen.message.strip()))
    category_ids = list(screen.notice_categories.values_list("pk", flat=True))
    for notice in latest_notices(category_ids=category_ids, language=language, limit=MAX_NOTICES):
        slides.append(
            Slide(
                "notice",
                _("お知らせ・%(category)s") % {"category": notice.category_name},
                notice.title,
                text=notice.summary,
                lang=_content_lang(notice.language, language),
            )
        )
    if screen.show_events:
        for event in upcoming_events(screen.event_days, now):
            slides.append(
                Slide(
                    "event",
                    _("イベント"),
                    event.title,
                    when=event_when(event),
                    venue=event.venue,
                    lang=_content_lang("ja", language),  # events are written in Japanese
                )
            )
    if not slides:
        slides.append(
            Slide("empty", "", _("お知らせ"), text=_("現在、表示するお知らせはありません。"))
        )
    return slides


# --- what a screen shows ------------------------------------------------------------------


@dataclass
class ScreenState:
    screen: Screen
    ward_name: str
    override: Override | None
    slides: list[Slide]
    version: str


def override_payload(override: Override | None) -> dict[str, Any] | None:
    if override is None:
        return None
    return {
        "id": override.pk,
        "source": override.source,
        "title": override.title,
        "body": override.body,
        "severity": override.severity,
        "severity_label": str(override.get_severity_display()),
        "exercise": override.is_exercise,
        "exercise_label": str(_("訓練")) if override.is_exercise else "",
        "expires_at": override.expires_at.isoformat(),
    }


def screen_state(screen: Screen, now: datetime | None = None) -> ScreenState:
    """Everything a screen shows now. Call with the screen's language active. `version`
    changes whenever anything shown changes; the script reloads the page when it does."""
    now = now or timezone.now()
    ward = active_ward()
    ward_name = ward.display_name(screen.language) if ward else ""
    override = active_override(now)
    slides = build_slides(screen, now)
    fingerprint = {
        "screen": [screen.name, screen.language, screen.seconds_per_slide, ward_name],
        "override": override_payload(override),
        "slides": [asdict(slide) for slide in slides],
    }
    digest = hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()
    return ScreenState(screen, ward_name, override, slides, digest[:16])


def content_payload(state: ScreenState, *, poll_seconds: int) -> dict[str, Any]:
    """content.json and the API: what the screen shows, and how often to ask again."""
    screen = state.screen
    return {
        "screen": {
            "slug": screen.slug,
            "name": screen.name,
            "location": screen.location,
            "language": screen.language,
            "seconds_per_slide": screen.seconds_per_slide,
        },
        "ward": state.ward_name,
        "version": state.version,
        "poll_seconds": poll_seconds,
        "override": override_payload(state.override),
        "slides": [asdict(slide) for slide in state.slides],
        "generated_at": timezone.now().isoformat(),
    }
