"""Japanese site search: normalisation, partial-word matching, ranking, filters, hostile input
and index synchronisation. Runs unchanged on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm)."""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from kuyakusho.core import search, text
from kuyakusho.core.models import SearchDocument
from kuyakusho.core.text import find_all, find_first, normalize, normalize_with_offsets

LIBRARY_TITLE = "練馬区立図書館の開館時間"
LIBRARY_BODY = "平日は午前9時から午後8時まで開館します。駐車場はありません。"


def _index(key: str, title: str, body: str = "", *, doc_type: str = "page", language: str = "ja"):
    search.index_document(doc_type, key, language, title, body, f"/{doc_type}/{key}/")


def _keys(query: str, **filters) -> list[str]:
    return [hit.object_key for hit in search.search(query, **filters).hits]


# --- Normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ１２３", "abc123"),
        ("ｶﾅ", "かな"),
        ("ｶﾞｲﾄﾞ", "がいど"),
        ("カタカナ", "かたかな"),
        ("ひらがな", "ひらがな"),
        ("  Wi-Fi\u3000の\n\t設定  ", "wifi の 設定"),
        ("ワイ・ファイ", "わいふぁい"),
        ("03-1234-5678", "0312345678"),
        ("コーヒー", "こーひー"),
        ("a\x00b\u200bc", "abc"),
        ("", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_offsets_point_back_into_the_original_text():
    folded, spans = normalize_with_offsets("ＷｉＦｉとｶﾞｲﾄﾞ")
    assert folded == "wifiとがいど"
    start = folded.index("がいど")
    assert "ＷｉＦｉとｶﾞｲﾄﾞ"[spans[start][0] : spans[-1][1]] == "ｶﾞｲﾄﾞ"


# Characters whose folding changes the length or needs the neighbours: half-width kana and
# voicing marks, combining accents, joiners, "…", "㍿", "ß", invisible and control characters.
_TRICKY_TEXT = st.text(
    alphabet=st.sampled_from(
        list("アｱｶﾞﾟ゙a-・…Ｗｉ－ｆｉ　\u3099\u0301e図書館㍿ß\x00\u200b 、。,1，")
    ),
    max_size=40,
)


@given(_TRICKY_TEXT)
def test_folding_character_by_character_gives_what_folding_by_clusters_gives(value):
    # The fast path (no combining marks) must agree with the general one, cluster by cluster.
    assert normalize_with_offsets(value) == text._fold_clusters_with_offsets(value)


@given(_TRICKY_TEXT)
def test_folding_runs_of_katakana_gives_what_translating_every_character_gives(value):
    expected = text._JOINER_BETWEEN_WORDS.sub(
        "",
        text.unicodedata.normalize("NFKC", text._drop_unstorable(value))
        .casefold()
        .translate(text._KATAKANA_TO_HIRAGANA),
    )
    assert text.fold(value) == expected


@pytest.mark.parametrize("prefix", ["", "区の案内 " * 500, "Wi-Fi ㍿ " * 500, "ｶﾞｲﾄﾞ" * 900])
def test_words_are_located_in_the_text_as_written(prefix):
    text = prefix + "トショカンの案内"
    assert find_first(text, ["としょかん"]) == len(prefix)
    assert find_first(text, ["びじゅつかん"]) is None


@pytest.mark.parametrize(
    ("text", "word", "as_written"),
    [
        # "・" between words folds away, so positions move: found block by block.
        ("区民・区役所のお知らせ。" * 60 + "トショカンの臨時休館。", "としょかん", "トショカン"),
        # Blocks are cut at "、" but not at a comma that the word itself contains.
        ("お知らせ、" * 100 + "手数料は1，000円です。", "1,000", "1，000"),
        ("はい、" * 100 + "あれ、これ", "あれ、これ", "あれ、これ"),
    ],
)
def test_words_are_located_in_long_japanese_text(text, word, as_written):
    assert find_first(text, [word]) == text.index(as_written)


@pytest.mark.parametrize(
    "text",
    ["図書館の案内…開館・時間のお知らせ", "ご案内…図書館・開館時間", "ｶﾞｲﾄﾞ：図書館の案内"],
)
def test_words_are_located_where_folding_changes_the_length_before_or_after(text):
    # "…" folds to three characters, "・" between words to none, "ｶﾞ" (two) to one.
    assert find_first(text, ["図書館"]) == text.index("図書館")
    assert [text[a:b] for a, b in find_all(text, ["図書館"])] == ["図書館"]


def test_every_occurrence_is_located_as_written():
    text = "ＷｉＦｉとWi-Fiとwifi"
    assert [text[a:b] for a, b in find_all(text, ["wifi"])] == ["ＷｉＦｉ", "Wi-Fi", "wifi"]


# --- Matching -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["図書館", "開館", "館", "図書", "開館時間", "練馬区立図書館の開館時間"]
)
def test_finds_parts_of_japanese_words(query):
    _index("library", LIBRARY_TITLE, LIBRARY_BODY)
    _index("zoo", "動物園の案内", "動物園は月曜日休園です。")
    assert _keys(query) == ["library"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["美術館", "書館 動物", "x"])
def test_does_not_find_what_is_not_there(query):
    _index("library", LIBRARY_TITLE, LIBRARY_BODY)
    assert search.search(query).total == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("トショカンのご案内", "としょかん"),
        ("としょかんのご案内", "トショカン"),
        ("ごみのワケカタ", "わけかた"),
        ("ゴミ", "ごみ"),  # two characters: the LIKE path
        ("ｶﾞｲﾄﾞブック", "ガイド"),
        ("ガイドブック", "ｶﾞｲﾄﾞ"),
    ],
)
def test_katakana_and_hiragana_match_each_other(text, query):
    _index("doc", text)
    assert _keys(query) == ["doc"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("区役所のWiFiについて", "ＷｉＦｉ"),
        ("区役所のＷｉＦｉについて", "wifi"),
        ("区役所のWi-Fiについて", "ＷｉＦｉ"),
        ("区役所のWi-Fiについて", "wifi"),
        ("区役所のWiFiについて", "Wi-Fi"),
        ("受付番号１２３", "123"),
        ("電話 03-1234-5678", "1234-5678"),
    ],
)
def test_full_and_half_width_forms_match_each_other(text, query):
    _index("doc", text)
    assert _keys(query) == ["doc"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["図書館 駐車場", "駐車場 図書館", "館 駐車", "図書館　午後"])
def test_every_word_must_match(query):
    _index("both", LIBRARY_TITLE, LIBRARY_BODY)
    _index("library-only", "中央図書館", "蔵書は50万冊です。")
    _index("parking-only", "区役所の駐車場", "30台分あります。")
    assert _keys(query) == ["both"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["図書館", "図書", "館"])
def test_a_title_match_ranks_above_a_body_only_match(query):
    _index("body", "お知らせ", "図書館、図書館、図書館の休館日のお知らせ。" * 3)
    _index("title", "図書館の休館日", "年末年始はお休みです。")
    _index("other", "保育園の入園", "申込みは区役所で。")
    hits = search.search(query).hits
    assert [hit.object_key for hit in hits] == ["title", "body"]
    assert hits[0].score > hits[1].score


@pytest.mark.django_db
def test_filters_by_doc_type_and_language():
    _index("1", "図書館の案内", doc_type="page")
    _index("1", "Library guide 図書館", doc_type="page", language="en")
    _index("2", "図書館のよくある質問", doc_type="faq")
    _index("3", "図書館で講演会", doc_type="event")
    assert sorted(_keys("図書館")) == ["1", "1", "2", "3"]
    assert _keys("図書館", doc_types=["faq"]) == ["2"]
    assert sorted(_keys("図書館", doc_types=["faq", "event"])) == ["2", "3"]
    assert _keys("図書館", doc_types="event") == ["3"]
    assert _keys("図書館", doc_types=[]) == []
    assert [(h.object_key, h.language) for h in search.search("図書", language="en").hits] == [
        ("1", "en")
    ]
    assert _keys("図書館", doc_types=["page"], language="ja") == ["1"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["図書館", "図書"])
def test_limit_offset_and_total(query):
    for i in range(25):
        _index(f"doc{i:02d}", f"区民だより 第{i}号", "図書館からのお知らせ")
    first = search.search(query, limit=10)
    assert first.total == 25 and len(first.hits) == 10
    rest = search.search(query, limit=10, offset=20)
    assert rest.total == 25 and len(rest.hits) == 5
    beyond = search.search(query, limit=10, offset=100)
    assert beyond.total == 25 and beyond.hits == []
    pages = {
        h.object_key for o in (0, 10, 20) for h in search.search(query, limit=10, offset=o).hits
    }
    assert len(pages) == 25
    assert search.search(query, limit=0).hits == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"), [("窓", ["window"]), ("窓口", ["window"]), ("口", ["window", "mouth"])]
)
def test_short_words_are_found_in_title_and_body(query, expected):
    _index("mouth", "口の中の健康", "歯科健診のお知らせ。")
    _index("window", "お知らせ", "区民事務所の窓口で受け付けます。")
    assert sorted(_keys(query)) == sorted(expected)


@pytest.fixture
def small_windows(monkeypatch):
    """Windows and cap of a few documents, so a handful of rows shows what 100,000 would."""
    monkeypatch.setattr(search, "COUNT_CAP", 6)
    monkeypatch.setattr(search, "BODY_WINDOW", 3)
    monkeypatch.setattr(search, "TITLE_WINDOW", 2)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["図書館", "館"])
def test_counting_stops_at_the_cap_and_says_so(small_windows, query):
    for i in range(8):
        _index(f"doc{i}", f"お知らせ {i}", "図書館の休館日です。")
    first = search.search(query, limit=2)
    assert first.total == 6 and first.total_is_lower_bound
    few = search.search(query, doc_types=["faq"])
    assert few.total == 0 and not few.total_is_lower_bound
    # Paging on past the cap reaches every match once, and the last page knows the total.
    seen = []
    for offset in range(0, 10, 2):
        page = search.search(query, limit=2, offset=offset)
        seen += [hit.object_key for hit in page.hits]
    assert sorted(seen) == [f"doc{i}" for i in range(8)]
    last = search.search(query, limit=2, offset=6)
    assert last.total == 8 and not last.total_is_lower_bound


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["図書館", "図書", "館", "図書館 休館", "図書 休館", "館 日"])
def test_title_matches_rank_first_even_beyond_the_ranked_window(small_windows, query):
    # The title match sits in the middle of the table: outside the window of recent (SQLite)
    # or first-stored (PostgreSQL) matches that is ranked on the body.
    for i in range(5):
        _index(f"early{i}", "お知らせ", "図書館、図書館の休館日のお知らせ。")
    _index("title", "図書館の休館日", "年末年始はお休みです。")
    for i in range(5):
        _index(f"late{i}", "お知らせ", "図書館、図書館の休館日のお知らせ。")
    hits = search.search(query).hits
    assert hits[0].object_key == "title"
    assert len(hits) == 11 and hits[0].score > max(hit.score for hit in hits[1:])


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["防災 情報", "防災 情報 配信", "防災情報 配信", "防 情報"])
def test_a_title_with_more_words_ranks_first_though_each_word_is_in_many_titles(
    small_windows, monkeypatch, query
):
    # Each word's newest titles (TITLE_CANDIDATES of them) miss the oldest document, whose
    # title holds two words: it is still found among the titles and ranked first.
    monkeypatch.setattr(search, "TITLE_CANDIDATES", 2)
    _index("both", "防災情報の配信について", "防災情報を配信します。")
    for i in range(3):
        _index(f"disaster{i}", f"防災の手引き {i}", "情報を配信します。")
        _index(f"information{i}", f"情報の公開 {i}", "防災について配信します。")
    assert _keys(query)[0] == "both"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["図書 休館", "図書館 休", "図 休館日"])
def test_a_title_match_needs_every_word_in_the_document(small_windows, query):
    # One word in the title and another nowhere: not a match, though the title stage finds it.
    _index("title-only", "図書館の案内", "貸出のお知らせ。")
    for i in range(6):
        _index(f"body{i}", "お知らせ", "図書館の休館日です。")
    assert sorted(_keys(query)) == [f"body{i}" for i in range(6)]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["図書館 予約", "予約 館", "館 約", "図 予"])
def test_mixed_long_and_short_words_must_all_match(query):
    _index("both", "図書館の本の予約", "インターネットで予約できます。")
    _index("library", "図書館の案内", "開館時間のお知らせ。")
    _index("booking", "施設の予約", "区民館の予約は窓口で。")
    expected = ["both", "booking"] if query in ("予約 館", "館 約") else ["both"]
    assert sorted(_keys(query)) == sorted(expected)


# --- Hostile input --------------------------------------------------------------------------

HOSTILE = [
    '"',
    '"図書館',
    "*",
    "図書*",
    "AND OR NOT",
    "図書館 OR 動物園",
    "NEAR(図書 館)",
    ")(",
    "-図書館",
    "title:図書館",
    "^図書館",
    "%_",
    "%%%",
    "\\",
    "'; DROP TABLE core_searchdocument; --",
    "😀",
    "👨\u200d👩\u200d👧 図書館",
    "図" * 10_000,
    "図書館 " * 2_000,
    "\x00",
    "図書\x00館",
    "\ud800",
    "<script>alert(1)</script>",
    " ".join(chr(0x3042 + i) for i in range(80)),  # many one-character words
    "".join(chr(0x4E00 + i) for i in range(300)),  # 200 distinct characters: 199 pairs
    "の は が を に",  # particles only: every word is short and common
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(query):
    _index("library", LIBRARY_TITLE, LIBRARY_BODY)
    _index("odd", '"quoted" *star* (paren) 100%_done AND OR NOT NEAR 😀', "")
    results = search.search(query)
    assert results.total == len(results.hits)
    assert len("".join(results.words)) <= search.MAX_QUERY_LENGTH


@pytest.mark.django_db
def test_syntax_characters_are_searched_literally():
    _index("odd", '"quoted" *star* (paren) 100%_done AND OR NOT NEAR 😀')
    _index("plain", "100 done")
    assert _keys('"quoted"') == ["odd"]
    assert _keys("%_") == ["odd"]
    assert _keys("0%_d") == ["odd"]
    assert _keys("*star*") == ["odd"]
    assert _keys("or not near") == ["odd"]
    assert _keys("😀") == ["odd"]
    assert _keys("_") == ["odd"]


@pytest.mark.django_db
def test_hostile_documents_can_be_indexed_and_found():
    _index("nul", "図書\x00館 \ud800", "本文\x00です <b>&amp;</b>")
    assert _keys("図書館") == ["nul"]
    assert SearchDocument.objects.get().title == "図書館 "


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "   ", "\u3000\t\n", None])
def test_an_empty_query_does_not_touch_the_database(query, django_assert_num_queries):
    with django_assert_num_queries(0):
        results = search.search(query)
    assert results.total == 0 and results.hits == []


def test_long_queries_are_truncated():
    words = search.query_words("あ" * 10_000)
    assert words == ["あ" * search.MAX_QUERY_LENGTH]


def test_redundant_words_are_dropped():
    assert search.query_words("図書 図書館 図書館 館 開館") == ["図書館", "開館"]


def test_fts_phrases_quote_every_word():
    assert search.fts_phrases(['a"b', "or"]) == '"a""b" AND "or"'


# --- Snippets -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_snippets_escape_markup_and_mark_the_match():
    _index("x", "図書館", '<b>図書館</b> & <script>alert("x")</script>')
    snippet = search.search("図書館").hits[0].snippet
    assert "<script" not in snippet
    assert "&lt;script&gt;" in snippet and "&amp;" in snippet
    assert "<mark>図書館</mark>" in snippet


@pytest.mark.django_db
def test_the_snippet_shows_the_text_around_a_late_match_as_written():
    body = "区のお知らせです。" * 500 + "トショカンの臨時休館について。" + "以上です。" * 100
    _index("late", "お知らせ", body)
    snippet = search.search("としょかん").hits[0].snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>トショカン</mark>" in snippet
    assert len(snippet) < search.SNIPPET_LENGTH + 40


def test_snippet_marks_text_that_differs_only_in_width():
    snippet = search.make_snippet("区役所のWi-FiとＷｉＦｉ", ["wifi"])
    assert snippet == "区役所の<mark>Wi-Fi</mark>と<mark>ＷｉＦｉ</mark>"


def test_snippet_without_a_match_is_the_start_of_the_text():
    assert search.make_snippet("a < b", ["zzz"]) == "a &lt; b"


# --- Index synchronisation ------------------------------------------------------------------


@pytest.mark.django_db
def test_reindexing_replaces_the_document():
    _index("doc", "図書館の案内", "休館日は月曜日です。")
    _index("doc", "図書館の案内", "休館日は火曜日です。")
    assert SearchDocument.objects.count() == 1
    assert _keys("月曜") == [] and _keys("月曜日") == []
    assert _keys("火曜") == ["doc"] and _keys("火曜日") == ["doc"]
    _index("doc", "美術館の案内", "休館日は火曜日です。")
    assert _keys("図書館") == [] and _keys("美術館") == ["doc"]


@pytest.mark.django_db
def test_removed_documents_are_no_longer_found():
    _index("doc", LIBRARY_TITLE, LIBRARY_BODY)
    _index("doc", "Library opening hours 図書館", language="en")
    _index("other", "中央図書館")
    assert search.remove_document("page", "doc", "en") == 1
    assert [
        h.language
        for h in search.search("図書館", doc_types=["page"]).hits
        if h.object_key == "doc"
    ] == ["ja"]
    assert search.remove_document("page", "doc") == 1
    assert _keys("開館時間") == [] and _keys("開館") == []
    assert _keys("図書館") == ["other"]
    assert search.remove_document("page", "missing") == 0


@pytest.mark.django_db
def test_bulk_indexing_keeps_the_last_version_of_a_duplicate():
    entries = [
        search.SearchEntry("faq", "1", "ja", "古い質問", "古い回答"),
        search.SearchEntry("faq", "2", "ja", "粗大ごみの出し方", "電話で申し込みます。"),
        search.SearchEntry("faq", "1", "ja", "新しい質問", "新しい回答"),
    ]
    assert search.index_documents(entries, batch_size=2) == 3
    assert SearchDocument.objects.count() == 2
    assert _keys("古い") == [] and _keys("新しい質問") == ["1"]
    assert _keys("粗大ごみ") == ["2"]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["doc_type", "object_key", "language"])
def test_keys_must_be_present(field):
    values = {"doc_type": "page", "object_key": "1", "language": "ja", field: ""}
    with pytest.raises(ValueError, match=field):
        search.index_document(**values, title="題名")


@pytest.mark.django_db
def test_sqlite_index_is_kept_by_triggers():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    _index("doc", LIBRARY_TITLE, LIBRARY_BODY)
    table = "core_searchdocument_title_grams"
    title_grams = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(title_grams, ['"図書"'])
        assert len(cursor.fetchall()) == 1
    SearchDocument.objects.update(normalized="新しい\n内容")
    assert _keys("図書館") == [] and _keys("新しい") == ["doc"]
    assert _keys("館") == [] and _keys("内容") == ["doc"] and _keys("容") == ["doc"]
    with connection.cursor() as cursor:
        for gram, found in (('"図書"', 0), ('"新し"', 1), ('"内容"', 0)):  # titles only
            cursor.execute(title_grams, [gram])
            assert len(cursor.fetchall()) == found
    SearchDocument.objects.all().delete()
    assert _keys("内容") == []
    with connection.cursor() as cursor:
        for table in (
            "core_searchdocument_fts",
            "core_searchdocument_grams",
            "core_searchdocument_title_grams",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            assert cursor.fetchone()[0] == 0
