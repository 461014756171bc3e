from django.contrib import admin

from privacy.models import AccessRequestExport, RetentionRun


class ReadOnlyLogAdmin(admin.ModelAdmin):
    """A log written by the portal only (access request exports, retention runs): readable, never edited."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessRequestExport)
class AccessRequestExportAdmin(ReadOnlyLogAdmin):
    list_display = ("exported_at", "query", "record_count", "exported_by")
    list_select_related = ("exported_by",)
    search_fields = ("query",)
    date_hierarchy = "exported_at"


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyLogAdmin):
    list_display = ("ran_at", "counts")
    date_hierarchy = "ran_at"
