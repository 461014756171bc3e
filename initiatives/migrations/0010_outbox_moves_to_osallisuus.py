from django.db import migrations, models

LABEL = "initiatives.initiative"


def name_the_initiative(apps, schema_editor):
    """Each message keeps the initiative it is about, now named by the model's label and the row's key."""
    OutboxMessage = apps.get_model("initiatives", "OutboxMessage")
    OutboxMessage.objects.using(schema_editor.connection.alias).filter(initiative__isnull=False).update(
        about_model=LABEL, about_id=models.F("initiative_id")
    )


def name_the_initiative_again(apps, schema_editor):
    OutboxMessage = apps.get_model("initiatives", "OutboxMessage")
    OutboxMessage.objects.using(schema_editor.connection.alias).filter(about_model=LABEL).update(
        initiative_id=models.F("about_id")
    )


class Migration(migrations.Migration):
    """The outbox becomes the one way every email of the portal is sent, in the osallisuus app (osallisuus 0009):
    a message names the row it is about by model label and key instead of a foreign key to an initiative, may carry
    a Reply-To address, and its table is renamed to the new app's. No row is lost: each message's initiative is
    copied to the new columns before the foreign key goes. The model then leaves this app's state."""

    dependencies = [
        ("initiatives", "0009_outbox_retries_and_notice_delivery"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="about_model",
            field=models.CharField(
                blank=True,
                help_text="The label of the model of the row the message is about.",
                max_length=100,
                verbose_name="about",
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="about_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="reply_to",
            field=models.EmailField(blank=True, max_length=254, verbose_name="reply to"),
        ),
        migrations.RunPython(name_the_initiative, name_the_initiative_again),
        migrations.RemoveField(model_name="outboxmessage", name="initiative"),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(fields=["about_model", "about_id"], name="outbox_about_idx"),
        ),
        migrations.AlterModelTable(name="outboxmessage", table="osallisuus_outboxmessage"),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="OutboxMessage")],
        ),
    ]
