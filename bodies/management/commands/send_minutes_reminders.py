"""The daily reminder of minutes to check: the body's secretaries are emailed (through the outbox) about published
minutes whose text holds words the portal cannot decide are names, before the appeal period ends and once after it
(bodies.retention.minutes_review_reminders_send). Idempotent: one message per meeting, secretary and stage."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from bodies.retention import minutes_review_reminders_send


class Command(BaseCommand):
    help = "Remind the secretaries of published minutes whose text without names they must check (once a day)."

    def handle(self, *args, **options) -> None:
        sent = minutes_review_reminders_send(today=timezone.localdate())
        self.stdout.write(f"Minutes to check: {sent} new reminders.")
