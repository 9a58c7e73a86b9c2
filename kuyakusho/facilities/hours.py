"""Opening hours: typed as text per day ("9:00-12:00, 13:00-17:00"), stored as minutes since
midnight, shown as "本日の開館時間" and exported as hh:mm.

Days are 0 = Monday … 6 = Sunday (Python's weekday()) and 7 = public holidays (祝日), which the
standard datasets' 利用可能曜日 column can name. Which dates are holidays is not known here (no
calendar dependency), so "today" always uses the weekday and pages show the hours note beside it.
A range may close at 24:00 (1440); an overnight range is written as two days.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HOLIDAY = 7
DAYS = (
    (0, gettext_lazy("月曜日")),
    (1, gettext_lazy("火曜日")),
    (2, gettext_lazy("水曜日")),
    (3, gettext_lazy("木曜日")),
    (4, gettext_lazy("金曜日")),
    (5, gettext_lazy("土曜日")),
    (6, gettext_lazy("日曜日")),
    (HOLIDAY, gettext_lazy("祝日")),
)
DAY_NAMES = dict(DAYS)
# The one-character names the standard datasets use in 利用可能曜日 (always Japanese).
EXPORT_DAY_NAMES = {0: "月", 1: "火", 2: "水", 3: "木", 4: "金", 5: "土", 6: "日", HOLIDAY: "祝"}
MINUTES_PER_DAY = 24 * 60
MAX_RANGES_PER_DAY = 4

_TIME = r"(\d{1,2})(?:[:時](\d{2})?分?)"
_RANGE = re.compile(rf"{_TIME}\s*[-~〜ー−–—]\s*{_TIME}")
_SEPARATORS = re.compile(r"[\s,、;/]*")
_CLOSED_WORDS = {"", "休", "休み", "休館", "休館日", "閉館", "closed", "-", "—", "×"}


@dataclass(frozen=True, order=True)
class Range:
    opens: int  # minutes since midnight
    closes: int  # minutes since midnight, up to 1440 (24:00)

    def __str__(self) -> str:
        return f"{hhmm(self.opens)}–{hhmm(self.closes)}"

    def contains(self, minute: int) -> bool:
        return self.opens <= minute < self.closes


def hhmm(minutes: int) -> str:
    """09:00, 17:30, 24:00: the hh:mm of the standard datasets."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_day(text: str | None) -> list[Range]:
    """Parse what staff typed for one day; empty (or 休館) means closed that day.

    Accepts full-width digits and colons, 〜 or ~ or - between times, 時/分 ("9時-17時"), and
    several ranges separated by commas, 、 or spaces.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if text.casefold() in _CLOSED_WORDS:
        return []
    ranges = []
    position = 0
    for match in _RANGE.finditer(text):
        _check_separator(text[position : match.start()])
        position = match.end()
        piece = match.group(0)
        opens = _minutes(match.group(1), match.group(2), piece)
        closes = _minutes(match.group(3), match.group(4), piece)
        if closes <= opens:
            raise ValidationError(
                _(
                    "「%(text)s」は終わりが始まりより前です。夜をまたぐ時間は、翌日の分を分けて入力してください。"
                )
                % {"text": piece[:40]},
                code="backwards",
            )
        ranges.append(Range(opens, closes))
    _check_separator(text[position:])
    if not ranges:
        _unreadable(text)
    ranges.sort()
    for earlier, later in zip(ranges, ranges[1:], strict=False):
        if later.opens < earlier.closes:
            raise ValidationError(
                _("時間帯 %(a)s と %(b)s が重なっています。") % {"a": earlier, "b": later},
                code="overlap",
            )
    if len(ranges) > MAX_RANGES_PER_DAY:
        raise ValidationError(
            _("1日に入力できる時間帯は%(limit)s つまでです。") % {"limit": MAX_RANGES_PER_DAY},
            code="too_many",
        )
    return ranges


def _check_separator(between: str) -> None:
    """Only commas, 、, slashes or spaces may stand between two ranges."""
    if not _SEPARATORS.fullmatch(between):
        _unreadable(between)


def _unreadable(piece: str) -> None:
    raise ValidationError(
        _("「%(text)s」を時間として読み取れません。9:00-17:00 のように入力してください。")
        % {"text": piece.strip()[:40]},
        code="unreadable",
    )


def _minutes(hours: str, minutes: str | None, piece: str) -> int:
    value = int(hours) * 60 + int(minutes or 0)
    if int(minutes or 0) > 59 or value > MINUTES_PER_DAY:
        raise ValidationError(
            _("「%(text)s」に 0:00 から 24:00 の間ではない時刻があります。") % {"text": piece[:40]},
            code="out_of_range",
        )
    return value


def format_day(ranges: Iterable[Range]) -> str:
    """Back to the text staff type: "09:00-12:00, 13:00-17:00" ("" when closed)."""
    return ", ".join(f"{hhmm(r.opens)}-{hhmm(r.closes)}" for r in ranges)


def by_day(rows: Iterable[object]) -> dict[int, list[Range]]:
    """Opening-hours rows (with day, opens, closes) grouped by day, every day present."""
    days: dict[int, list[Range]] = {day: [] for day, _name in DAYS}
    for row in rows:
        days[row.day].append(Range(row.opens, row.closes))
    for ranges in days.values():
        ranges.sort()
    return days


@dataclass(frozen=True)
class Today:
    day: int
    ranges: list[Range]
    open_now: bool


def today(rows: Iterable[object], now: datetime) -> Today:
    """Today's hours by the weekday of `now` (local time), and whether it is open at `now`."""
    day = now.weekday()
    ranges = by_day(rows)[day]
    minute = now.hour * 60 + now.minute
    return Today(day, ranges, any(r.contains(minute) for r in ranges))


@dataclass(frozen=True)
class DayGroup:
    days: list[int]
    ranges: list[Range]


def grouped(rows: Iterable[object]) -> list[DayGroup]:
    """Days with identical hours together (月〜金 09:00–17:00), open days only: the form of the
    standard datasets' 利用可能曜日 / 開始時間 / 終了時間 and of a compact summary."""
    groups: dict[tuple[Range, ...], list[int]] = {}
    for day, ranges in by_day(rows).items():
        if ranges:
            groups.setdefault(tuple(ranges), []).append(day)
    return [DayGroup(days, list(ranges)) for ranges, days in groups.items()]


def export_days(days: Iterable[int]) -> str:
    """利用可能曜日 as the standard datasets write it: 月火水木金."""
    return "".join(EXPORT_DAY_NAMES[day] for day in sorted(days))
