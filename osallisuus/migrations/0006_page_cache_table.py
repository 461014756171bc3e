from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    """The rendered pages' cache table (settings.CACHES["pages"], osallisuus/pagecache.py); createcachetable makes
    only the tables that are missing."""

    dependencies = [("osallisuus", "0005_accessibility_feedback")]
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
