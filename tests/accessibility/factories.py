"""Accessibility feedback built directly (explicit values, no randomness)."""

import datetime

from django.utils import timezone

from accessibility.models import AccessibilityFeedback, answer_deadline_for

RECEIVED = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)  # Tuesday 1.12.2026, 12.00 in Helsinki


def make_feedback(
    *, message: str = "Kuvalta puuttuu tekstivastine.", received_at: datetime.datetime = RECEIVED, **fields
) -> AccessibilityFeedback:
    fields.setdefault("answer_due_on", answer_deadline_for(timezone.localdate(received_at)))
    return AccessibilityFeedback.objects.create(message=message, received_at=received_at, **fields)
