"""The daily run of accessibility feedback: send again any receipt or registry copy that could not be sent, and
remind the registry (settings.ACCESSIBILITY_FEEDBACK_EMAIL) of the unanswered feedback that is overdue or due within
a few working days. Idempotent: a feedback is in at most one reminder a day, and a message once sent is not sent
again."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from accessibility.services import accessibility_feedback_send_missing_mail, accessibility_feedback_send_reminders


class Command(BaseCommand):
    help = (
        "Send the accessibility feedback mail that is still unsent, and remind the registry of unanswered feedback "
        "that is overdue or due soon (once a day)."
    )

    def handle(self, *args, **options) -> None:
        completed, missing = accessibility_feedback_send_missing_mail()
        listed = accessibility_feedback_send_reminders(today=timezone.localdate())
        self.stdout.write(
            f"Accessibility feedback: mail completed for {completed}, still unsent for {missing}; "
            f"{listed} listed in today's reminder."
        )
