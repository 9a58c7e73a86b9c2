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
