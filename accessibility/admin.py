from django.contrib import admin

from accessibility.models import AccessibilityFeedback
from osallisuus.history_admin import HistoryPagesAdmin


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(HistoryPagesAdmin):
    """Answering goes through the staff page (accessibility_feedback_mark_answered), which writes the history."""

    list_display = ("received_at", "answer_due_on", "page_url", "email", "answered_at", "answered_by")
    list_filter = (("answered_at", admin.EmptyFieldListFilter), "language")
    search_fields = ("message", "page_url", "sender_name", "email")
    list_select_related = ("answered_by",)
    date_hierarchy = "received_at"
    readonly_fields = (
        "received_at",
        "answer_due_on",
        "receipt_sent_at",
        "registry_notified_at",
        "reminded_on",
        "answered_at",
        "answered_by",
        "answer_note",
    )

    def has_add_permission(self, request) -> bool:
        return False
