from django.contrib import admin

from initiatives.models import Attachment, CoInitiator, Initiative, OutboxMessage
from osallisuus.history_admin import HistoryPagesAdmin


class CoInitiatorInline(admin.TabularInline):
    model = CoInitiator
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Initiative)
class InitiativeAdmin(HistoryPagesAdmin):
    list_display = (
        "reference",
        "title",
        "status",
        "arrived_on",
        "notice_due_on",
        "handling_organ",
        "publication_state",
    )
    list_filter = ("status", "publication_state", "channel", "initiator_kind", "handling_organ", "arrival_year")
    search_fields = ("reference", "title", "register_number", "name")
    readonly_fields = ("reference", "arrival_year", "sequence", "notice_due_on", "created_at")
    list_select_related = ("handling_organ",)
    inlines = [CoInitiatorInline, AttachmentInline]
    date_hierarchy = "arrived_on"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "recipient", "subject", "sent_at", "attempts")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("recipient", "subject")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
