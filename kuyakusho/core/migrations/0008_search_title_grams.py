"""SQLite: a small contentless FTS5 table of the title's character grams (ADR 0010, second
revision), so that "which titles contain this one- or two-character word" reads short
doclists.

The title column of the gram table of 0005 answers the same question, but FTS5 keeps one
doclist per token for both columns: asking for 「情報」 in titles read the doclist of every
document holding 「情報」 anywhere (95 % of the bench documents), 2–4.5 ms per query at
100,000 documents, against 0.2–0.4 ms for this table. detail=none: only rowids are kept,
since a query asks for single tokens.

The table is filled from the rows indexed so far and kept in step by triggers of its own,
so those of 0002 and 0005 stay as they are. NOTE: Django rebuilds a SQLite table to alter it,
which drops its triggers; a later migration that alters core_searchdocument must run
SQLITE_TRIGGERS of 0002, of 0005 and of this module again.

PostgreSQL: nothing changes; its title gram GIN index (0005) has short posting lists already.
"""

from django.db import migrations

TITLE_GRAMS = "core_searchdocument_title_grams"
_TITLE = "substr({row}.normalized, 1, instr({row}.normalized, char(10)) - 1)"
# "c1 c1c2 c2 c2c3 … cn cn", as in 0005.
_GRAMS = (
    "(SELECT group_concat(substr(t.v, j.key + 1, 1) || ' ' || substr(t.v, j.key + 1, 2), ' ') "
    "FROM (SELECT {text} AS v) t, "
    "json_each('[' || replace(hex(zeroblob(length(t.v))), '00', '0,') || '0]') j)"
)


def _values(row):
    return f"{row}.id, {_GRAMS.format(text=_TITLE.format(row=row))}"


SQLITE_TABLE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TITLE_GRAMS} USING fts5(title, content='', "
    "detail=none, tokenize=\"unicode61 remove_diacritics 0 categories 'L* M* N* P* S* C*'\")",
]
SQLITE_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS {TITLE_GRAMS}_insert",
    f"DROP TRIGGER IF EXISTS {TITLE_GRAMS}_delete",
    f"DROP TRIGGER IF EXISTS {TITLE_GRAMS}_update",
    f"CREATE TRIGGER {TITLE_GRAMS}_insert AFTER INSERT ON core_searchdocument BEGIN "
    f"INSERT INTO {TITLE_GRAMS}(rowid, title) VALUES ({_values('new')}); END",
    f"CREATE TRIGGER {TITLE_GRAMS}_delete AFTER DELETE ON core_searchdocument BEGIN "
    f"INSERT INTO {TITLE_GRAMS}({TITLE_GRAMS}, rowid, title) VALUES ('delete', {_values('old')}); "
    "END",
    f"CREATE TRIGGER {TITLE_GRAMS}_update AFTER UPDATE OF id, normalized ON core_searchdocument "
    f"BEGIN INSERT INTO {TITLE_GRAMS}({TITLE_GRAMS}, rowid, title) "
    f"VALUES ('delete', {_values('old')}); "
    f"INSERT INTO {TITLE_GRAMS}(rowid, title) VALUES ({_values('new')}); END",
]
SQLITE_REBUILD = [
    f"DELETE FROM {TITLE_GRAMS}",
    f"INSERT INTO {TITLE_GRAMS}(rowid, title) SELECT {_values('d')} FROM core_searchdocument d",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TITLE_GRAMS}_insert",
    f"DROP TRIGGER IF EXISTS {TITLE_GRAMS}_delete",
    f"DROP TRIGGER IF EXISTS {TITLE_GRAMS}_update",
    f"DROP TABLE IF EXISTS {TITLE_GRAMS}",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TABLE + SQLITE_TRIGGERS + SQLITE_REBUILD:
            schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_search_storage"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
