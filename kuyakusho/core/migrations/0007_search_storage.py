"""How PostgreSQL stores SearchDocument.normalized, and pg_trgm's index dropped (ADR 0010).

Search reads the normalised text of up to ~1,500 candidate rows per query (strpos() checks,
ranking in Python). With the default storage (EXTENDED, pglz) that text was compressed and
often moved out of line, so every read decompressed it. STORAGE MAIN keeps it in the row:
the toaster first compresses and moves the body out (it is read only for the page of hits
shown), and compresses `normalized` only when the row is still too large, with lz4 where the
server has it (decompresses several times faster than pglz). Existing rows are rewritten so
that they are stored the new way too.

The GIN gin_trgm_ops index of 0002 is no longer used by any query (ADR 0010); it cost a
third of the table's size and a share of every write. The extension stays.

SQLite: nothing changes (its table is not altered, so the triggers of 0002 and 0005 stay).
"""

from django.db import migrations

# lz4 only where the server was built with it; otherwise the default method stays.
_LZ4_IF_AVAILABLE = """
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings
               WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)) THEN
        ALTER TABLE core_searchdocument ALTER COLUMN normalized SET COMPRESSION lz4;
    END IF;
END
$$
"""
POSTGRESQL_INSTALL = [
    "DROP INDEX IF EXISTS core_searchdocument_normalized_trgm",
    "ALTER TABLE core_searchdocument ALTER COLUMN normalized SET STORAGE MAIN",
    _LZ4_IF_AVAILABLE,
    # A new value (|| '' makes one) is stored by the new rules; an unchanged one would keep
    # its old compressed form.
    "UPDATE core_searchdocument SET normalized = normalized || ''",
]
POSTGRESQL_UNINSTALL = [
    "ALTER TABLE core_searchdocument ALTER COLUMN normalized SET STORAGE EXTENDED",
    "ALTER TABLE core_searchdocument ALTER COLUMN normalized SET COMPRESSION default",
    "CREATE INDEX IF NOT EXISTS core_searchdocument_normalized_trgm "
    "ON core_searchdocument USING gin (normalized gin_trgm_ops)",
]


def _execute(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement, params=None)


def install(apps, schema_editor):
    _execute(schema_editor, POSTGRESQL_INSTALL)


def uninstall(apps, schema_editor):
    _execute(schema_editor, POSTGRESQL_UNINSTALL)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_department_crisis_management"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
