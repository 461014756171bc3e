from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    """The database cache backs rate limits shared by every server process (settings.CACHES); creating its table
    here means `migrate` alone prepares a database."""

    dependencies = [("osallisuus", "0002_role_groups")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
