"""Reads of accessibility feedback for the staff pages."""

from django.db.models import QuerySet

from accessibility.models import AccessibilityFeedback


def feedback_open_by_deadline() -> QuerySet[AccessibilityFeedback]:
    """Unanswered feedback, the earliest deadline first (then the oldest)."""
    return AccessibilityFeedback.objects.open().order_by("answer_due_on", "received_at", "pk")


def feedback_answered_latest() -> QuerySet[AccessibilityFeedback]:
    """Answered feedback, the latest answer first, with who answered it."""
    return AccessibilityFeedback.objects.answered().select_related("answered_by").order_by("-answered_at", "-pk")
