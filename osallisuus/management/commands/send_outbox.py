from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from osallisuus.outbox import UNDELIVERED_EXIT_STATUS, outbox_retry_undelivered, outbox_summary, outbox_warning


class Command(BaseCommand):
    help = (
        "Send the stored email messages the mail server has not accepted yet, those whose next attempt is due (run "
        "by cron, e.g. every 10 minutes). Exits with status 2 and a warning when a message has been undelivered "
        "longer than OUTBOX_UNDELIVERED_WARNING_HOURS."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(outbox_summary(outbox_retry_undelivered()))
        if warning := outbox_warning(timezone.now()):
            raise CommandError(warning, returncode=UNDELIVERED_EXIT_STATUS)
