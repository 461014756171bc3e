from django.db import migrations, models


class Migration(migrations.Migration):
    """A sender claims a message before it talks to the mail server, instead of holding its row locked meanwhile."""

    dependencies = [
        ('osallisuus', '0009_outbox'),
    ]

    operations = [
        migrations.AddField(
            model_name='outboxmessage',
            name='sending_since',
            field=models.DateTimeField(blank=True, editable=False, help_text='When a sender took the message to send it; the others leave it alone meanwhile.', null=True, verbose_name='sending since'),
        ),
    ]
