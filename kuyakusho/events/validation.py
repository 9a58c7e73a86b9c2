"""Checks on what organisers type, shared by the forms, the services and the API.

Errors name their field, so a form shows each one beside the field it is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kuyakusho.core.geo import validate_point

from .models import Category, Event, EventArea
from .text import clean_line, clean_text

MAX_SPAN_DAYS = 366
MAX_CAPACITY = 100_000


@dataclass
class EventInput:
    """What an organiser says about an event (forms, the API and the demo fill it in)."""

    title: str
    description: str
    category: Category
    start_date: date
    venue: str
    end_date: date | None = None
    all_day: bool = False
    start_time: time | None = None
    end_time: time | None = None
    venue_address: str = ""
    lat: float | None = None
    lon: float | None = None
    area: EventArea | None = None
    is_free: bool = True
    fee: str = ""
    capacity: int | None = None
    signup_required: bool = False


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _check_times(data: EventInput, errors: dict[str, list[str]]) -> None:
    if data.all_day:
        data.start_time = data.end_time = None
        return
    if data.start_time is None:
        _add(
            errors,
            "start_time",
            _("開始時刻を入力してください。終日の催しは「終日」を選んでください。"),
        )
    if data.end_time is None:
        _add(errors, "end_time", _("終了時刻を入力してください。"))
    if (
        data.start_time is not None
        and data.end_time is not None
        and data.end_date == data.start_date
        and data.end_time <= data.start_time
    ):
        _add(errors, "end_time", _("終了時刻は開始時刻より後にしてください。"))


def _check_dates(
    data: EventInput, errors: dict[str, list[str]], today: date, event: Event | None
) -> None:
    data.end_date = data.end_date or data.start_date
    if data.end_date < data.start_date:
        _add(errors, "end_date", _("終了日は開始日と同じか、それより後にしてください。"))
    elif (data.end_date - data.start_date) > timedelta(days=MAX_SPAN_DAYS):
        _add(
            errors,
            "end_date",
            _("期間は%(days)s日以内にしてください。") % {"days": MAX_SPAN_DAYS},
        )
    moved = event is None or event.start_date != data.start_date
    if moved and data.start_date < today:
        _add(errors, "start_date", _("開始日は今日以降の日付にしてください。"))


def _check_place(data: EventInput, errors: dict[str, list[str]]) -> None:
    data.venue = clean_line(data.venue)
    data.venue_address = clean_line(data.venue_address)
    if not data.venue:
        _add(errors, "venue", _("会場を入力してください。"))
    if (data.lat is None) != (data.lon is None):
        _add(errors, "lat", _("地図の位置は、緯度と経度の両方を入力してください。"))
    elif data.lat is not None:
        try:
            data.lat, data.lon = validate_point(data.lat, data.lon)
        except ValidationError as error:
            for message in error.messages:
                _add(errors, "lat", message)


def _check_fee_and_places(
    data: EventInput, errors: dict[str, list[str]], event: Event | None, counts: dict[str, int]
) -> None:
    confirmed = counts.get("confirmed", 0)
    data.fee = clean_line(data.fee)
    if data.is_free:
        data.fee = ""
    elif not data.fee:
        _add(errors, "fee", _("有料の場合は参加費を入力してください（例: 500円（材料費））。"))
    if data.capacity is not None:
        if not 1 <= data.capacity <= MAX_CAPACITY:
            _add(
                errors,
                "capacity",
                _("定員は1から%(max)s人の間で入力してください。") % {"max": MAX_CAPACITY},
            )
        elif data.capacity < confirmed:
            _add(
                errors,
                "capacity",
                _("参加が決まっている人（%(count)s人）より少ない定員にはできません。")
                % {"count": confirmed},
            )
    active = confirmed + counts.get("waitlisted", 0)
    if event is not None and event.signup_required and not data.signup_required and active:
        _add(
            errors,
            "signup_required",
            _(
                "申込がある催しは「申込不要」に変えられません。中止する場合は「中止にする」を使ってください。"
            ),
        )


def check_event_input(
    data: EventInput, *, today: date, event: Event | None = None, counts: dict | None = None
) -> EventInput:
    """Normalise `data` in place and raise one ValidationError naming every problem's field.
    `counts` holds the confirmed and waitlisted sign-ups when an existing event is changed."""
    errors: dict[str, list[str]] = {}
    data.title = clean_line(data.title)
    data.description = clean_text(data.description)
    if not data.title:
        _add(errors, "title", _("名称を入力してください。"))
    elif len(data.title) > Event._meta.get_field("title").max_length:
        _add(errors, "title", _("名称は120文字以内にしてください。"))
    if not data.description:
        _add(errors, "description", _("内容を入力してください。"))
    elif len(data.description) > Event._meta.get_field("description").max_length:
        _add(errors, "description", _("内容は5000文字以内にしてください。"))
    if data.category is None or not data.category.is_active:
        _add(errors, "category", _("分野を選んでください。"))
    _check_dates(data, errors, today, event)
    _check_times(data, errors)
    _check_place(data, errors)
    _check_fee_and_places(data, errors, event, counts or {})
    if errors:
        raise ValidationError(errors)
    return data


def apply_event_input(event: Event, data: EventInput) -> list[str]:
    """Copy checked input onto the event; return the names of the fields that changed."""
    changed = []
    for name, value in data.__dict__.items():
        if getattr(event, name, None) != value:
            setattr(event, name, value)
            changed.append(name)
    return changed


def clean_reason(value: Any) -> str:
    reason = clean_text(value if isinstance(value, str) else "")
    if not reason:
        raise ValidationError({"reason": [_("理由を入力してください。団体の方に表示されます。")]})
    if len(reason) > 1000:
        raise ValidationError({"reason": [_("理由は1000文字以内にしてください。")]})
    return reason
