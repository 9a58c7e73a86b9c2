"""Trigram search indexes for SearchDocument.normalized (see kuyakusho/core/search.py).

SQLite: an FTS5 table with the trigram tokenizer (SQLite >= 3.34), columns title and body,
filled from `normalized` (normalised title, newline, normalised body) by triggers.
PostgreSQL: the pg_trgm extension and a GIN gin_trgm_ops index on `normalized`.

The SQL lives here rather than being imported from the app, so this migration keeps doing
what it did when it was written. NOTE: Django rebuilds a SQLite table to alter it, which
drops its triggers; a later migration that alters core_searchdocument must run
SQLITE_TRIGGERS again (import them from this module).
"""

from django.db import migrations

FTS = "core_searchdocument_fts"
_TITLE = "substr({row}.normalized, 1, instr({row}.normalized, char(10)) - 1)"
_BODY = (
    "CASE WHEN instr({row}.normalized, char(10)) > 0 "
    "THEN substr({row}.normalized, instr({row}.normalized, char(10)) + 1) "
    "ELSE {row}.normalized END"
)


def _insert_row(row):
    return (
        f"INSERT INTO {FTS}(rowid, title, body) "
        f"VALUES ({row}.id, {_TITLE.format(row=row)}, {_BODY.format(row=row)});"
    )


SQLITE_TABLE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(title, body, tokenize='trigram')",
]
SQLITE_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON core_searchdocument BEGIN "
    f"{_insert_row('new')} END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON core_searchdocument BEGIN "
    f"DELETE FROM {FTS} WHERE rowid = old.id; END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF id, normalized ON core_searchdocument BEGIN "
    f"DELETE FROM {FTS} WHERE rowid = old.id; {_insert_row('new')} END",
]
SQLITE_REBUILD = [
    f"DELETE FROM {FTS}",
    f"INSERT INTO {FTS}(rowid, title, body) SELECT d.id, {_TITLE.format(row='d')}, "
    f"{_BODY.format(row='d')} FROM core_searchdocument d",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRESQL_INDEX = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS core_searchdocument_normalized_trgm "
    "ON core_searchdocument USING gin (normalized gin_trgm_ops)",
]
# The extension stays: other tables may use it.
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS core_searchdocument_normalized_trgm"]


INSTALL = {
    "sqlite": SQLITE_TABLE + SQLITE_TRIGGERS + SQLITE_REBUILD,
    "postgresql": POSTGRESQL_INDEX,
}
UNINSTALL = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}


def _execute(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def install_search_index(apps, schema_editor):
    _execute(schema_editor, INSTALL)


def uninstall_search_index(apps, schema_editor):
    _execute(schema_editor, UNINSTALL)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install_search_index, uninstall_search_index),
    ]
