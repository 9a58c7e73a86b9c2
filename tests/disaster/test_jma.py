"""Reading JMA earthquake messages: every sample gives the facts the trigger relies on, the
ward's threshold is judged at municipality, area and prefecture level, and bad input is refused
with a short reason that never quotes it."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuyakusho.disaster import jma

SAMPLES = Path(__file__).parent / "jma_samples"
JST = timezone(timedelta(hours=9))

VXSE51_TOKYO_5PLUS = "20250612053210_0_VXSE51_010000.xml"
VXSE53_NERIMA_5PLUS = "20250612053512_0_VXSE53_010000.xml"
VXSE53_CANCEL = "20250612054020_0_VXSE53_010000.xml"
VXSE53_NERIMA_4 = "20250903232012_0_VXSE53_010000.xml"
VXSE53_UNRECEIVED = "20251118120812_0_VXSE53_010000.xml"
VXSE52_HYPOCENTER = "20250612053300_0_VXSE52_010000.xml"
EXERCISE = "exercise_VXSE53.xml"
REPORTS = (
    VXSE51_TOKYO_5PLUS,
    VXSE53_NERIMA_5PLUS,
    VXSE53_CANCEL,
    VXSE53_NERIMA_4,
    VXSE53_UNRECEIVED,
    EXERCISE,
)

NERIMA = jma.city_code("131202")  # 1312000
TOKYO_23 = "350"
TOKYO = "13"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def report(name: str) -> jma.EarthquakeReport:
    return jma.parse_report(sample(name))


def levels(rep: jma.EarthquakeReport, level: str) -> dict[str, str | None]:
    return {item.code: item.max_intensity for item in rep.at_level(level)}


def replaced(name: str, old: str, new: str) -> bytes:
    text = sample(name).decode()
    assert old in text
    return text.replace(old, new, 1).encode()


# --- the samples -----------------------------------------------------------------------------


def test_intensity_flash_gives_areas_and_prefectures():
    rep = report(VXSE51_TOKYO_5PLUS)
    assert rep.control_title == "震度速報" == rep.head_title
    assert rep.status == jma.STATUS_NORMAL and rep.is_normal
    assert (rep.editorial_office, rep.publishing_office) == ("気象庁本庁", "気象庁")
    assert rep.sent_at == datetime(2025, 6, 12, 5, 32, 10, tzinfo=UTC)
    assert rep.report_datetime == datetime(2025, 6, 12, 14, 32, tzinfo=JST)
    assert rep.target_datetime == datetime(2025, 6, 12, 14, 30, tzinfo=JST)
    assert rep.event_id == "20250612143015"
    assert rep.info_type == jma.INFO_ISSUED and not rep.is_cancellation
    assert rep.serial is None  # 震度速報 carries an empty Serial
    assert rep.headline.startswith("１２日１４時３０分ころ、地震による強い揺れを感じました。")
    # 震度速報 comes before the hypocentre is known.
    assert (rep.origin_time, rep.hypocenter_name, rep.magnitude) == (None, None, None)
    assert rep.max_intensity == "5+"
    assert levels(rep, jma.LEVEL_PREF) == {"13": "5+", "14": "5-", "11": "4", "12": "4"}
    assert levels(rep, jma.LEVEL_AREA) == {
        "350": "5+",
        "351": "5-",
        "360": "5-",
        "331": "4",
        "341": "4",
    }
    assert rep.at_level(jma.LEVEL_CITY) == ()
    tokyo_23 = next(item for item in rep.intensities if item.code == TOKYO_23)
    assert (tokyo_23.name, tokyo_23.pref_code, tokyo_23.area_code) == ("東京都２３区", "13", None)


def test_hypocenter_and_intensity_report_gives_municipalities():
    rep = report(VXSE53_NERIMA_5PLUS)
    assert rep.control_title == "震源・震度に関する情報"
    assert rep.head_title == "震源・震度情報"
    assert rep.event_id == "20250612143015" and rep.serial == 1
    assert rep.origin_time == datetime(2025, 6, 12, 14, 30, tzinfo=JST)
    assert rep.hypocenter_name == "東京都２３区"
    assert rep.magnitude == pytest.approx(6.1) and rep.magnitude_text == "Ｍ６．１"
    assert rep.max_intensity == "5+"
    assert levels(rep, jma.LEVEL_CITY) == {
        "1312000": "5+",
        "1311500": "5+",
        "1311400": "5-",
        "1311900": "5-",
        "1310400": "4",
        "1320300": "5-",
        "1413300": "5-",
        "1110700": "4",
        "1220300": "4",
    }
    nerima = next(item for item in rep.intensities if item.code == NERIMA)
    assert nerima.name == "練馬区" and nerima.level == jma.LEVEL_CITY
    assert (nerima.pref_code, nerima.area_code) == ("13", "350")
    assert nerima.condition is None and not nerima.unreceived and nerima.revise is None


def test_below_threshold_report():
    rep = report(VXSE53_NERIMA_4)
    assert rep.event_id == "20250904081512" and rep.hypocenter_name == "千葉県北西部"
    assert rep.max_intensity == "4"
    assert jma.highest_intensity_for(rep, [NERIMA, TOKYO_23, TOKYO]) == "4"
    assert not jma.reaches(jma.highest_intensity_for(rep, [NERIMA]))


def test_exercise_is_marked_as_such():
    rep = report(EXERCISE)
    assert rep.status == jma.STATUS_EXERCISE and not rep.is_normal
    assert jma.highest_intensity_for(rep, [NERIMA]) == "6-"


def test_test_status_and_correction_are_recognised():
    rep = jma.parse_report(
        replaced(VXSE53_NERIMA_5PLUS, "<Status>通常</Status>", "<Status>試験</Status>")
    )
    assert rep.status == jma.STATUS_TEST and not rep.is_normal
    rep = jma.parse_report(
        replaced(VXSE53_NERIMA_5PLUS, "<InfoType>発表</InfoType>", "<InfoType>訂正</InfoType>")
    )
    assert rep.info_type == jma.INFO_CORRECTED


def test_cancellation_has_no_intensities():
    rep = report(VXSE53_CANCEL)
    assert rep.is_cancellation and rep.info_type == jma.INFO_CANCELLED
    assert rep.event_id == "20250612143015" and rep.serial == 1
    assert rep.intensities == () and rep.max_intensity is None
    assert rep.origin_time is None and rep.magnitude is None
    assert jma.highest_intensity_for(rep, [NERIMA, TOKYO_23, TOKYO]) is None


def test_unreceived_is_recorded_but_never_counted_as_a_reading():
    rep = report(VXSE53_UNRECEIVED)
    cities = {item.code: item for item in rep.at_level(jma.LEVEL_CITY)}
    assert cities[NERIMA].max_intensity is None
    assert cities[NERIMA].condition == jma.UNRECEIVED_5_LOWER_OR_MORE and cities[NERIMA].unreceived
    # 杉並区: one station read 3, another has not reported.
    assert cities["1311500"].max_intensity == "3" and cities["1311500"].unreceived
    # 東京都多摩東部 holds only a municipality without a reading: no MaxInt for the area.
    assert levels(rep, jma.LEVEL_AREA) == {"350": "5-", "351": None}
    assert jma.highest_intensity_for(rep, [NERIMA]) is None
    assert jma.unreceived_for(rep, [NERIMA])
    assert jma.unreceived_for(rep, [TOKYO_23]) and jma.unreceived_for(rep, [TOKYO])
    assert not jma.unreceived_for(rep, ["1311400"])  # 中野区 has its reading
    assert jma.highest_intensity_for(rep, ["1311400"]) == "5-"
    assert rep.magnitude is None and rep.magnitude_text == "Ｍ不明"


def test_unreceived_station_alone_marks_the_municipality():
    data = replaced(
        VXSE53_UNRECEIVED,
        "<Code>1312000</Code>\n<Condition>震度５弱以上未入電</Condition>",
        "<Code>1312000</Code>",
    )
    rep = jma.parse_report(data)
    assert jma.unreceived_for(rep, [NERIMA])


# --- thresholds at each level ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "codes", "highest", "reached"),
    [
        # 練馬区 configured by its municipality code alone: 震度速報 has no municipalities.
        (VXSE51_TOKYO_5PLUS, [NERIMA], None, False),
        (VXSE51_TOKYO_5PLUS, [NERIMA, TOKYO_23], "5+", True),
        (VXSE51_TOKYO_5PLUS, [TOKYO], "5+", True),
        (VXSE51_TOKYO_5PLUS, ["11"], "4", False),
        (VXSE53_NERIMA_5PLUS, [NERIMA], "5+", True),
        (VXSE53_NERIMA_5PLUS, ["1310400"], "4", False),  # 新宿区 inside a 5強 area
        (VXSE53_NERIMA_5PLUS, ["1310400", TOKYO_23], "5+", True),
        (VXSE53_NERIMA_5PLUS, ["351"], "5-", True),
        (VXSE53_NERIMA_5PLUS, ["12"], "4", False),
        (VXSE53_NERIMA_5PLUS, ["1311700"], None, False),  # 北区 not in the message
        (VXSE53_NERIMA_4, [NERIMA, TOKYO_23, TOKYO], "4", False),
    ],
)
def test_default_threshold_at_municipality_area_and_prefecture(name, codes, highest, reached):
    rep = report(name)
    assert jma.highest_intensity_for(rep, codes) == highest
    assert jma.reaches(highest) is reached
    assert jma.reaches(highest, jma.DEFAULT_THRESHOLD) is reached


def test_a_code_matches_only_its_own_level():
    rep = report(VXSE53_NERIMA_5PLUS)
    # "13" is 東京都 as a prefecture, never a prefix of municipality codes.
    assert jma.highest_intensity_for(rep, ["13"]) == "5+"
    assert jma.highest_intensity_for(rep, ["14"]) == "5-"


def test_other_thresholds():
    assert jma.reaches("5+", "5+") and not jma.reaches("5+", "6-")
    assert jma.reaches("7", jma.parse_intensity_setting("6強"))
    assert not jma.reaches(None, "1")


@pytest.mark.parametrize("code", ["", "1", "1312", "131202", "13120000", "１３", "abc"])
def test_wrong_codes_are_refused(code):
    with pytest.raises(ValueError):
        jma.highest_intensity_for(report(VXSE53_NERIMA_5PLUS), [code])


# --- intensities -----------------------------------------------------------------------------


def test_intensities_order():
    shuffled = list(jma.INTENSITIES)
    random.Random(6).shuffle(shuffled)
    assert tuple(sorted(shuffled, key=jma.intensity_rank)) == jma.INTENSITIES
    ranks = [jma.intensity_rank(v) for v in ("1", "4", "5-", "5+", "6-", "6+", "7")]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)


@pytest.mark.parametrize("value", ["0", "5", "5弱", "８", "", jma.UNRECEIVED_5_LOWER_OR_MORE, None])
def test_rank_refuses_anything_else(value):
    with pytest.raises(ValueError):
        jma.intensity_rank(value)


@pytest.mark.parametrize(
    ("value", "language", "label"),
    [
        ("5-", "ja", "5弱"),
        ("5+", "ja", "5強"),
        ("6-", "ja", "6弱"),
        ("6+", "ja", "6強"),
        ("7", "ja", "7"),
        ("4", "en", "4"),
        ("5-", "en", "5 Lower"),
        ("5+", "en", "5 Upper"),
        ("6-", "en", "6 Lower"),
        ("6+", "en-us", "6 Upper"),
        ("5-", "ja-x-easy", "5弱"),
        ("5+", "zh-hans", "5强"),
        ("5+", "zh-Hant", "5強"),
        ("6-", "ko", "6약"),
        ("5-", "fr", "5 Lower"),
        (jma.UNRECEIVED_5_LOWER_OR_MORE, "ja", "5弱以上（未入電）"),
        (jma.UNRECEIVED_5_LOWER_OR_MORE, "en", "5 Lower or more (not yet received)"),
    ],
)
def test_labels(value, language, label):
    assert jma.intensity_label(value, language) == label


def test_label_refuses_a_non_intensity():
    with pytest.raises(ValueError):
        jma.intensity_label("5", "ja")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5弱", "5-"),
        ("５弱", "5-"),
        ("震度５弱", "5-"),
        (" 5- ", "5-"),
        ("5－", "5-"),
        ("5強", "5+"),
        ("５＋", "5+"),
        ("6弱", "6-"),
        ("６強", "6+"),
        ("7", "7"),
        ("震度７", "7"),
        ("4", "4"),
        ("5 Lower", "5-"),
        ("6 upper", "6+"),
    ],
)
def test_threshold_setting(text, value):
    assert jma.parse_intensity_setting(text) == value


@pytest.mark.parametrize(
    "text", ["", " ", "5", "8", "0", "弱", "5中", "abc", "震度", "5弱以上", None]
)
def test_threshold_setting_refuses_the_rest(text):
    with pytest.raises(ValueError):
        jma.parse_intensity_setting(text)


def test_city_code_from_municipality_code():
    assert jma.city_code("131202") == "1312000"  # 練馬区
    assert jma.city_code("131172") == "1311700"  # 北区
    assert jma.city_code("131156") == "1311500"  # 杉並区
    for wrong in ("131203", "13120", "1312000", "13120a", "", "１３１２０２"):
        with pytest.raises(ValueError):
            jma.city_code(wrong)


def test_code_level():
    assert [jma.code_level(c) for c in ("13", "350", "1312000")] == ["pref", "area", "city"]


# --- what is not for us, and bad input -------------------------------------------------------


def test_hypocenter_only_report_is_not_for_us():
    with pytest.raises(jma.NotIntensityReportError) as caught:
        jma.parse_report(sample(VXSE52_HYPOCENTER))
    assert caught.value.control_title == "震源に関する情報"
    assert isinstance(caught.value, jma.JmaFormatError)


def test_tsunami_warning_is_not_for_us():
    data = replaced(
        VXSE51_TOKYO_5PLUS, "<Title>震度速報</Title>", "<Title>津波警報・注意報・予報a</Title>"
    )
    with pytest.raises(jma.NotIntensityReportError) as caught:
        jma.parse_report(data)
    assert caught.value.control_title == "津波警報・注意報・予報a"


def assert_refused_quietly(data: bytes, *, leaks: tuple[str, ...] = ()) -> jma.JmaFormatError:
    with pytest.raises(jma.JmaFormatError) as caught:
        jma.parse_report(data)
    error = caught.value
    assert not isinstance(error, jma.NotIntensityReportError)
    # A short reason of our own; the parser's message (which may quote input) is not chained.
    assert len(str(error)) < 80
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__
    for secret in leaks:
        assert secret not in str(error)
    return error


def test_malformed_xml_is_refused():
    error = assert_refused_quietly(sample("malformed_truncated.xml"), leaks=("震度速報", "Report"))
    assert str(error) == "not well-formed XML"


def test_entity_expansion_bomb_is_refused():
    error = assert_refused_quietly(sample("xml_bomb.xml"), leaks=("震度速報", "&a;"))
    assert str(error) == "DTD or entity declarations are not accepted"


def test_external_entity_is_refused():
    error = assert_refused_quietly(sample("external_entity.xml"), leaks=("passwd", "root:"))
    assert "DTD" in str(error)


def test_oversized_message_is_refused_before_parsing():
    data = sample(VXSE53_NERIMA_5PLUS)
    padding = b"\n" * (jma.MAX_MESSAGE_BYTES - len(data))
    assert jma.parse_report(data + padding).max_intensity == "5+"  # exactly at the limit
    error = assert_refused_quietly(data + padding + b"\n")
    assert str(error) == "message too large"


def test_a_feed_is_not_a_report():
    assert str(assert_refused_quietly(sample("feed_eqvol.xml"))) == "not a JMA Report"


def test_text_is_not_bytes():
    with pytest.raises(TypeError):
        jma.parse_report(sample(VXSE51_TOKYO_5PLUS).decode())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<Status>通常</Status>", "<Status>本番の秘密</Status>"),
        ("<InfoType>発表</InfoType>", "<InfoType>秘密の形態</InfoType>"),
        ("<MaxInt>5+</MaxInt>", "<MaxInt>秘密の震度</MaxInt>"),
        ("<Code>1312000</Code>\n<MaxInt>", "<Code>131200秘</Code>\n<MaxInt>"),
        ("<Code>350</Code>\n<MaxInt>", "<Code>35</Code>\n<MaxInt>"),
        ("<EventID>20250612143015</EventID>", "<EventID></EventID>"),
        ("<Serial>1</Serial>", "<Serial>一</Serial>"),
        ("<DateTime>2025-06-12T05:35:12Z</DateTime>", "<DateTime>2025-06-12T05:35:12</DateTime>"),
        ("<DateTime>2025-06-12T05:35:12Z</DateTime>", "<DateTime>秘密の日時</DateTime>"),
        (">6.1</jmx_eb:Magnitude>", ">秘密</jmx_eb:Magnitude>"),
        ("<Name>練馬区</Name>\n<Code>", "<Name></Name>\n<Code>"),
        (
            '<Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/seismology1/"',
            '<Body xmlns="urn:秘密"',
        ),
    ],
)
def test_unexpected_values_are_refused_without_quoting_them(old, new):
    assert_refused_quietly(replaced(VXSE53_NERIMA_5PLUS, old, new), leaks=("秘",))


def test_an_unfamiliar_condition_is_kept_without_losing_the_readings():
    data = replaced(
        VXSE53_NERIMA_5PLUS,
        "<Code>1310400</Code>\n<MaxInt>4</MaxInt>",
        "<Code>1310400</Code>\n<MaxInt>4</MaxInt>\n<Condition>新しい状態</Condition>",
    )
    rep = jma.parse_report(data)
    shinjuku = next(item for item in rep.intensities if item.code == "1310400")
    assert shinjuku.condition == "新しい状態" and not shinjuku.unreceived
    assert shinjuku.max_intensity == "4"
    assert jma.highest_intensity_for(rep, [NERIMA]) == "5+"


def test_a_station_not_received_outweighs_an_unfamiliar_condition():
    data = replaced(
        VXSE53_UNRECEIVED,
        "<MaxInt>3</MaxInt>\n<Condition>震度５弱以上未入電</Condition>",
        "<MaxInt>3</MaxInt>\n<Condition>新しい状態</Condition>",
    )
    assert jma.unreceived_for(jma.parse_report(data), ["1311500"])


def test_revision_of_a_later_report_is_kept():
    data = replaced(
        VXSE53_NERIMA_5PLUS,
        "<Code>1312000</Code>\n<MaxInt>5+</MaxInt>",
        "<Code>1312000</Code>\n<MaxInt>5+</MaxInt>\n<Revise>上方修正</Revise>",
    )
    nerima = next(item for item in jma.parse_report(data).intensities if item.code == NERIMA)
    assert nerima.revise == "上方修正" and nerima.max_intensity == "5+"


# --- property: nothing but JmaFormatError escapes --------------------------------------------


def _parse_or_refuse(data: bytes) -> None:
    try:
        jma.parse_report(data)
    except jma.JmaFormatError:
        pass


@settings(deadline=None, max_examples=300)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_only_ever_raise_jma_format_error(data):
    _parse_or_refuse(data)


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(REPORTS),
    position=st.floats(min_value=0, max_value=1),
    cut=st.integers(min_value=0, max_value=64),
    insert=st.binary(max_size=32),
)
def test_damaged_samples_only_ever_raise_jma_format_error(name, position, cut, insert):
    data = sample(name)
    at = int(position * len(data))
    _parse_or_refuse(data[:at] + insert + data[at + cut :])


FIELDS = ("5+", "1312000", "350", "13", "通常", "発表", "1", "6.1", "20250612143015", "練馬区")
FIELDS += ("2025-06-12T14:30:00+09:00", "2025-06-12T05:35:12Z", "震源・震度に関する情報")


@settings(deadline=None, max_examples=300)
@given(field=st.sampled_from(FIELDS), value=st.text(max_size=40))
def test_any_value_in_any_field_only_ever_raises_jma_format_error(field, value):
    text = sample(VXSE53_NERIMA_5PLUS).decode()
    _parse_or_refuse(text.replace(f">{field}<", f">{escape(value)}<", 1).encode("utf-8", "replace"))
