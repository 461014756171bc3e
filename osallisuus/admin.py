from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from osallisuus.login import ThrottledAdminAuthenticationForm
from osallisuus.models import Municipality, Organ, OutboxMessage, Unit, User

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


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "recipient", "subject", "sent_at", "attempts")
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter))
    search_fields = ("recipient", "subject")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
