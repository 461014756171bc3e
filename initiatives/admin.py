"""The initiatives in the Django admin. Every change goes through initiatives.services like every other path: the facts
as they arrived can be corrected (`initiative_correct`, with the admin user and the changed fields as the history
reason); the state of the handling (status, deadlines, notices, decision, publication, the council's declaration)
is shown read-only and changes only through its step in the staff workspace (Initiative.TRANSITIONS). Initiatives
are registered in the workspace and never deleted here: removing personal data is apply_retention's job."""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from initiatives import services
from initiatives.models import Attachment, CoInitiator, Initiative
from osallisuus.history_admin import HistoryPagesAdmin, admin_change_reason


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class CoInitiatorInline(ReadOnlyInline):
    model = CoInitiator
    fields = readonly_fields = ("name", "municipality")


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = readonly_fields = ("original_name", "content_type", "size", "uploaded_at")


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
    list_select_related = ("handling_organ",)
    inlines = [CoInitiatorInline, AttachmentInline]
    date_hierarchy = "arrived_on"
    fields = ("workspace_link", "reference", "channel", "arrived_on", *services.CORRECTABLE_FIELDS)

    def get_readonly_fields(self, request: HttpRequest, obj: Initiative | None = None) -> list[str]:
        """Everything but the correctable facts, state fields included (they change only through their step)."""
        return [
            "workspace_link",
            *(field.name for field in Initiative._meta.fields if field.name not in services.CORRECTABLE_FIELDS),
        ]

    def get_fields(self, request: HttpRequest, obj: Initiative | None = None) -> list[str]:
        hidden = {"id", "tracking_token", "submission_key"}
        state = [field.name for field in Initiative._meta.fields if field.name not in (*self.fields, *hidden)]
        return [*self.fields, *state]

    @admin.display(description=_("Handling"))
    def workspace_link(self, obj: Initiative) -> str:
        url = reverse("initiatives:staff-detail", args=[obj.reference])
        return format_html('<a href="{}">{}</a>', url, _("Handle it in the staff workspace"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Initiative | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Initiative, form, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.initiative_correct(
            initiative=obj, user=request.user, reason=admin_change_reason(form), changes=changes
        )
