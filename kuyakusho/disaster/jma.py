"""Reading one JMA 防災情報XML earthquake message (震度速報 VXSE51, 震源・震度に関する情報 VXSE53).

Pure functions, no database: `parse_report(bytes)` turns a message into an `EarthquakeReport`
and `highest_intensity_for(report, codes)` says how strongly the ward's areas shook. The
disaster domain decides what to do with that (staff safety confirmation, alert drafts).

Sources for the element names, code lists and value formats (facts only, no code copied):
- 気象庁防災情報XMLフォーマット (https://xml.kishou.go.jp/): the XML schemas jmx.xsd,
  jmx_ib.xsd (informationBasis1), jmx_seis.xsd (body/seismology1), jmx_eb.xsd (elementBasis1).
  In jmx_seis.xsd, MaxInt, Int and Condition are plain xs:string; the values below come from
  the manual, not from an enumeration in the schema.
- 気象庁「地震火山関連 XML 電文解説資料」: Control/Status 通常/訓練/試験; Head/InfoType
  発表/訂正/取消 (a 取消 carries no Intensity and no Headline/Information); Head/EventID a
  14-digit number; Head/Serial may be empty in 震度速報; intensity classes 1, 2, 3, 4, 5-, 5+,
  6-, 6+, 7; 震度５弱以上未入電 for a station (Int) or a municipality (Condition) believed to
  have reached 5弱 or more whose reading had not arrived (then Pref/Area/City MaxInt may be
  absent); Magnitude "NaN" with @condition 不明 when unknown.
- Code tables (コード表) of the same site: 地震情報／都道府県等 (2 digits, 東京都 = 13),
  地震情報／細分区域 (3 digits, 東京都２３区 = 350), 気象・地震・火山情報／市町村等 (7 digits:
  the 5-digit 全国地方公共団体コード without its check digit followed by "00", 練馬区 = 1312000).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from kuyakusho.core.municipality import is_valid_municipality_code

# A real message is a few tens of kilobytes even for a large earthquake with every station;
# anything far bigger is not a JMA message and is refused before the parser sees it.
MAX_MESSAGE_BYTES = 2 * 1024 * 1024

NS_REPORT = "http://xml.kishou.go.jp/jmaxml1/"
NS_HEAD = "http://xml.kishou.go.jp/jmaxml1/informationBasis1/"
NS_SEIS = "http://xml.kishou.go.jp/jmaxml1/body/seismology1/"
NS_ELEMENT = "http://xml.kishou.go.jp/jmaxml1/elementBasis1/"

TITLE_INTENSITY_FLASH = "震度速報"  # VXSE51
TITLE_HYPOCENTER_INTENSITY = "震源・震度に関する情報"  # VXSE53
INTENSITY_TITLES = frozenset({TITLE_INTENSITY_FLASH, TITLE_HYPOCENTER_INTENSITY})

STATUS_NORMAL = "normal"
STATUS_EXERCISE = "exercise"
STATUS_TEST = "test"
_STATUSES = {"通常": STATUS_NORMAL, "訓練": STATUS_EXERCISE, "試験": STATUS_TEST}

INFO_ISSUED = "issued"
INFO_CORRECTED = "corrected"
INFO_CANCELLED = "cancelled"
_INFO_TYPES = {"発表": INFO_ISSUED, "訂正": INFO_CORRECTED, "取消": INFO_CANCELLED}

LEVEL_PREF = "pref"
LEVEL_AREA = "area"
LEVEL_CITY = "city"
_CODE_LENGTHS = {LEVEL_PREF: 2, LEVEL_AREA: 3, LEVEL_CITY: 7}
_LEVEL_BY_LENGTH = {length: level for level, length in _CODE_LENGTHS.items()}

# JMA's intensity classes, weakest first (their position is their rank).
INTENSITIES = ("1", "2", "3", "4", "5-", "5+", "6-", "6+", "7")
_RANK = {value: rank for rank, value in enumerate(INTENSITIES, start=1)}

# "Believed to be 5弱 or more, reading not yet received": not a reading, but worth knowing.
UNRECEIVED_5_LOWER_OR_MORE = "震度５弱以上未入電"

DEFAULT_THRESHOLD = "5-"


class JmaFormatError(ValueError):
    """The bytes are not a usable JMA earthquake-intensity message.

    The message is a short reason written by this module; it never quotes the input, so it is
    safe to log.
    """


class NotIntensityReportError(JmaFormatError):
    """A well-formed JMA message that is not 震度速報 or 震源・震度に関する情報 (e.g. 震源に関する
    情報, 津波警報): expected in a shared feed, to be skipped quietly."""

    def __init__(self, control_title: str) -> None:
        super().__init__("not an earthquake intensity message")
        # Printable, bounded copy so a caller may say which kind of message it skipped.
        self.control_title = "".join(ch for ch in control_title if ch.isprintable())[:60]


@dataclass(frozen=True)
class AreaIntensity:
    """The intensity JMA gives for one prefecture, area (細分区域) or municipality (市町村等)."""

    level: str  # LEVEL_PREF | LEVEL_AREA | LEVEL_CITY
    code: str  # 2, 3 or 7 ASCII digits depending on level
    name: str
    max_intensity: str | None  # one of INTENSITIES; None when no reading has arrived
    condition: str | None  # JMA's Condition, in practice UNRECEIVED_5_LOWER_OR_MORE
    revise: str | None  # "追加" / "上方修正" in a later VXSE53, else None
    pref_code: str | None  # the enclosing prefecture (None for a prefecture)
    area_code: str | None  # the enclosing area (None for a prefecture or an area)

    @property
    def unreceived(self) -> bool:
        return self.condition == UNRECEIVED_5_LOWER_OR_MORE


@dataclass(frozen=True)
class EarthquakeReport:
    control_title: str  # 震度速報 | 震源・震度に関する情報
    status: str  # STATUS_NORMAL | STATUS_EXERCISE | STATUS_TEST
    editorial_office: str
    publishing_office: str
    sent_at: datetime  # Control/DateTime: the order JMA says to use for "latest"
    head_title: str
    report_datetime: datetime
    target_datetime: datetime | None
    event_id: str
    info_type: str  # INFO_ISSUED | INFO_CORRECTED | INFO_CANCELLED
    serial: int | None  # empty in 震度速報
    headline: str
    origin_time: datetime | None
    hypocenter_name: str | None
    magnitude: float | None  # None when JMA says 不明 (NaN)
    magnitude_text: str | None  # JMA's wording, e.g. "Ｍ６．１" or "Ｍ不明"
    max_intensity: str | None  # Observation/MaxInt
    intensities: tuple[AreaIntensity, ...]

    @property
    def is_cancellation(self) -> bool:
        return self.info_type == INFO_CANCELLED

    @property
    def is_normal(self) -> bool:
        """False for 訓練 and 試験 messages, which must never start a real response."""
        return self.status == STATUS_NORMAL

    def at_level(self, level: str) -> tuple[AreaIntensity, ...]:
        return tuple(item for item in self.intensities if item.level == level)


# --- intensities -----------------------------------------------------------------------------


def intensity_rank(value: str) -> int:
    """1 for "1" up to 9 for "7"; ValueError for anything else (including 未入電)."""
    try:
        return _RANK[value]
    except (KeyError, TypeError):
        raise ValueError("not a JMA intensity class") from None


_LABELS = {
    # language: labels for 5-, 5+, 6-, 6+ and for the "not yet received" condition
    "ja": ("5弱", "5強", "6弱", "6強", "5弱以上（未入電）"),
    "en": ("5 Lower", "5 Upper", "6 Lower", "6 Upper", "5 Lower or more (not yet received)"),
    "zh-hans": ("5弱", "5强", "6弱", "6强", "5弱以上（尚未收到）"),
    "zh-hant": ("5弱", "5強", "6弱", "6強", "5弱以上（尚未收到）"),
    "ko": ("5약", "5강", "6약", "6강", "5약 이상(미수신)"),
}


_SPLIT_CLASSES = ("5-", "5+", "6-", "6+")


def _label_language(language: str) -> str:
    code = (language or "").strip().lower().replace("_", "-")
    if code in _LABELS:
        return code
    if code.startswith("ja"):  # ja-x-easy uses the ordinary Japanese labels
        return "ja"
    if code in ("zh-cn", "zh-sg") or code.startswith("zh-hans"):
        return "zh-hans"
    if code.startswith("zh"):
        return "zh-hant"
    if code.startswith("ko"):
        return "ko"
    return "en"


def intensity_label(value: str, language: str = "ja") -> str:
    """How people read an intensity: "5-" is 5弱 in Japanese and "5 Lower" in English.

    Also accepts UNRECEIVED_5_LOWER_OR_MORE. Unknown languages get English.
    """
    labels = _LABELS[_label_language(language)]
    if value == UNRECEIVED_5_LOWER_OR_MORE:
        return labels[4]
    intensity_rank(value)  # refuses anything that is not an intensity class
    if value in _SPLIT_CLASSES:
        return labels[_SPLIT_CLASSES.index(value)]
    return value  # 1, 2, 3, 4 and 7 read the same in every language


_SETTING_WORDS = {"弱": "-", "強": "+", "lower": "-", "upper": "+", "low": "-", "high": "+"}


def parse_intensity_setting(text: str) -> str:
    """A threshold typed by staff ("5弱", "５弱", "震度5弱", "5-", "5 Lower") → "5-"."""
    value = unicodedata.normalize("NFKC", text or "").strip().lower()
    value = value.removeprefix("震度").replace(" ", "")
    for word, sign in _SETTING_WORDS.items():
        if value.endswith(word):
            value = value[: -len(word)] + sign
            break
    if value not in _RANK:
        raise ValueError("not a seismic intensity (1, 2, 3, 4, 5弱, 5強, 6弱, 6強 or 7)")
    return value


def reaches(value: str | None, threshold: str = DEFAULT_THRESHOLD) -> bool:
    """True when a reading is at or above the threshold (None never reaches it)."""
    return value is not None and intensity_rank(value) >= intensity_rank(threshold)


# --- codes -----------------------------------------------------------------------------------


def city_code(municipality_code: str) -> str:
    """全国地方公共団体コード (6 digits with check digit) → JMA's 市町村等 code: 131202 → 1312000."""
    if not is_valid_municipality_code(municipality_code or ""):
        raise ValueError("not a valid 6-digit 全国地方公共団体コード")
    return municipality_code[:5] + "00"


def code_level(code: str) -> str:
    """LEVEL_PREF, LEVEL_AREA or LEVEL_CITY from the code's length; ValueError otherwise."""
    if not (code.isascii() and code.isdigit() and len(code) in _LEVEL_BY_LENGTH):
        raise ValueError("a JMA area code has 2 (prefecture), 3 (area) or 7 (municipality) digits")
    return _LEVEL_BY_LENGTH[len(code)]


def _matching(report: EarthquakeReport, codes: Iterable[str]) -> list[AreaIntensity]:
    wanted = {(code_level(code), code) for code in codes}
    return [item for item in report.intensities if (item.level, item.code) in wanted]


def highest_intensity_for(report: EarthquakeReport, codes: Iterable[str]) -> str | None:
    """The highest intensity JMA reports for any of the codes, each matched at its own level
    (7-digit municipality, 3-digit area, 2-digit prefecture); None when none has a reading.

    震度速報 has areas and prefectures only, so pass the ward's area code too.
    """
    readings = [item.max_intensity for item in _matching(report, codes) if item.max_intensity]
    return max(readings, key=intensity_rank, default=None)


def unreceived_for(report: EarthquakeReport, codes: Iterable[str]) -> bool:
    """True when a municipality among the codes (or inside a given area or prefecture) is
    marked 震度５弱以上未入電: JMA believes it reached 5弱 or more but has no reading yet."""
    wanted = {(code_level(code), code) for code in codes}
    for item in report.intensities:
        if not item.unreceived:
            continue
        if (
            (item.level, item.code) in wanted
            or (LEVEL_AREA, item.area_code) in wanted
            or (LEVEL_PREF, item.pref_code) in wanted
        ):
            return True
    return False


# --- parsing ---------------------------------------------------------------------------------


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _text(parent: Element | None, namespace: str, name: str) -> str | None:
    if parent is None:
        return None
    element = parent.find(_q(namespace, name))
    if element is None:
        return None
    return (element.text or "").strip()


def _required(parent: Element | None, namespace: str, name: str) -> str:
    value = _text(parent, namespace, name)
    if not value:
        raise JmaFormatError(f"missing {name}")
    return value


def _required_datetime(parent: Element | None, namespace: str, name: str) -> datetime:
    value = _datetime(_required(parent, namespace, name), name)
    if value is None:  # unreachable: _required never returns an empty string
        raise JmaFormatError(f"missing {name}")
    return value


def _datetime(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise JmaFormatError(f"{name} is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        raise JmaFormatError(f"{name} has no time zone")
    return parsed


def _intensity_value(value: str | None, name: str) -> tuple[str | None, str | None]:
    """(reading, condition) from a MaxInt/Int text."""
    if not value:
        return None, None
    if value == UNRECEIVED_5_LOWER_OR_MORE:
        return None, UNRECEIVED_5_LOWER_OR_MORE
    if value not in _RANK:
        raise JmaFormatError(f"unexpected {name} value")
    return value, None


def _code(element: Element, level: str) -> str:
    code = _required(element, NS_SEIS, "Code")
    if not (code.isascii() and code.isdigit() and len(code) == _CODE_LENGTHS[level]):
        raise JmaFormatError(f"unexpected {level} code")
    return code


def _entry(
    element: Element, level: str, pref_code: str | None, area_code: str | None
) -> AreaIntensity:
    reading, condition = _intensity_value(_text(element, NS_SEIS, "MaxInt"), "MaxInt")
    # Condition is informational: an unfamiliar wording is kept rather than losing the
    # readings of the whole message over it (MaxInt, which the trigger uses, stays strict).
    condition = _text(element, NS_SEIS, "Condition") or condition
    if level == LEVEL_CITY and condition != UNRECEIVED_5_LOWER_OR_MORE:
        # A station's Int may say 未入電 where the City's Condition does not: that matters more.
        for station in element.findall(_q(NS_SEIS, "IntensityStation")):
            _, station_condition = _intensity_value(_text(station, NS_SEIS, "Int"), "Int")
            condition = station_condition or condition
    return AreaIntensity(
        level=level,
        code=_code(element, level),
        name=_required(element, NS_SEIS, "Name"),
        max_intensity=reading,
        condition=condition,
        revise=_text(element, NS_SEIS, "Revise") or None,
        pref_code=pref_code,
        area_code=area_code,
    )


def _intensities(observation: Element | None) -> tuple[AreaIntensity, ...]:
    if observation is None:
        return ()
    items: list[AreaIntensity] = []
    for pref in observation.findall(_q(NS_SEIS, "Pref")):
        pref_item = _entry(pref, LEVEL_PREF, None, None)
        items.append(pref_item)
        for area in pref.findall(_q(NS_SEIS, "Area")):
            area_item = _entry(area, LEVEL_AREA, pref_item.code, None)
            items.append(area_item)
            for city in area.findall(_q(NS_SEIS, "City")):
                items.append(_entry(city, LEVEL_CITY, pref_item.code, area_item.code))
    return tuple(items)


def _magnitude(earthquake: Element | None) -> tuple[float | None, str | None]:
    if earthquake is None:
        return None, None
    element = earthquake.find(_q(NS_ELEMENT, "Magnitude"))
    if element is None:
        return None, None
    description = (element.get("description") or "").strip() or None
    try:
        value = float((element.text or "").strip())
    except ValueError:
        raise JmaFormatError("Magnitude is not a number") from None
    return (None if math.isnan(value) or math.isinf(value) else value), description


def _parse_xml(data: bytes) -> Element:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("parse_report expects bytes")
    if len(data) > MAX_MESSAGE_BYTES:
        raise JmaFormatError("message too large")
    try:
        # No DTD at all: JMA messages have none, and refusing it refuses every entity trick.
        return safe_fromstring(
            bytes(data), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise JmaFormatError("DTD or entity declarations are not accepted") from None
    except (ParseError, LookupError, UnicodeError, ValueError):
        raise JmaFormatError("not well-formed XML") from None


def parse_report(data: bytes) -> EarthquakeReport:
    """Parse one JMA message. Raises NotIntensityReportError for other kinds of JMA message
    and JmaFormatError for anything malformed, oversized or unexpected."""
    root = _parse_xml(data)
    if root.tag != _q(NS_REPORT, "Report"):
        raise JmaFormatError("not a JMA Report")
    control = root.find(_q(NS_REPORT, "Control"))
    control_title = _required(control, NS_REPORT, "Title")
    if control_title not in INTENSITY_TITLES:
        raise NotIntensityReportError(control_title)

    status = _STATUSES.get(_required(control, NS_REPORT, "Status"))
    if status is None:
        raise JmaFormatError("unexpected Control/Status")
    sent_at = _required_datetime(control, NS_REPORT, "DateTime")

    head = root.find(_q(NS_HEAD, "Head"))
    if head is None:
        raise JmaFormatError("missing Head")
    info_type = _INFO_TYPES.get(_required(head, NS_HEAD, "InfoType"))
    if info_type is None:
        raise JmaFormatError("unexpected Head/InfoType")
    serial_text = _text(head, NS_HEAD, "Serial")
    if serial_text and not (
        serial_text.isascii() and serial_text.isdigit() and len(serial_text) <= 9
    ):
        raise JmaFormatError("Head/Serial is not a number")
    headline = head.find(_q(NS_HEAD, "Headline"))

    body = root.find(_q(NS_SEIS, "Body"))
    if body is None:
        raise JmaFormatError("missing seismology Body")
    earthquake = body.find(_q(NS_SEIS, "Earthquake"))
    hypocenter_area = None
    if earthquake is not None:
        hypocenter_area = earthquake.find(f"{_q(NS_SEIS, 'Hypocenter')}/{_q(NS_SEIS, 'Area')}")
    observation = body.find(f"{_q(NS_SEIS, 'Intensity')}/{_q(NS_SEIS, 'Observation')}")
    max_intensity, _ = _intensity_value(_text(observation, NS_SEIS, "MaxInt"), "MaxInt")
    if info_type != INFO_CANCELLED and control_title == TITLE_INTENSITY_FLASH:
        if observation is None:
            raise JmaFormatError("震度速報 without Intensity/Observation")
    magnitude, magnitude_text = _magnitude(earthquake)

    return EarthquakeReport(
        control_title=control_title,
        status=status,
        editorial_office=_required(control, NS_REPORT, "EditorialOffice"),
        publishing_office=_required(control, NS_REPORT, "PublishingOffice"),
        sent_at=sent_at,
        head_title=_required(head, NS_HEAD, "Title"),
        report_datetime=_required_datetime(head, NS_HEAD, "ReportDateTime"),
        target_datetime=_datetime(_text(head, NS_HEAD, "TargetDateTime"), "TargetDateTime"),
        event_id=_required(head, NS_HEAD, "EventID"),
        info_type=info_type,
        serial=int(serial_text) if serial_text else None,
        headline=_text(headline, NS_HEAD, "Text") or "",
        origin_time=_datetime(_text(earthquake, NS_SEIS, "OriginTime"), "OriginTime"),
        hypocenter_name=_text(hypocenter_area, NS_SEIS, "Name") or None,
        magnitude=magnitude,
        magnitude_text=magnitude_text,
        max_intensity=max_intensity,
        intensities=_intensities(observation),
    )
