import django.db.models.deletion
import osallisuus.models
from django.conf import settings
from django.contrib.contenttypes.models import ContentType as CurrentContentType
from django.db import migrations, models


def move_content_type(old_label: str, new_label: str):
    """Relabel the model's content type, so that its permissions, the groups' grants of them and the admin's log
    follow the model. On a new database there is none yet: Django makes it after `migrate`, under this app."""

    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        content_types = ContentType.objects.using(schema_editor.connection.alias)
        if not content_types.filter(app_label=new_label, model="outboxmessage").exists():
            content_types.filter(app_label=old_label, model="outboxmessage").update(app_label=new_label)
        # This process's cache of content types still holds it under the old label.
        CurrentContentType.objects.clear_cache()

    return move


class Migration(migrations.Migration):
    """The outbox arrives from the initiatives app, in the migration state only: initiatives 0010 gave its table the
    new columns and this app's name."""

    dependencies = [
        ("osallisuus", "0008_models_moved_to_apps"),
        ("initiatives", "0010_outbox_moves_to_osallisuus"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="OutboxMessage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("receipt", "Receipt"),
                                    ("notice", "One-month notice"),
                                    ("final_notice", "Final notice"),
                                    ("reclassification", "Re-classification"),
                                    ("tracking_link", "Tracking link"),
                                    ("reminder", "Deadline reminder"),
                                    ("feedback_receipt", "Receipt of accessibility feedback"),
                                    ("feedback_copy", "Accessibility feedback to the registry"),
                                    ("feedback_reminder", "Reminder of accessibility feedback"),
                                ],
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "about_model",
                            models.CharField(
                                blank=True,
                                help_text="The label of the model of the row the message is about.",
                                max_length=100,
                                verbose_name="about",
                            ),
                        ),
                        ("about_id", models.PositiveBigIntegerField(blank=True, null=True)),
                        ("recipient", models.EmailField(max_length=254, verbose_name="recipient")),
                        ("reply_to", models.EmailField(blank=True, max_length=254, verbose_name="reply to")),
                        ("subject", models.CharField(max_length=300, verbose_name="subject")),
                        ("body", models.TextField(verbose_name="body")),
                        ("language", models.CharField(max_length=2, verbose_name="language")),
                        (
                            "message_id",
                            models.CharField(
                                default=osallisuus.models.new_message_id,
                                editable=False,
                                help_text="Sent with every attempt, so that a receiver can tell a message it got twice.",
                                max_length=255,
                                unique=True,
                                verbose_name="Message-ID",
                            ),
                        ),
                        (
                            "dedupe_key",
                            models.CharField(
                                blank=True,
                                help_text="Set for messages that must be sent only once, e.g. a reminder of a given day.",
                                max_length=200,
                                null=True,
                                unique=True,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="last attempt")),
                        ("next_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="next attempt")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("given_up_at", models.DateTimeField(blank=True, null=True, verbose_name="given up")),
                        (
                            "given_up_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="given up by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "email message",
                        "verbose_name_plural": "email outbox",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(
                                    ("given_up_at__isnull", True),
                                    ("sent_at__isnull", True),
                                    models.Q(("recipient", ""), _negated=True),
                                ),
                                fields=["next_attempt_at"],
                                name="outbox_awaiting_idx",
                            ),
                            models.Index(fields=["about_model", "about_id"], name="outbox_about_idx"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            move_content_type("initiatives", "osallisuus"), move_content_type("osallisuus", "initiatives")
        ),
    ]
