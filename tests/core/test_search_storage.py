"""How search text is stored and read: PostgreSQL keeps `normalized` in the row (migration
0007, rewriting rows indexed before it), and the title stage of both databases finds title
matches beyond the ranked windows, with filters and with long and short words mixed."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

from kuyakusho.core import search

storage_migration = importlib.import_module("kuyakusho.core.migrations.0007_search_storage")

# About 12,000 characters: too large for a row even compressed, so it is moved out of line.
LONG_BODY = "".join(f"第{i}回の区民会議で防災の計画を話し合いました。" for i in range(500))


def _index(key: str, title: str, body: str = "", *, doc_type: str = "page", language: str = "ja"):
    search.index_document(doc_type, key, language, title, body, f"/{doc_type}/{key}/")


def _keys(query: str, **filters) -> list[str]:
    return [hit.object_key for hit in search.search(query, **filters).hits]


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


def _storage() -> tuple[str, bool]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'core_searchdocument'::regclass AND attname = 'normalized'"
        )
        storage = cursor.fetchone()[0]
        cursor.execute("SELECT to_regclass('core_searchdocument_normalized_trgm') IS NOT NULL")
        return storage, cursor.fetchone()[0]


def _compressions() -> dict[str, str | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_key, pg_column_compression(normalized) FROM core_searchdocument"
        )
        return dict(cursor.fetchall())


@pytest.mark.django_db
def test_postgresql_keeps_the_normalised_text_in_the_row():
    _postgresql_only()
    assert _storage() == ("m", False)  # STORAGE MAIN; pg_trgm's unused index is gone
    _index("long", "区民会議の記録", LONG_BODY)
    _index("short", "防災訓練", "区民の皆さまへ。")
    assert sorted(_keys("区民")) == ["long", "short"]
    assert _keys("防災の計画") == ["long"]
    assert _keys("第499回") == ["long"]  # the end of a text stored out of line


@pytest.mark.django_db
def test_the_storage_migration_rewrites_documents_indexed_before_it():
    _postgresql_only()
    _index("long", "区民会議の記録", LONG_BODY)
    _index("short", "防災訓練", "区民の皆さまへ。")
    # As before the migration: the default storage, and rows written under it (pglz).
    with connection.schema_editor() as editor:
        storage_migration.uninstall(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_searchdocument SET normalized = normalized || ''")
    assert _storage() == ("x", True)
    assert _compressions()["long"] == "pglz"

    with connection.schema_editor() as editor:
        storage_migration.install(None, editor)

    assert _storage() == ("m", False)
    # Rewritten: lz4 where the server has it, else uncompressed in the row.
    assert _compressions()["long"] in ("lz4", None)
    assert _compressions()["short"] is None
    assert sorted(_keys("区民")) == ["long", "short"]
    assert _keys("防災") == ["short", "long"]  # the title match first
    assert _keys("第499回") == ["long"]


@pytest.fixture
def small_windows(monkeypatch):
    """Windows and cap of a few documents, so a handful of rows shows what 100,000 would."""
    monkeypatch.setattr(search, "COUNT_CAP", 6)
    monkeypatch.setattr(search, "BODY_WINDOW", 3)
    monkeypatch.setattr(search, "TITLE_WINDOW", 2)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["図書館", "館", "図書館 休館", "館 休"])
def test_title_matches_beyond_the_windows_are_found_with_filters(small_windows, query):
    # Title matches in other kinds and languages, newer than the one that is wanted, are
    # filtered out of the title window (the candidates are read before the filters apply).
    _index("wanted", "図書館の休館日", "年末年始はお休みです。", doc_type="faq")
    for i in range(6):
        _index(f"body{i}", "お知らせ", "図書館の休館日のお知らせ。", doc_type="faq")
    for i in range(3):
        _index(f"page{i}", "図書館の休館日", "休館日です。", doc_type="page")
        _index(f"en{i}", "図書館の休館日", "休館日です。", doc_type="faq", language="en")
    hits = search.search(query, doc_types=["faq"], language="ja").hits
    assert hits[0].object_key == "wanted"
    assert sorted(hit.object_key for hit in hits[1:]) == [f"body{i}" for i in range(6)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("frequencies", "asked"),
    [
        ({}, ["図書", "書館", "館の"]),  # no statistics yet: every pair
        ({"図書": 0.9, "書館": 0.8}, ["館の", "書館"]),  # an unlisted pair is the rarest
        ({"館の": 0.5}, ["図書", "書館"]),
    ],
)
def test_long_words_are_checked_exactly_whichever_pairs_the_index_is_asked_for(
    monkeypatch, frequencies, asked
):
    # PostgreSQL asks its gram index for a long word's rarest pairs only (by the index's
    # statistics); strpos() must still reject documents that hold the pairs apart.
    stats = {"frequencies": frequencies, "rows_per_block": 4.0}
    monkeypatch.setattr(search, "_gram_statistics", lambda: stats)
    assert search._rarest_grams("図書館の", frequencies) == asked
    _index("word", "図書館の案内", "開館時間のお知らせ。")
    _index("apart", "図書の案内", "新しい書館の開館は来月です。")
    _index("other", "美術館の案内", "図書室があります。")
    assert _keys("図書館の") == ["word"]
    assert _keys("図書館") == ["word"]
    assert sorted(_keys("図書 館")) == ["apart", "other", "word"]


def _as_common(monkeypatch, grams: list[str]):
    """Statistics that call every gram common, so PostgreSQL streams from the first blocks."""
    stats = {"frequencies": dict.fromkeys(grams, 0.9), "rows_per_block": 1.0}
    monkeypatch.setattr(search, "_gram_statistics", lambda: stats)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["図書館", "館", "図書館 休館"])
def test_common_queries_find_and_page_as_rare_ones_do(small_windows, monkeypatch, query):
    for i in range(5):
        _index(f"early{i}", "お知らせ", "図書館、図書館の休館日のお知らせ。")
    _index("title", "図書館の休館日", "年末年始はお休みです。")
    for i in range(5):
        _index(f"late{i}", "お知らせ", "図書館、図書館の休館日のお知らせ。")
    _index("none", "お知らせ", "美術展の案内。")
    pages = {}
    for common in (False, True):
        if common:
            _as_common(monkeypatch, ["図書", "書館", "館", "休館"])
        first = search.search(query, limit=2)
        seen = [hit.object_key for hit in first.hits]
        for offset in range(2, 14, 2):
            seen += [hit.object_key for hit in search.search(query, limit=2, offset=offset).hits]
        pages[common] = (first.total, first.total_is_lower_bound, seen)
    assert pages[True] == pages[False]
    total, capped, seen = pages[True]
    assert (total, capped) == (6, True) and seen[0] == "title"
    assert sorted(seen) == sorted(
        [f"early{i}" for i in range(5)] + [f"late{i}" for i in range(5)] + ["title"]
    )


@pytest.mark.django_db
def test_a_common_looking_query_with_few_matches_is_still_found(monkeypatch):
    # The first blocks hold fewer matches than asked for: the index decides.
    _as_common(monkeypatch, ["図書", "書館", "休館"])
    _index("one", "図書館の休館日", "年末年始はお休みです。")
    _index("other", "お知らせ", "美術館の案内。")
    assert _keys("図書館") == ["one"] and _keys("図書館 休館") == ["one"]
    assert search.search("図書館").total == 1
