"""Administration of the bodies, with history (django-simple-history records who changed what)."""

from django.contrib import admin

from bodies.forms import MeetingAdminForm, StatementAdminForm
from bodies.models import AdvisoryBody, AgendaItem, Attendance, Meeting, Membership, Seat, Statement, Term
from osallisuus.history_admin import HistoryPagesAdmin


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(AdvisoryBody)
class AdvisoryBodyAdmin(HistoryPagesAdmin):
    list_display = ["name", "short_name", "kind", "order"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["secretaries"]
    search_fields = ["name", "short_name"]
    inlines = [TermInline]


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(Term)
class TermAdmin(HistoryPagesAdmin):
    list_display = ["body", "start", "end"]
    list_filter = ["body"]
    list_select_related = ["body"]
    inlines = [SeatInline]


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0


@admin.register(Seat)
class SeatAdmin(HistoryPagesAdmin):
    list_display = ["__str__", "term"]
    list_filter = ["term__body"]
    list_select_related = ["term__body", "municipality"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(HistoryPagesAdmin):
    list_display = ["member_name", "deputy_name", "role", "seat", "start", "end"]
    list_filter = ["seat__term__body", "role"]
    list_select_related = ["seat__term__body", "seat__municipality"]
    search_fields = ["member_name", "deputy_name"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(HistoryPagesAdmin):
    form = MeetingAdminForm
    list_display = ["body", "starts_at", "state", "minutes_published_on"]
    list_filter = ["body", "state"]
    list_select_related = ["body"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


@admin.register(Attendance)
class AttendanceAdmin(HistoryPagesAdmin):
    list_display = ["meeting", "seat", "attendee"]
    list_filter = ["meeting__body"]
    list_select_related = ["meeting__body", "seat__municipality"]


@admin.register(Statement)
class StatementAdmin(HistoryPagesAdmin):
    form = StatementAdminForm
    list_display = ["subject", "body", "given_on", "requested_by"]
    list_select_related = ["body", "requested_by"]
    raw_id_fields = ["initiative"]
    list_filter = ["body"]
    search_fields = ["subject", "text"]
    date_hierarchy = "given_on"
