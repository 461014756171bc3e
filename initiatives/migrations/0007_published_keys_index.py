"""A covering index of the public list's order (PostgreSQL only, like 0003 and 0005): the keys of any page are read
from the index alone, so a deep page no longer sorts every published initiative (views.public.KeysFirstPaginator).
SQLite has no INCLUDE; there the plain initiative_pub_order_idx serves."""

from django.db import migrations

INDEX = "initiative_pub_keys_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON initiatives_initiative (arrived_on, sequence) INCLUDE (id) "
            "WHERE NOT (status = 'reclassified') AND publication_state = 'published'"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0006_published_year_index"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
