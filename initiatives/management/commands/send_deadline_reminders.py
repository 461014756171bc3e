"""`manage.py send_deadline_reminders`, daily from cron: the deadline reminders (initiatives.reminders), then the
undelivered outbox messages that are due. Exits with status 2 and a warning when a message has been undelivered longer
than OUTBOX_UNDELIVERED_WARNING_HOURS."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from initiatives.reminders import deadline_reminders_send
from osallisuus.outbox import UNDELIVERED_EXIT_STATUS, outbox_retry_undelivered, outbox_summary, outbox_warning


class Command(BaseCommand):
    help = (
        "Email each handler a digest of the initiatives whose one-month notice is due soon or overdue (once a day), "
        "and send again the undelivered outbox messages that are due. Exits with status 2 and a warning when a "
        "message has been undelivered longer than OUTBOX_UNDELIVERED_WARNING_HOURS."
    )

    def handle(self, *args, **options) -> None:
        # Retry first, so that today's new digests are not tried twice in one run.
        run = outbox_retry_undelivered()
        sent = deadline_reminders_send(today=timezone.localdate())
        self.stdout.write(f"Reminders: {sent} new. {outbox_summary(run)}")
        if warning := outbox_warning(timezone.now()):
            raise CommandError(warning, returncode=UNDELIVERED_EXIT_STATUS)
