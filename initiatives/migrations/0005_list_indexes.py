"""Indexes for the orders of the lists (make bench: a page's latency must not grow with the number of rows).

The public list's partial indexes are in Initiative.Meta. The staff workspace's order (notices not yet sent first,
then by deadline and arrival; InitiativeQuerySet.needing_action_first) needs NULLS FIRST, which SQLite's indexes do
not accept, so that one is made here on PostgreSQL only, like the search index of 0003."""

from django.db import migrations, models

OPEN_ACTION_INDEX = "initiative_open_action_idx"


def create_open_action_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OPEN_ACTION_INDEX} ON initiatives_initiative "
            "(notice_sent_at ASC NULLS FIRST, notice_due_on, arrived_on, sequence) "
            "WHERE final_notice_sent_at IS NULL AND NOT (status = 'reclassified')"
        )


def drop_open_action_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OPEN_ACTION_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0004_history_reason_text"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(models.Q(("status", "reclassified"), _negated=True), ("publication_state", "published")),
                fields=["arrived_on", "sequence"],
                name="initiative_pub_order_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(models.Q(("status", "reclassified"), _negated=True), ("publication_state", "published")),
                fields=["title", "-arrived_on"],
                name="initiative_pub_title_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(fields=["arrived_on"], name="initiative_arrived_idx"),
        ),
        migrations.RunPython(create_open_action_index, drop_open_action_index, elidable=False),
    ]
