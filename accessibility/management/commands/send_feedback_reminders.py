"""The daily run of accessibility feedback: put in the outbox any receipt or registry copy that never got there, and
remind the registry (settings.ACCESSIBILITY_FEEDBACK_EMAIL) of the unanswered feedback that is overdue or due within
a few working days. Idempotent: a feedback is in at most one reminder a day, and each message is stored once (the
outbox delivers it and retries what fails: `manage.py send_outbox`)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from accessibility.services import accessibility_feedback_queue_missing_mail, accessibility_feedback_send_reminders


class Command(BaseCommand):
    help = (
        "Put the accessibility feedback mail that never reached the outbox there, and remind the registry of "
        "unanswered feedback that is overdue or due soon (once a day)."
    )

    def handle(self, *args, **options) -> None:
        queued = accessibility_feedback_queue_missing_mail()
        listed = accessibility_feedback_send_reminders(today=timezone.localdate())
        self.stdout.write(
            f"Accessibility feedback: {queued} missing messages put in the outbox; {listed} listed in today's reminder."
        )
