import django.db.models.deletion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType as CurrentContentType
from django.db import migrations, models

# The models as they were in the osallisuus app (osallisuus 0004), with the tables they had there.
MODELS = ["accessrequestexport", "retentionrun"]


def move_content_types(old_label: str, new_label: str):
    """Relabel the models' content types, so that their permissions, the groups' grants of them and the admin's log
    follow the models. On a new database there are none yet: Django makes them after `migrate`, under the new app."""

    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        content_types = ContentType.objects.using(schema_editor.connection.alias)
        for model in MODELS:
            if not content_types.filter(app_label=new_label, model=model).exists():
                content_types.filter(app_label=old_label, model=model).update(app_label=new_label)
        # This process's cache of content types still holds them under the old label.
        CurrentContentType.objects.clear_cache()

    return move


class Migration(migrations.Migration):
    """The logs of access request exports and retention runs move out of the osallisuus app into this one, in the
    migration state only: their tables keep their names and rows (osallisuus 0008 drops the models from the
    osallisuus state)."""

    initial = True

    dependencies = [
        ("osallisuus", "0007_drop_page_cache_table"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="RetentionRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("ran_at", models.DateTimeField(auto_now_add=True, verbose_name="run at")),
                        ("counts", models.JSONField(default=dict, verbose_name="records cleaned per rule")),
                    ],
                    options={
                        "verbose_name": "retention run",
                        "verbose_name_plural": "retention runs",
                        "db_table": "osallisuus_retentionrun",
                        "ordering": ["-ran_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="AccessRequestExport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("exported_at", models.DateTimeField(auto_now_add=True, verbose_name="exported")),
                        ("query", models.CharField(max_length=254, verbose_name="email address or name")),
                        ("record_count", models.PositiveIntegerField(verbose_name="records")),
                        (
                            "exported_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="access_request_exports",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="exported by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "access request export",
                        "verbose_name_plural": "access request exports",
                        "db_table": "osallisuus_accessrequestexport",
                        "ordering": ["-exported_at", "-pk"],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types("osallisuus", "privacy"), move_content_types("privacy", "osallisuus")),
    ]
