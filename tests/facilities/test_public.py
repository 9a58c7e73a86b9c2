"""The public facility list and page: every filter a resident can use, "near me" by a point or
a landmark, bad input that keeps what was typed, and unpublished facilities staying hidden."""

from __future__ import annotations

import math
import re

import pytest
from django.test import Client
from django.utils import timezone

from kuyakusho.facilities.attributes import FILTERABLE

from .conftest import CENTRE, make_facility

pytestmark = pytest.mark.django_db


def names_in(response) -> list[str]:  # type: ignore[no-untyped-def]
    """Facility names in the results table, in order."""
    body = response.content.decode()
    table = body[body.index('<table class="facility-table">') : body.index("</table>")]
    return re.findall(r'<th scope="row"><a href="/facilities/\d+/">([^<]+)</a>', table)


@pytest.mark.parametrize("attribute", FILTERABLE, ids=lambda a: a.code)
def test_each_equipment_filter_lists_only_facilities_that_have_it(
    ward, departments, types, attribute
):
    make_facility("備えあり館", type=types["library"], department=departments["road"],
                  **{attribute.field: True})  # fmt: skip
    make_facility("備えなし館", type=types["library"], department=departments["road"])
    response = Client().get("/facilities/", {"attr": attribute.code})
    assert response.status_code == 200
    assert names_in(response) == ["備えあり館"]
    # The box stays ticked on the page of results.
    assert re.search(rf'value="{attribute.code}"[^>]*checked', response.content.decode())


def test_several_equipment_filters_must_all_be_present(ward, departments, types):
    dept, library = departments["road"], types["library"]
    make_facility("両方ある館", type=library, department=dept, has_elevator=True,
                  has_accessible_toilet=True)  # fmt: skip
    make_facility("片方だけの館", type=library, department=dept, has_elevator=True)
    response = Client().get("/facilities/?attr=elevator&attr=accessible_toilet")
    assert names_in(response) == ["両方ある館"]


def test_wifi_filter(ward, departments, types):
    dept, library = departments["road"], types["library"]
    make_facility("区のWi-Fi館", type=library, department=dept, wifi="ward", name_kana="あ")
    make_facility("事業者Wi-Fi館", type=library, department=dept, wifi="carrier", name_kana="い")
    make_facility("Wi-Fiなし館", type=library, department=dept, name_kana="う")
    client = Client()
    assert names_in(client.get("/facilities/?wifi=any")) == ["区のWi-Fi館", "事業者Wi-Fi館"]
    assert names_in(client.get("/facilities/?wifi=ward")) == ["区のWi-Fi館"]
    assert names_in(client.get("/facilities/?wifi=carrier")) == ["事業者Wi-Fi館"]
    assert len(names_in(client.get("/facilities/"))) == 3


def test_type_town_and_shelter_filters(ward, departments, types):
    dept = departments["road"]
    make_facility("東の図書館", type=types["library"], department=dept, town="豊玉北")
    make_facility("西の図書館", type=types["library"], department=dept, town="石神井町")
    make_facility("東の公園", type=types["park"], department=dept, town="豊玉北",
                  is_evacuation_site=True, evacuation_large_fire=True)  # fmt: skip
    client = Client()
    assert set(names_in(client.get("/facilities/?type=library"))) == {"東の図書館", "西の図書館"}
    assert set(names_in(client.get("/facilities/?town=豊玉北"))) == {"東の図書館", "東の公園"}
    assert names_in(client.get("/facilities/?type=library&town=豊玉北")) == ["東の図書館"]
    assert names_in(client.get("/facilities/?shelter=evacuation_site")) == ["東の公園"]


def _offset(north_m: float, east_m: float) -> tuple[float, float]:
    lat = CENTRE[0] + north_m / 111_132
    lon = CENTRE[1] + east_m / (111_320 * math.cos(math.radians(CENTRE[0])))
    return lat, lon


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def test_near_a_point_sorts_nearest_first_and_shows_metres(ward, departments, types):
    dept, library = departments["road"], types["library"]
    far, middle, near = _offset(1500, 0), _offset(0, -450), _offset(120, 0)
    make_facility("遠い館", type=library, department=dept, at=far, name_kana="あ")
    make_facility("中くらいの館", type=library, department=dept, at=middle, name_kana="い")
    make_facility("近い館", type=library, department=dept, at=near, name_kana="う")
    response = Client().get("/facilities/", {"lat": CENTRE[0], "lon": CENTRE[1]})
    assert names_in(response) == ["近い館", "中くらいの館", "遠い館"]
    body = response.content.decode()
    distances = re.findall(r'<td class="distance">([\d,]+) m</td>', body)
    assert distances == ["120", "450", "1,500"]
    # The approximation agrees with the great-circle distance to well within the 10 m rounding.
    for point, shown in zip((near, middle, far), distances, strict=True):
        assert abs(haversine_m(CENTRE, point) - int(shown.replace(",", ""))) < 10
    assert "指定した地点（緯度 35.73560、経度 139.65160）から近い順" in body
    # Without a point the order is by reading (よみがな) and no distance column is shown.
    plain = Client().get("/facilities/")
    assert names_in(plain) == ["遠い館", "中くらいの館", "近い館"]
    assert 'class="distance"' not in plain.content.decode()


def test_a_landmark_sorts_by_distance_without_javascript(ward, departments, types, landmark):
    dept, library = departments["road"], types["library"]
    make_facility("区役所そばの館", type=library, department=dept, at=CENTRE, name_kana="あ")
    make_facility("駅前の館", type=library, department=dept,
                  at=(landmark.lat - 0.0005, landmark.lon), name_kana="い")  # fmt: skip
    response = Client().get("/facilities/", {"landmark": landmark.pk})
    assert names_in(response) == ["駅前の館", "区役所そばの館"]
    assert "「テスト駅」から近い順" in response.content.decode()


def test_a_point_outside_the_ward_is_refused_and_everything_typed_is_kept(ward, departments, types):
    make_facility("トイレのある館", type=types["library"], department=departments["road"],
                  has_accessible_toilet=True)  # fmt: skip
    response = Client().get(
        "/facilities/", {"lat": "35.0", "lon": "139.0", "attr": "accessible_toilet", "q": "館"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "練馬区の区域の外です" in body
    assert 'role="alert"' in body
    assert re.search(r'name="lat" value="35.0"', body) and re.search(
        r'name="lon" value="139.0"', body
    )
    assert re.search(r'value="accessible_toilet"[^>]*checked', body)
    assert 'name="q" value="館"' in body
    # The rest of the filter still applies; only the sorting is left out.
    assert names_in(response) == ["トイレのある館"]
    assert 'class="distance"' not in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"lat": "abc", "lon": "139.65"}, "緯度は数値で入力してください。"),
        ({"lat": "35.73"}, "緯度と経度の両方を入力してください。"),
        ({"lat": "35.73", "lon": "NaN"}, "経度は数値で入力してください。"),
        ({"type": "no-such-type"}, "no-such-type"),
        ({"attr": "jacuzzi"}, "jacuzzi"),
        ({"landmark": "99999"}, "99999"),
        ({"wifi": "<script>"}, "&lt;script&gt;"),
    ],
)
def test_bad_filter_input_gets_a_message_not_an_error_page(ward, types, query, message):
    response = Client().get("/facilities/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_error_summary_leads_to_the_wrong_filter_and_keeps_the_others(ward, types):
    response = Client().get(
        "/facilities/", {"attr": ["elevator", "jacuzzi"], "lat": "35.0", "lon": "139.0", "q": "館"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    start = body.index('id="error-summary"')
    summary = body[start : body.index("</div>", start)]
    assert re.findall(r'<a href="#([^"]+)">', summary) == ["id_attr_0", "id_lat"]
    assert "設備: 正しく選択してください。 jacuzzi は候補にありません。" in summary
    assert '<fieldset aria-describedby="id_attr_helptext id_attr-error">' in body
    assert 'aria-describedby="id_q_helptext"' in body and 'name="q" value="館"' in body
    assert re.search(r'value="elevator"[^>]*checked', body)


@pytest.mark.parametrize(
    "words", ["!!!???", "の", "を に は", "'; DROP TABLE x; --", '"', "*", "NEAR("]
)
def test_keywords_of_symbols_or_particles_find_nothing_and_say_so(ward, departments, types, words):
    make_facility("練馬図書館", type=types["library"], department=departments["road"])
    response = Client().get("/facilities/", {"q": words})
    assert response.status_code == 200
    body = response.content.decode()
    assert names_in(response) == []
    assert "条件に合う施設はありません。条件を減らしてもう一度お試しください。" in body


def test_a_too_long_keyword_is_explained_and_the_list_still_shown(ward, departments, types):
    make_facility("練馬図書館", type=types["library"], department=departments["road"])
    response = Client().get("/facilities/", {"q": "図" * 5000})
    assert response.status_code == 400
    body = response.content.decode()
    assert '<a href="#id_q">キーワード: この値は 200 文字以下でなければなりません' in body
    assert names_in(response) == ["練馬図書館"]


def test_a_nul_in_the_keyword_is_dropped_and_the_search_still_runs(ward, departments, types):
    make_facility("練馬図書館", type=types["library"], department=departments["road"])
    make_facility("練馬区民館", type=types["community-centre"], department=departments["road"])
    response = Client().get("/facilities/", {"q": "図書\x00館"})
    assert response.status_code == 200
    assert names_in(response) == ["練馬図書館"]
    assert "\x00" not in response.content.decode()


def test_full_width_coordinates_are_understood(ward, departments, types):
    make_facility("館", type=types["library"], department=departments["road"])
    response = Client().get("/facilities/", {"lat": "３５．７３５６", "lon": "１３９．６５１６"})
    assert response.status_code == 200
    assert re.findall(r'<td class="distance">([\d,]+) m</td>', response.content.decode()) == ["0"]


def test_unpublished_facilities_are_nowhere_public(ward, departments, types):
    from kuyakusho.core.search import search

    hidden = make_facility("非公開の図書館", type=types["library"], department=departments["road"],
                           published=False, name_en="Hidden Library")  # fmt: skip
    make_facility("公開の図書館", type=types["library"], department=departments["road"])
    client = Client()
    assert names_in(client.get("/facilities/")) == ["公開の図書館"]
    assert names_in(client.get("/facilities/", {"q": "非公開"})) == []
    assert client.get(f"/facilities/{hidden.pk}/").status_code == 404
    assert search("非公開", doc_types="facility").total == 0
    assert search("Hidden", doc_types="facility").total == 0
    features = client.get("/facilities.geojson").json()["features"]
    assert [f["properties"]["name"] for f in features] == ["公開の図書館"]
    assert client.get(f"/api/v1/facilities/{hidden.pk}").status_code == 404


def test_free_text_finds_a_facility_by_part_of_a_japanese_word(ward, departments, types):
    make_facility("練馬区立光が丘図書館", type=types["library"], department=departments["road"],
                  name_kana="ねりまくりつひかりがおかとしょかん")  # fmt: skip
    make_facility("豊玉区民館", type=types["community-centre"], department=departments["road"])
    client = Client()
    for words in ["図書", "光が丘図", "トショカン", "ﾄｼｮｶﾝ", "ひかりがおか"]:
        assert names_in(client.get("/facilities/", {"q": words})) == ["練馬区立光が丘図書館"], words


def test_the_page_of_a_facility_shows_what_a_visitor_needs(ward, departments, types):
    weekday = timezone.localtime().weekday()
    facility = make_facility(
        "サンプル中央図書館",
        type=types["library"],
        department=departments["childcare"],
        name_kana="さんぷるちゅうおうとしょかん",
        name_en="Sample Central Library",
        postal_code="176-8501",
        phone="03-0000-0001",
        town="豊玉北",
        hours={day: [(9 * 60 + day, 17 * 60)] for day in range(7)},
        hours_note_ja="年末年始は休館",
        has_accessible_toilet=True,
        has_hearing_loop=True,
        wifi="ward",
        wifi_ssid="Sample_WiFi",
        has_aed=True,
        aed_location="1階入口",
        is_evacuation_site=True,
        evacuation_earthquake=True,
        evacuation_large_fire=True,
    )
    body = Client().get(f"/facilities/{facility.pk}/").content.decode()
    today = body[body.index('id="today-heading"') : body.index("</section>")]
    assert f"09:{weekday:02d}–17:00" in today and "年末年始は休館" in today
    for text in [
        "さんぷるちゅうおうとしょかん",
        "〒176-8501",
        'href="tel:03-0000-0001"',
        "だれでもトイレ（車いす対応）",
        "ヒアリングループ（磁気ループ）",
        "Sample_WiFi",
        "設置場所: 1階入口",
        "指定緊急避難場所（対象の災害: 地震、大規模な火事）",
        "子育て支援課",  # the responsible department
        "最終更新",
        'id="facility-detail-map"',
    ]:
        assert text in body, text
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/facilities/{facility.pk}/")
    assert "<h1>Sample Central Library</h1>" in english.content.decode()


def test_a_facility_without_hours_says_so_rather_than_closed(ward, departments, types):
    facility = make_facility("公園", type=types["park"], department=departments["parks"])
    body = Client().get(f"/facilities/{facility.pk}/").content.decode()
    assert "決まった開館時間はありません。" in body and "本日は休みです。" not in body
