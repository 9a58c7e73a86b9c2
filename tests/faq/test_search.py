"""FAQ search as residents type: partial words, 全角/半角 and katakana/hiragana, readings that
staff add to an answer, in any language; drafts never found; odd input never breaks the page;
searches that find nothing are counted for staff, normalised and redacted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kuyakusho.faq import selectors, services
from kuyakusho.faq.models import ZeroResultQuery

from .conftest import make_answer

pytestmark = pytest.mark.django_db


def found(query: str, language: str = "ja") -> list[int]:
    return [hit.answer.pk for hit in selectors.search_answers(query, language).hits]


@pytest.mark.parametrize("query", ["保育", "育園", "保育園", "入りたい"])
def test_a_partial_japanese_word_finds_the_answer(answers, query):
    assert found(query) == [answers["nursery"].pk]


@pytest.mark.parametrize(
    "query",
    ["ブランコ", "ﾌﾞﾗﾝｺ", "ぶらんこ", "ﾌﾞﾗﾝｺ 公園", "ブラン"],
    ids=["katakana", "half-width katakana", "hiragana", "two words", "partial katakana"],
)
def test_katakana_width_and_kana_differences_do_not_matter(answers, query):
    assert found(query) == [answers["playground"].pk]


def test_full_width_latin_letters_match_half_width(categories):
    wifi = make_answer(categories["roads"], {"ja": ("公園のWi-Fiを使いたい", "公園で使えます。")})
    assert found("ＷＩＦＩ") == [wifi.pk]
    assert found("wifi") == [wifi.pk]


def test_a_reading_finds_a_kanji_answer_only_through_the_keywords_staff_write(categories):
    """core.search folds kana but cannot read kanji: 「じゅうみんひょう」 does not contain
    「住民票」. The answer's keywords field holds the reading, and it is indexed."""
    without = make_answer(categories["roads"], {"ja": ("住民票の写しを取りたい", "窓口で。")})
    assert found("じゅうみんひょう") == []
    with_reading = make_answer(
        categories["roads"],
        {"ja": ("住民票を郵便で請求したい", "郵送で請求できます。")},
        keywords="じゅうみんひょう ゆうそう",
    )
    assert found("じゅうみんひょう") == [with_reading.pk]
    assert found("ジュウミンヒョウ") == [with_reading.pk]
    assert found("ｼﾞｭｳﾐﾝﾋｮｳ") == [with_reading.pk]
    assert without.pk in found("住民票")


def test_each_answer_is_listed_once_in_the_readers_language(answers):
    hits = selectors.search_answers("road", "en").hits
    assert [h.answer.pk for h in hits] == [answers["pothole"].pk]
    assert hits[0].text.question == "There is a hole in the road"
    assert "<mark>road</mark>" in hits[0].snippet
    # An English reader who types Japanese still finds it, shown in English, with the
    # Japanese words that matched as the snippet (marked as Japanese).
    hits = selectors.search_answers("穴", "en").hits
    assert [h.answer.pk for h in hits] == [answers["pothole"].pk]
    assert hits[0].text.language == "en"
    assert hits[0].snippet_language == "ja" and "<mark>穴</mark>" in hits[0].snippet


def test_a_reader_of_a_missing_language_gets_the_japanese_text_flagged(answers):
    hit = selectors.search_answers("保育園", "ko").hits[0]
    assert hit.text.language == "ja" and hit.text.fallback


def test_drafts_and_withdrawn_answers_are_never_found(categories, answers, road_staff):
    make_answer(
        categories["roads"], {"ja": ("下書きの質問（歩道）", "まだ公開しません。")}, published=False
    )
    assert found("下書き") == []
    assert found("ブランコ") == [answers["playground"].pk]
    services.withdraw_answer(road_staff.user, answers["playground"])
    assert found("ブランコ") == []
    services.publish_answer(road_staff.user, answers["playground"])
    assert found("ブランコ") == [answers["playground"].pk]


def test_the_search_page_lists_matches_with_links_to_stable_answer_addresses(client, ward, answers):
    response = client.get("/faq/search/", {"q": "保育"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/faq/answers/{answers["nursery"].pk}/"' in html
    assert "<mark>保育</mark>" in html
    assert "公園のブランコ" not in html


PROMPT = "探したい言葉を入力して「検索」を押してください。"
HINT = "言葉を短くする"


@pytest.mark.parametrize("query", ["", "   ", "\u3000"])
def test_an_empty_search_asks_for_words(client, ward, answers, query):
    response = client.get("/faq/search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200 and PROMPT in html
    assert 'class="faq-list"' not in html


@pytest.mark.parametrize(
    "query",
    ["x" * 5000, "'; DROP TABLE x; --", "AND OR NOT", "NEAR(", '"ぶらんこ', "ぶらんこ%"],
    ids=["very long", "sql", "fts operators", "near", "quote", "percent"],
)
def test_odd_input_finds_nothing_and_says_how_to_search_again(client, ward, answers, query):
    response = client.get("/faq/search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "見つかりませんでした" in html and HINT in html
    assert 'class="faq-list"' not in html
    assert ZeroResultQuery.objects.count() == 1  # counted for staff, not lost in an error


def test_a_nul_character_is_dropped_and_the_words_still_found(client, ward, answers):
    html = client.get("/faq/search/", {"q": "\x00ぶらんこ"}).content.decode()
    assert f'href="/faq/answers/{answers["playground"].pk}/"' in html
    assert "\x00" not in html and "「ぶらんこ」" in html  # shown back without the NUL


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("の", "「の」「は」のような言葉だけでは検索できません。"),
        ("を に は", "「の」「は」のような言葉だけでは検索できません。"),
        ("!?＃＄", "記号だけでは検索できません。"),
    ],
)
def test_a_query_of_only_particles_or_symbols_explains_and_lists_nothing(
    client, ward, answers, query, why
):
    html = client.get("/faq/search/", {"q": query}).content.decode()
    assert 'class="faq-list"' not in html and PROMPT in html and why in html
    assert not ZeroResultQuery.objects.exists()  # nothing was searched, nothing to count


def test_the_query_is_shown_back_escaped(client, ward, answers):
    html = client.get("/faq/search/", {"q": '<script>alert("x")</script>'}).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_a_search_that_finds_nothing_is_counted_normalised_per_day(client, ward, answers):
    client.get("/faq/search/", {"q": "ﾍﾟｯﾄ ホテル"})
    client.get("/faq/search/", {"q": "ぺっと　ほてる"})  # the same words, typed differently
    client.get("/faq/search/", {"q": "ブランコ"})  # found: not counted
    client.get("/faq/search/", {"q": ""})  # nothing searched: not counted
    row = ZeroResultQuery.objects.get()
    assert (row.query, row.count, row.language, row.day) == (
        "ぺっと ほてる",
        2,
        "ja",
        timezone.localdate(),
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("電話 03-1234-5678", "電話 ###"),
        ("ＴＥＬ０９０１２３４５６７８", "tel###"),
        ("郵便番号 176-8501 練馬", "郵便番号 ### 練馬"),
        ("hanako@example.jp に連絡", "***@*** に連絡"),
        ("123 ごみ", "123 ごみ"),  # three digits stay: a room number or a count
    ],
)
def test_zero_result_queries_are_stored_without_numbers_or_addresses(answers, typed, stored):
    services.search_faq(typed, "ja")
    assert ZeroResultQuery.objects.get().query == stored


def test_a_query_that_is_only_a_phone_number_is_not_stored(answers):
    services.search_faq("03-1234-5678", "ja")
    assert not ZeroResultQuery.objects.exists()


def test_stored_zero_result_queries_are_cut_to_100_characters(answers):
    services.search_faq("あ" * 150 + "ん", "ja")
    assert ZeroResultQuery.objects.get().query == "あ" * 100


def test_the_staff_report_lists_the_most_frequent_zero_result_queries(road_client, answers):
    today = timezone.localdate()
    ZeroResultQuery.objects.create(query="ぺっと", language="ja", day=today, count=3)
    ZeroResultQuery.objects.create(
        query="ぺっと", language="ja", day=today - timedelta(days=2), count=4
    )
    ZeroResultQuery.objects.create(query="ねこ", language="ja", day=today, count=5)
    ZeroResultQuery.objects.create(
        query="むかしの", language="ja", day=today - timedelta(days=60), count=99
    )
    rows = selectors.zero_result_queries(today - timedelta(days=29), today)
    assert [(r["query"], r["total"], r["days"]) for r in rows] == [("ぺっと", 7, 2), ("ねこ", 5, 1)]
    html = road_client.get("/staff/faq/reports/zero-results/").content.decode()
    assert html.index("ぺっと") < html.index("ねこ") and "むかしの" not in html
    start = (today - timedelta(days=90)).isoformat()
    html = road_client.get("/staff/faq/reports/zero-results/", {"start": start}).content.decode()
    assert "むかしの" in html


def test_the_zero_result_report_refuses_a_reversed_period_and_keeps_it(road_client, answers):
    response = road_client.get(
        "/staff/faq/reports/zero-results/", {"start": "2026-03-01", "end": "2026-02-01"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "開始日は終了日より前にしてください。" in html and 'value="2026-03-01"' in html
