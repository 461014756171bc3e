from django.core.management import call_command
from django.db import migrations

PAGE_CACHE_TABLE = "osallisuus_page_cache"


def drop_page_cache_table(apps, schema_editor):
    # A database migrated after the page cache went never had the table (0006 makes only the tables of CACHES).
    if PAGE_CACHE_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(PAGE_CACHE_TABLE)}")


def create_page_cache_table(apps, schema_editor):
    call_command("createcachetable", PAGE_CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    """The rendered pages' cache table goes with the page cache (issue 14): every page is rendered for its request.
    Its rows were pages and content versions only, nothing to keep."""

    dependencies = [("osallisuus", "0006_page_cache_table")]
    operations = [migrations.RunPython(drop_page_cache_table, create_page_cache_table)]
