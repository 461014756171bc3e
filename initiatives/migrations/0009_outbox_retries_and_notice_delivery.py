"""Issue 19 ("Nothing lost"): an email is tried until it is delivered or a person gives it up, with one Message-ID
over all its attempts; a notice counts as sent only once it is given (its email delivered or its letter posted).

Existing rows: every message gets its own Message-ID; a notice recorded as sent before this migration was recorded
when staff sent it, so that moment is also when it was prepared."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F, Q

import osallisuus.models


def fill_message_ids(apps, schema_editor):
    OutboxMessage = apps.get_model("initiatives", "OutboxMessage")
    for message in OutboxMessage.objects.filter(message_id="").only("pk").iterator():
        OutboxMessage.objects.filter(pk=message.pk).update(message_id=osallisuus.models.new_message_id())


def fill_prepared(apps, schema_editor):
    for name in ("Initiative", "HistoricalInitiative"):
        model = apps.get_model("initiatives", name)
        model.objects.filter(notice_sent_at__isnull=False).update(notice_prepared_at=F("notice_sent_at"))
        model.objects.filter(final_notice_sent_at__isnull=False).update(
            final_notice_prepared_at=F("final_notice_sent_at")
        )


NOTICE_SENT_HELP = "When the notice reached the initiator's mail server, or the day its letter was posted."
FINAL_SENT_HELP = "When the final notice reached the initiator's mail server, or the day its letter was posted."
NOTICE_PREPARED_HELP = "When staff sent the notice: its email was queued or its letter printed."


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0008_public_title"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The outbox
        migrations.RemoveIndex(model_name="outboxmessage", name="outbox_undelivered_idx"),
        migrations.AddField(
            model_name="outboxmessage",
            name="message_id",
            field=models.CharField(default="", editable=False, max_length=255, verbose_name="Message-ID"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_message_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outboxmessage",
            name="message_id",
            field=models.CharField(
                default=osallisuus.models.new_message_id,
                editable=False,
                help_text="Sent with every attempt, so that a receiver can tell a message it got twice.",
                max_length=255,
                unique=True,
                verbose_name="Message-ID",
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="next attempt"),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="given_up_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="given up"),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="given_up_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="given up by",
            ),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                condition=Q(("given_up_at__isnull", True), ("sent_at__isnull", True)) & ~Q(("recipient", "")),
                fields=["next_attempt_at"],
                name="outbox_awaiting_idx",
            ),
        ),
        # The notices: prepared, then given
        *[
            migrations.AddField(
                model_name=model_name,
                name="notice_prepared_at",
                field=models.DateTimeField(
                    blank=True, help_text=NOTICE_PREPARED_HELP, null=True, verbose_name="notice prepared"
                ),
            )
            for model_name in ("initiative", "historicalinitiative")
        ],
        *[
            migrations.AddField(
                model_name=model_name,
                name="final_notice_prepared_at",
                field=models.DateTimeField(blank=True, null=True, verbose_name="final notice prepared"),
            )
            for model_name in ("initiative", "historicalinitiative")
        ],
        *[
            migrations.AlterField(
                model_name=model_name,
                name="notice_sent_at",
                field=models.DateTimeField(
                    blank=True, help_text=NOTICE_SENT_HELP, null=True, verbose_name="notice sent"
                ),
            )
            for model_name in ("initiative", "historicalinitiative")
        ],
        *[
            migrations.AlterField(
                model_name=model_name,
                name="final_notice_sent_at",
                field=models.DateTimeField(
                    blank=True, help_text=FINAL_SENT_HELP, null=True, verbose_name="final notice sent"
                ),
            )
            for model_name in ("initiative", "historicalinitiative")
        ],
        migrations.RunPython(fill_prepared, migrations.RunPython.noop),
    ]
