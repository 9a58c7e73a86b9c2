"""A character-gram index for SearchDocument.normalized, for words of one or two characters
(see kuyakusho/core/search.py), which a trigram index cannot answer without a scan.

Every character and every pair of adjacent characters of the normalised title and of the
normalised body is a token, so a one- or two-character word is found by one exact token,
and the title tokens stand apart so that "which titles contain the word" is a lookup too.

SQLite: a contentless FTS5 table (columns title and body, detail=column: no positions are
needed for single tokens) whose unicode61 tokenizer splits on spaces only (every category
but Z* is a token character, so "%_" or "😀" are tokens). The gram strings ("a ab b bc c")
are built in SQL by the triggers: json_each over an array of length(text) zeros is the only
row generator allowed inside a trigger. A contentless table needs the same values again to
delete a row, which the triggers recompute from old.normalized. The same triggers keep a
second, small contentless FTS5 trigram table of titles alone, so that the title matches of a
common word are found without reading the doclists of every body that contains it.
PostgreSQL: IMMUTABLE SQL functions returning the grams of the whole text, and of the title
alone, as text[], and a GIN index on each.

The SQL lives here rather than being imported from the app, so this migration keeps doing
what it did when it was written. NOTE: Django rebuilds a SQLite table to alter it, which
drops its triggers; a later migration that alters core_searchdocument must run
SQLITE_TRIGGERS of 0002 and of this module again.
"""

from django.db import migrations

GRAMS = "core_searchdocument_grams"
TITLES = "core_searchdocument_titles"
_TITLE = "substr({row}.normalized, 1, instr({row}.normalized, char(10)) - 1)"
_BODY = "substr({row}.normalized, instr({row}.normalized, char(10)) + 1)"
# "c1 c1c2 c2 c2c3 … cn cn": every character, then it and the next one.
_GRAMS = (
    "(SELECT group_concat(substr(t.v, j.key + 1, 1) || ' ' || substr(t.v, j.key + 1, 2), ' ') "
    "FROM (SELECT {text} AS v) t, "
    "json_each('[' || replace(hex(zeroblob(length(t.v))), '00', '0,') || '0]') j)"
)


def _values(row):
    title = _GRAMS.format(text=_TITLE.format(row=row))
    body = _GRAMS.format(text=_BODY.format(row=row))
    return f"{row}.id, {title}, {body}"


def _title(row):
    return f"{row}.id, {_TITLE.format(row=row)}"


SQLITE_TABLE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {GRAMS} USING fts5(title, body, content='', "
    "detail=column, tokenize=\"unicode61 remove_diacritics 0 categories 'L* M* N* P* S* C*'\")",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TITLES} USING fts5(title, content='', "
    "tokenize='trigram')",
]
SQLITE_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS {GRAMS}_insert",
    f"DROP TRIGGER IF EXISTS {GRAMS}_delete",
    f"DROP TRIGGER IF EXISTS {GRAMS}_update",
    f"CREATE TRIGGER {GRAMS}_insert AFTER INSERT ON core_searchdocument BEGIN "
    f"INSERT INTO {GRAMS}(rowid, title, body) VALUES ({_values('new')}); "
    f"INSERT INTO {TITLES}(rowid, title) VALUES ({_title('new')}); END",
    f"CREATE TRIGGER {GRAMS}_delete AFTER DELETE ON core_searchdocument BEGIN "
    f"INSERT INTO {GRAMS}({GRAMS}, rowid, title, body) VALUES ('delete', {_values('old')}); "
    f"INSERT INTO {TITLES}({TITLES}, rowid, title) VALUES ('delete', {_title('old')}); END",
    f"CREATE TRIGGER {GRAMS}_update AFTER UPDATE OF id, normalized ON core_searchdocument BEGIN "
    f"INSERT INTO {GRAMS}({GRAMS}, rowid, title, body) VALUES ('delete', {_values('old')}); "
    f"INSERT INTO {TITLES}({TITLES}, rowid, title) VALUES ('delete', {_title('old')}); "
    f"INSERT INTO {GRAMS}(rowid, title, body) VALUES ({_values('new')}); "
    f"INSERT INTO {TITLES}(rowid, title) VALUES ({_title('new')}); END",
]
SQLITE_REBUILD = [
    f"DELETE FROM {GRAMS}",
    f"INSERT INTO {GRAMS}(rowid, title, body) SELECT {_values('d')} FROM core_searchdocument d",
    f"DELETE FROM {TITLES}",
    f"INSERT INTO {TITLES}(rowid, title) SELECT {_title('d')} FROM core_searchdocument d",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {GRAMS}_insert",
    f"DROP TRIGGER IF EXISTS {GRAMS}_delete",
    f"DROP TRIGGER IF EXISTS {GRAMS}_update",
    f"DROP TABLE IF EXISTS {GRAMS}",
    f"DROP TABLE IF EXISTS {TITLES}",
]

# COST tells the planner that evaluating the functions row by row (a sequential scan) is
# dear, so it reads the index instead. PARALLEL UNSAFE keeps a query that names them from
# being split over workers: starting them took longer (5-10 ms) than a bounded search.
POSTGRESQL_INDEX = [
    # Single characters, and pairs at odd and at even offsets, each cut out by one
    # regexp_replace() (chr(1) never occurs in normalised text). On 2,000 bench documents
    # this took 0.35 ms a document, where a generate_series() per character took 9 ms.
    r"""
    CREATE OR REPLACE FUNCTION kuyakusho_search_part_grams(part text)
    RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT string_to_array(regexp_replace(part, '(.)', '\1' || chr(1), 'g'), chr(1))
            || string_to_array(regexp_replace(part, '(..)', '\1' || chr(1), 'g'), chr(1))
            || string_to_array(regexp_replace(substr(part, 2), '(..)', '\1' || chr(1), 'g'), chr(1))
    $$
    """,
    r"""
    CREATE OR REPLACE FUNCTION kuyakusho_search_grams(normalized text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL UNSAFE COST 1000 AS $$
        SELECT array_remove(
            kuyakusho_search_part_grams(split_part(normalized, E'\n', 1))
            || kuyakusho_search_part_grams(substr(normalized, strpos(normalized, E'\n') + 1)),
            '')
    $$
    """,
    r"""
    CREATE OR REPLACE FUNCTION kuyakusho_search_title_grams(normalized text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL UNSAFE COST 1000 AS $$
        SELECT array_remove(
            kuyakusho_search_part_grams(split_part(normalized, E'\n', 1)), '')
    $$
    """,
    "CREATE INDEX IF NOT EXISTS core_searchdocument_grams "
    "ON core_searchdocument USING gin (kuyakusho_search_grams(normalized))",
    # Titles only: short posting lists, so "which titles contain the word" stays cheap.
    "CREATE INDEX IF NOT EXISTS core_searchdocument_title_grams "
    "ON core_searchdocument USING gin (kuyakusho_search_title_grams(normalized))",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS core_searchdocument_grams",
    "DROP INDEX IF EXISTS core_searchdocument_title_grams",
    "DROP FUNCTION IF EXISTS kuyakusho_search_grams(text)",
    "DROP FUNCTION IF EXISTS kuyakusho_search_title_grams(text)",
    "DROP FUNCTION IF EXISTS kuyakusho_search_part_grams(text)",
]

INSTALL = {
    "sqlite": SQLITE_TABLE + SQLITE_TRIGGERS + SQLITE_REBUILD,
    "postgresql": POSTGRESQL_INDEX,
}
UNINSTALL = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}


def _execute(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def install_gram_index(apps, schema_editor):
    _execute(schema_editor, INSTALL)


def uninstall_gram_index(apps, schema_editor):
    _execute(schema_editor, UNINSTALL)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_scheduledjob"),
    ]

    operations = [
        migrations.RunPython(install_gram_index, uninstall_gram_index),
    ]
