"""Opening hours as staff type them, as residents read them and as open data exports them."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from kuyakusho.facilities.hours import Range, export_days, format_day, grouped, parse_day, today


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("休館", []),
        ("9:00-17:00", [Range(540, 1020)]),
        ("９：００〜１７：００", [Range(540, 1020)]),
        ("9時-17時30分", [Range(540, 1050)]),
        ("13:00-17:00、9:00-12:00", [Range(540, 720), Range(780, 1020)]),
        ("9:00-12:00 13:00-17:00", [Range(540, 720), Range(780, 1020)]),
        ("0:00-24:00", [Range(0, 1440)]),
    ],
)
def test_what_staff_type_is_understood(text, expected):
    assert parse_day(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("朝から晩まで", "unreadable"),
        ("9:00-17:00 ほか", "unreadable"),
        ("17:00-9:00", "backwards"),
        ("9:00-9:00", "backwards"),
        ("9:60-10:00", "out_of_range"),
        ("9:00-24:30", "out_of_range"),
        ("9:00-13:00,12:00-17:00", "overlap"),
        ("1:00-2:00,3:00-4:00,5:00-6:00,7:00-8:00,9:00-10:00", "too_many"),
    ],
)
def test_what_cannot_be_understood_is_refused_with_a_reason(text, code):
    with pytest.raises(ValidationError) as raised:
        parse_day(text)
    assert raised.value.code == code


def rows(spec):  # type: ignore[no-untyped-def]
    return [
        SimpleNamespace(day=d, opens=o, closes=c) for d, ranges in spec.items() for o, c in ranges
    ]


def test_today_and_open_now():
    week = rows({0: [(540, 720), (780, 1020)]})
    monday_lunch = datetime(2026, 4, 6, 12, 30)  # a Monday
    result = today(week, monday_lunch)
    assert result.ranges == [Range(540, 720), Range(780, 1020)] and not result.open_now
    assert today(week, datetime(2026, 4, 6, 9, 0)).open_now
    assert today(week, datetime(2026, 4, 7, 10, 0)).ranges == []  # Tuesday: closed


def test_export_groups_days_with_the_same_hours():
    week = rows({d: [(540, 1020)] for d in range(5)} | {5: [(540, 720)], 7: [(540, 720)]})
    groups = grouped(week)
    assert [(export_days(g.days), format_day(g.ranges)) for g in groups] == [
        ("月火水木金", "09:00-17:00"),
        ("土祝", "09:00-12:00"),
    ]
