"""A GIN index for the public list's Finnish full-text search (PostgreSQL only; SQLite searches without one).

The expression must stay identical to initiatives.search.SEARCH_DOCUMENT_SQL, which the planner matches against it;
tests/initiatives/test_public_list.py checks that the two agree."""

from django.db import migrations

SEARCH_DOCUMENT_SQL = (
    "to_tsvector('finnish'::regconfig, "
    "\"initiatives_initiative\".\"title\" || ' ' || "
    "CASE WHEN \"initiatives_initiative\".\"public_text\" <> '' "
    "THEN \"initiatives_initiative\".\"public_text\" ELSE \"initiatives_initiative\".\"text\" END)"
)
INDEX_NAME = "initiative_search_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON initiatives_initiative USING gin (({SEARCH_DOCUMENT_SQL}))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0002_annual_list"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
