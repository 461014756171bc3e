import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.contrib.contenttypes.models import ContentType as CurrentContentType
from django.db import migrations, models

# The models as they were in the osallisuus app (osallisuus 0005), with the tables they had there.
MODELS = ["accessibilityfeedback", "historicalaccessibilityfeedback"]


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
    """Accessibility feedback moves out of the osallisuus app into this one, in the migration state only: its tables
    keep their names and rows (osallisuus 0008 drops the models from the osallisuus state)."""

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
                    name="HistoricalAccessibilityFeedback",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "page_url",
                            models.CharField(
                                blank=True,
                                help_text="The address or name of the page the feedback is about.",
                                max_length=500,
                                verbose_name="page",
                            ),
                        ),
                        ("message", models.TextField(max_length=5000, verbose_name="feedback")),
                        ("sender_name", models.CharField(blank=True, max_length=200, verbose_name="name")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                        (
                            "language",
                            models.CharField(
                                choices=[("fi", "Finnish"), ("sv", "Swedish"), ("en", "English")],
                                default="fi",
                                help_text="The language of the form; the receipt and the answer are written in it.",
                                max_length=2,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "received_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="received"),
                        ),
                        ("answer_due_on", models.DateField(verbose_name="answer due")),
                        ("receipt_sent_at", models.DateTimeField(blank=True, null=True, verbose_name="receipt sent")),
                        (
                            "registry_notified_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="registry notified"),
                        ),
                        ("answered_at", models.DateTimeField(blank=True, null=True, verbose_name="answered")),
                        (
                            "answer_note",
                            models.TextField(
                                blank=True,
                                help_text="How and when the sender was answered, and what was done.",
                                verbose_name="answer",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.TextField(null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "answered_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="answered by",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical accessibility feedback",
                        "verbose_name_plural": "historical accessibility feedback",
                        "db_table": "osallisuus_historicalaccessibilityfeedback",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="AccessibilityFeedback",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "page_url",
                            models.CharField(
                                blank=True,
                                help_text="The address or name of the page the feedback is about.",
                                max_length=500,
                                verbose_name="page",
                            ),
                        ),
                        ("message", models.TextField(max_length=5000, verbose_name="feedback")),
                        ("sender_name", models.CharField(blank=True, max_length=200, verbose_name="name")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                        (
                            "language",
                            models.CharField(
                                choices=[("fi", "Finnish"), ("sv", "Swedish"), ("en", "English")],
                                default="fi",
                                help_text="The language of the form; the receipt and the answer are written in it.",
                                max_length=2,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "received_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="received"),
                        ),
                        ("answer_due_on", models.DateField(verbose_name="answer due")),
                        ("receipt_sent_at", models.DateTimeField(blank=True, null=True, verbose_name="receipt sent")),
                        (
                            "registry_notified_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="registry notified"),
                        ),
                        (
                            "reminded_on",
                            models.DateField(
                                blank=True,
                                help_text="The day the registry was last reminded of this unanswered feedback.",
                                null=True,
                                verbose_name="last reminder",
                            ),
                        ),
                        ("answered_at", models.DateTimeField(blank=True, null=True, verbose_name="answered")),
                        (
                            "answer_note",
                            models.TextField(
                                blank=True,
                                help_text="How and when the sender was answered, and what was done.",
                                verbose_name="answer",
                            ),
                        ),
                        (
                            "submission_key",
                            models.CharField(blank=True, editable=False, max_length=36, null=True, unique=True),
                        ),
                        (
                            "answered_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="answered by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "accessibility feedback",
                        "verbose_name_plural": "accessibility feedback",
                        "db_table": "osallisuus_accessibilityfeedback",
                        "ordering": ["answer_due_on", "received_at", "pk"],
                        "indexes": [models.Index(fields=["answered_at", "answer_due_on"], name="feedback_open_due_idx")],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("answered_at__isnull", True),
                                    models.Q(("answer_note", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="feedback_answered_has_note",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types("osallisuus", "accessibility"), move_content_types("accessibility", "osallisuus")
        ),
    ]
