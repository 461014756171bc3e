from django.core.management.base import BaseCommand

from initiatives.mail import outbox_retry_undelivered


class Command(BaseCommand):
    help = "Send again the stored email messages the mail server has not accepted yet (run by cron)."

    def handle(self, *args, **options) -> None:
        delivered, failed = outbox_retry_undelivered()
        self.stdout.write(f"Outbox: {delivered} delivered, {failed} still undelivered.")
