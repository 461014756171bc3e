from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from osallisuus.history_admin import HistoryPagesAdmin
from osallisuus.login import ThrottledAdminAuthenticationForm
from osallisuus.models import (
    AccessibilityFeedback,
    AccessRequestExport,
    Municipality,
    Organ,
    RetentionRun,
    Unit,
    User,
)

admin.site.site_header = _("Osallisuus administration")
admin.site.site_title = _("Osallisuus")
# The admin's login counts failed attempts like the staff login (osallisuus/login.py).
admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Official contact"), {"fields": ("job_title", "work_phone")}),
    )
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_active")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "name_sv", "code")
    search_fields = ("name", "name_sv", "code")


@admin.register(Organ)
class OrganAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "name_sv")
    filter_horizontal = ("handlers",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "parent_area")
    search_fields = ("name", "name_sv", "parent_area")


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
