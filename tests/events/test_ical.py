"""iCalendar output checked structurally (no parser is installed): CRLF lines of at most 75
octets, folds that never split a character, escaping that round-trips, time zones, all-day
dates, a stable UID and a rising SEQUENCE; and /events.ics filters like the list."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.test import Client

from kuyakusho.events import ical, services

from .conftest import department_event, event_input, future

TRICKY = "参加費, 持ち物; 筆記用具\\メモ\n2行目\r\n3行目、「かぎ括弧」, 😀 end"


def unfold(text: str) -> list[str]:
    """RFC 5545 §3.1 in reverse: join continuation lines (CRLF followed by one space or tab)."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    lines: list[str] = []
    for line in physical:
        if line[:1] in (" ", "\t"):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def parse(text: str) -> list[dict[str, list[tuple[dict, str]]]]:
    """Components as {name: [(params, value)]}, nested components flattened in order."""
    components: list[dict] = []
    stack: list[dict] = []
    for line in unfold(text):
        head, _, value = line.partition(":")
        name, *raw_params = head.split(";")
        params = dict(p.split("=", 1) for p in raw_params)
        if name == "BEGIN":
            stack.append({"_type": value})
        elif name == "END":
            component = stack.pop()
            assert component["_type"] == value, f"END:{value} closes {component['_type']}"
            components.append(component)
        else:
            stack[-1].setdefault(name, []).append((params, value))
    assert not stack, "unclosed components"
    return components


def vevents(text: str) -> list[dict]:
    return [c for c in parse(text) if c["_type"] == "VEVENT"]


def one(component: dict, name: str) -> tuple[dict, str]:
    assert len(component[name]) == 1, name
    return component[name][0]


def test_every_physical_line_is_at_most_75_octets_and_folds_keep_characters_whole():
    line = "DESCRIPTION:" + ical.escape_text("あ" * 100 + "a" * 7 + "😀" * 30)
    folded = ical.fold(line)
    physical = folded[:-2].split("\r\n")
    assert len(physical) > 3
    for part in physical:
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")  # a split character would not decode
    assert all(p.startswith(" ") for p in physical[1:])
    assert unfold(folded) == [line]
    assert ical.fold("X:" + "a" * 73) == "X:" + "a" * 73 + "\r\n"  # exactly 75: no fold


def test_text_values_escape_and_round_trip():
    escaped = ical.escape_text(TRICKY)
    assert "\n" not in escaped and "\r" not in escaped
    assert "\\," in escaped and "\\;" in escaped and "\\\\" in escaped and "\\n" in escaped
    assert unescape(escaped) == TRICKY.replace("\r\n", "\n")


@pytest.mark.django_db
def test_one_event_file(lifelong_staff, lifelong, categories, areas, ward):
    event = department_event(
        lifelong_staff,
        lifelong,
        categories["learning"],
        title="講座; 入門, 初級",
        description=TRICKY,
        venue="区民館, 第1集会室",
        area=areas["north"],
        lat=35.7356,
        lon=139.6516,
        is_free=False,
        fee="500円",
    )
    response = Client().get(f"/events/{event.pk}.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode("utf-8")
    assert all(len(p.encode()) <= 75 for p in text[:-2].split("\r\n"))
    calendar = [c for c in parse(text) if c["_type"] == "VCALENDAR"][0]
    assert one(calendar, "VERSION")[1] == "2.0" and "PRODID" in calendar
    timezone_block = [c for c in parse(text) if c["_type"] == "VTIMEZONE"][0]
    assert one(timezone_block, "TZID")[1] == "Asia/Tokyo"
    [vevent] = vevents(text)
    assert one(vevent, "UID")[1] == f"event-{event.pk}@127.0.0.1"
    assert one(vevent, "DTSTAMP")[1].endswith("Z")
    day = event.start_date.strftime("%Y%m%d")
    assert one(vevent, "DTSTART") == ({"TZID": "Asia/Tokyo"}, f"{day}T100000")
    assert one(vevent, "DTEND") == ({"TZID": "Asia/Tokyo"}, f"{day}T120000")
    assert unescape(one(vevent, "SUMMARY")[1]) == "講座; 入門, 初級"
    assert unescape(one(vevent, "DESCRIPTION")[1]) == TRICKY.replace("\r\n", "\n") + "\n\n500円"
    assert unescape(one(vevent, "LOCATION")[1]).startswith("区民館, 第1集会室")
    assert one(vevent, "GEO")[1] == "35.735600;139.651600"
    assert one(vevent, "STATUS")[1] == "CONFIRMED"


@pytest.mark.django_db
def test_all_day_and_multi_day_events_are_dates_with_an_exclusive_end(
    lifelong_staff, lifelong, categories
):
    start = future(5)
    event = department_event(
        lifelong_staff,
        lifelong,
        categories["culture"],
        all_day=True,
        start_time=None,
        end_time=None,
        end_date=start + timedelta(days=2),
        start_date=start,
    )
    [vevent] = vevents(Client().get(f"/events/{event.pk}.ics").content.decode())
    assert one(vevent, "DTSTART") == ({"VALUE": "DATE"}, start.strftime("%Y%m%d"))
    assert one(vevent, "DTEND") == (
        {"VALUE": "DATE"},
        (start + timedelta(days=3)).strftime("%Y%m%d"),
    )


@pytest.mark.django_db
def test_uid_stays_and_sequence_rises_when_the_event_changes(lifelong_staff, lifelong, categories):
    event = department_event(lifelong_staff, lifelong, categories["culture"])
    first = vevents(Client().get(f"/events/{event.pk}.ics").content.decode())[0]
    services.save_department_event(
        lifelong_staff.user,
        lifelong,
        event_input(categories["culture"], start_time=time(13, 0), end_time=time(15, 0)),
        event,
    )
    second = vevents(Client().get(f"/events/{event.pk}.ics").content.decode())[0]
    assert one(first, "UID") == one(second, "UID")
    assert int(one(second, "SEQUENCE")[1]) == int(one(first, "SEQUENCE")[1]) + 1
    services.cancel_event(lifelong_staff.user, event)
    third = vevents(Client().get(f"/events/{event.pk}.ics").content.decode())[0]
    assert one(third, "STATUS")[1] == "CANCELLED"


@pytest.mark.django_db
def test_times_are_utc_when_the_platform_is_not_on_japan_time(
    settings, lifelong_staff, lifelong, categories
):
    event = department_event(lifelong_staff, lifelong, categories["culture"])
    settings.TIME_ZONE = "Pacific/Honolulu"  # wall-clock times are the platform's (UTC−10)
    text = ical.calendar([event], name="x")
    assert "VTIMEZONE" not in text and "TZID" not in text
    [vevent] = vevents(text)
    assert one(vevent, "DTSTART") == ({}, event.start_date.strftime("%Y%m%d") + "T200000Z")


@pytest.mark.django_db
def test_the_feed_ics_takes_the_list_filters(lifelong_staff, lifelong, categories, areas):
    north = department_event(
        lifelong_staff, lifelong, categories["culture"], title="北の催し", area=areas["north"]
    )
    department_event(
        lifelong_staff, lifelong, categories["learning"], title="南の講座", area=areas["south"],
        is_free=False, fee="300円",
    )  # fmt: skip
    every = vevents(Client().get("/events.ics").content.decode())
    assert len(every) == 2
    only_north = vevents(Client().get("/events.ics?area=north&fee=free").content.decode())
    assert [one(v, "UID")[1] for v in only_north] == [f"event-{north.pk}@127.0.0.1"]
    assert vevents(Client().get("/events.ics?category=learning&fee=free").content.decode()) == []
    refused = Client().get("/events.ics?date_from=2026-02-30")
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("text/plain")
