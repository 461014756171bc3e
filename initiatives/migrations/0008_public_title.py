"""A redacted public title beside the redacted public text, and the full-text search index on what is public: the
redacted title when staff wrote one (PostgreSQL only). The expression must stay identical to
initiatives.search.SEARCH_DOCUMENT_SQL; tests/initiatives/test_public_list.py checks that the two agree."""

from django.db import migrations, models

SEARCH_DOCUMENT_SQL = (
    "to_tsvector('finnish'::regconfig, "
    "CASE WHEN \"initiatives_initiative\".\"public_title\" <> '' "
    "THEN \"initiatives_initiative\".\"public_title\" ELSE \"initiatives_initiative\".\"title\" END || ' ' || "
    "CASE WHEN \"initiatives_initiative\".\"public_text\" <> '' "
    "THEN \"initiatives_initiative\".\"public_text\" ELSE \"initiatives_initiative\".\"text\" END)"
)
PREVIOUS_SEARCH_DOCUMENT_SQL = (
    "to_tsvector('finnish'::regconfig, "
    "\"initiatives_initiative\".\"title\" || ' ' || "
    "CASE WHEN \"initiatives_initiative\".\"public_text\" <> '' "
    "THEN \"initiatives_initiative\".\"public_text\" ELSE \"initiatives_initiative\".\"text\" END)"
)
INDEX_NAME = "initiative_search_idx"


def _index_on(expression: str):
    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
            schema_editor.execute(
                f"CREATE INDEX {INDEX_NAME} ON initiatives_initiative USING gin (({expression}))"
            )

    return create


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0007_published_keys_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalinitiative',
            name='public_title',
            field=models.CharField(blank=True, help_text='A redacted title to publish instead of the original.', max_length=200, verbose_name='public title'),
        ),
        migrations.AddField(
            model_name='initiative',
            name='public_title',
            field=models.CharField(blank=True, help_text='A redacted title to publish instead of the original.', max_length=200, verbose_name='public title'),
        ),
        migrations.RunPython(
            _index_on(SEARCH_DOCUMENT_SQL), _index_on(PREVIOUS_SEARCH_DOCUMENT_SQL), elidable=False
        ),
    ]
