"""Administration of the bodies. Every save and delete goes through bodies.services with the admin user and a reason
in the history; the rules live in the models' clean(), so a change that breaks one is a form error here as on the
staff pages; the state fields (a meeting's state and minutes, an agenda item's publication) are read-only, changed only
by their services on the staff pages."""

from django.contrib import admin

from bodies import services
from bodies.forms import MeetingAdminForm, StatementAdminForm
from bodies.models import AdvisoryBody, AgendaItem, Attendance, Meeting, Membership, Seat, Statement, Term
from osallisuus.history_admin import HistoryPagesAdmin, ServiceSaveMixin


class BodiesAdmin(ServiceSaveMixin, HistoryPagesAdmin):
    save_service = staticmethod(services.body_item_save)
    delete_service = staticmethod(services.body_item_delete)


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    # A term is deleted on its own page, where a term that still holds meetings cannot be deleted.
    can_delete = False


@admin.register(AdvisoryBody)
class AdvisoryBodyAdmin(BodiesAdmin):
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
class TermAdmin(BodiesAdmin):
    list_display = ["body", "start", "end"]
    list_filter = ["body"]
    list_select_related = ["body"]
    inlines = [SeatInline]

    def has_delete_permission(self, request, obj=None):
        """A term whose days hold meetings of its body stays: every meeting falls within a term (Meeting.clean)."""
        if obj is not None and any(obj.contains(meeting.date) for meeting in obj.body.meetings.all()):
            return False
        return super().has_delete_permission(request, obj)


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0


@admin.register(Seat)
class SeatAdmin(BodiesAdmin):
    list_display = ["__str__", "term"]
    list_filter = ["term__body"]
    list_select_related = ["term__body", "municipality"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(BodiesAdmin):
    list_display = ["member_name", "deputy_name", "role", "seat", "start", "end"]
    list_filter = ["seat__term__body", "role"]
    list_select_related = ["seat__term__body", "seat__municipality"]
    search_fields = ["member_name", "deputy_name"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "description", "published_at"]
    # New items go last as drafts; the order and the publication change on the secretary's meeting page.
    readonly_fields = ["position", "published_at"]

    def _open(self, obj) -> bool:
        return obj is None or not obj.is_closed

    def has_add_permission(self, request, obj=None):
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._open(obj) and super().has_delete_permission(request, obj)


# A meeting's state and its minutes change through the services on the secretary's meeting page (marking it held or
# cancelled, publishing the minutes), never by editing the fields.
MEETING_STATE_FIELDS = ["state", "minutes_text", "minutes_file", "minutes_approved_on", "minutes_published_on"]


@admin.register(Meeting)
class MeetingAdmin(BodiesAdmin):
    form = MeetingAdminForm
    list_display = ["body", "starts_at", "state", "minutes_published_on"]
    list_filter = ["body", "state"]
    list_select_related = ["body"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *MEETING_STATE_FIELDS]
        if obj is not None:
            readonly.append("body")
            if obj.state == Meeting.State.CANCELLED:
                readonly += ["starts_at", "ends_at", "place", "remote_url"]
        return readonly

    def save_model(self, request, obj, form, change):
        if change and not form.changed_data:
            return  # nothing of the meeting itself changed (a cancelled meeting has no field to change)
        super().save_model(request, obj, form, change)


@admin.register(Attendance)
class AttendanceAdmin(HistoryPagesAdmin):
    """Attendance is recorded on the secretary's meeting page (only the seats filled on the meeting day); here it
    is read only."""

    list_display = ["meeting", "seat", "attendee"]
    list_filter = ["meeting__body"]
    list_select_related = ["meeting__body", "seat__municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Statement)
class StatementAdmin(BodiesAdmin):
    form = StatementAdminForm
    list_display = ["subject", "body", "given_on", "requested_by"]
    list_select_related = ["body", "requested_by"]
    raw_id_fields = ["initiative"]
    list_filter = ["body"]
    search_fields = ["subject", "text"]
    date_hierarchy = "given_on"
