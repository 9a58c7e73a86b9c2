"""How an event's date and time read in the active language (pages, mail, feed)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from .models import Event


def when_text(event: Event) -> str:
    start = formats.date_format(event.start_date, "DATE_FORMAT")
    end = formats.date_format(event.end_date, "DATE_FORMAT")
    if event.all_day:
        days = start if not event.is_multi_day else f"{start} – {end}"
        return _("%(days)s（終日）") % {"days": days}
    start_time = formats.time_format(event.start_time, "TIME_FORMAT")
    end_time = formats.time_format(event.end_time, "TIME_FORMAT")
    if event.is_multi_day:
        return f"{start} {start_time} – {end} {end_time}"
    return f"{start} {start_time} – {end_time}"


def time_text(event: Event) -> str:
    """The time of day only (for a calendar cell): "終日" for all-day events."""
    if event.all_day:
        return _("終日")
    return formats.time_format(event.start_time, "TIME_FORMAT")
