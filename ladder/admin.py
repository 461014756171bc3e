"""The HYTE coordinator keeps the programme here. Every save goes through ladder.services, so the history of each
object records who changed it and why; every model's history is browsable (HistoryPagesAdmin)."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Max, Min, QuerySet
from django.forms import CheckboxSelectMultiple
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ladder import services
from ladder.forms import ActionAdminForm, MetricAdminForm, StateChangeForm, TimelineEntryForm
from ladder.models import (
    STEP_NUMBERS,
    Action,
    EvidenceLink,
    Measurement,
    Metric,
    ParticipationKind,
    Partner,
    Principle,
    Programme,
    ProgressNote,
    Step,
    TimelineEntry,
)
from ladder.quarters import Quarter, quarter_range
from ladder.reports import actions_csv
from osallisuus.downloads import CSV, content_download
from osallisuus.history_admin import HistoryPagesAdmin, ServiceSaveMixin, admin_change_reason


class HistoryAdmin(ServiceSaveMixin, HistoryPagesAdmin):
    save_service = staticmethod(services.programme_item_save)
    delete_service = staticmethod(services.programme_item_delete)

    class Media:
        css = {"all": ["css/ladder.css"]}


# Stacked rather than tabular inlines: the tabular ones leave their inputs without labels (axe-core "label").
class TimelineEntryInline(admin.StackedInline):
    model = TimelineEntry
    form = TimelineEntryForm
    extra = 0
    fields = ["heading", "quarter", "text"]


@admin.register(Programme)
class ProgrammeAdmin(HistoryAdmin):
    list_display = ["name", "period", "adopted_by", "adopted_on", "current_step"]
    search_fields = ["name"]
    inlines = [TimelineEntryInline]


@admin.register(Step)
class StepAdmin(HistoryAdmin):
    list_display = ["number", "title", "programme", "schedule_note"]
    list_display_links = ["number", "title"]
    list_filter = ["programme"]
    search_fields = ["title", "description"]
    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}


@admin.register(Principle)
class PrincipleAdmin(HistoryAdmin):
    list_display = ["name", "name_sv", "position"]
    search_fields = ["name", "name_sv"]


class PartnerInline(admin.StackedInline):
    model = Partner
    extra = 0
    fields = ["name", "scope", "position"]


@admin.register(ParticipationKind)
class ParticipationKindAdmin(HistoryAdmin):
    list_display = ["kind", "programme"]
    list_filter = ["programme", "kind"]
    inlines = [PartnerInline]
    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}


class ProgressNoteInline(admin.StackedInline):
    model = ProgressNote
    extra = 1
    fields = ["noted_on", "text", "author"]
    readonly_fields = ["author"]


class EvidenceLinkInline(admin.StackedInline):
    model = EvidenceLink
    extra = 0
    fields = ["title", "url"]


class StepFilter(admin.SimpleListFilter):
    title = _("step")
    parameter_name = "step"

    def lookups(self, request, model_admin):
        return [(str(n), _("Step %(number)s") % {"number": n}) for n in STEP_NUMBERS]

    def queryset(self, request, queryset):
        if self.value() in {str(n) for n in STEP_NUMBERS}:
            return queryset.filter(step__number=int(self.value()))
        return queryset


class LateFilter(admin.SimpleListFilter):
    title = _("late")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("yes", _("Late")), ("no", _("Not late"))]

    def queryset(self, request, queryset):
        late = Action.objects.late(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=late)
        if self.value() == "no":
            return queryset.exclude(pk__in=late)
        return queryset


class QuarterFilter(admin.SimpleListFilter):
    """Actions scheduled in a quarter (their range includes it)."""

    title = _("quarter")
    parameter_name = "quarter"

    def lookups(self, request, model_admin):
        span = Action.objects.aggregate(first=Min("starts_in"), last=Max("ends_in"))
        if span["first"] is None:
            return []
        quarters = quarter_range(Quarter.from_code(span["first"]), Quarter.from_code(span["last"]))
        return [(str(q.code), str(q)) for q in quarters]

    def queryset(self, request, queryset):
        value = self.value()
        # A quarter code has five digits (20243); anything else is a stale or mistyped link and filters nothing.
        if value and value.isdecimal() and len(value) == 5 and 1 <= int(value) % 10 <= 4:
            return queryset.in_quarter(Quarter.from_code(int(value)))
        return queryset


@admin.register(Action)
class ActionAdmin(HistoryAdmin):
    form = ActionAdminForm
    list_display = ["title", "step_number", "principle", "state", "schedule_display", "late_flag", "units"]
    list_filter = [
        ("step__programme", admin.RelatedOnlyFieldListFilter),
        StepFilter,
        "principle",
        "state",
        LateFilter,
        ("responsible_units", admin.RelatedOnlyFieldListFilter),
        QuarterFilter,
    ]
    search_fields = ["title", "description", "notes__text"]
    inlines = [ProgressNoteInline, EvidenceLinkInline]
    actions = ["change_state", "export_csv"]
    # Identifiers rather than a list of every initiative: the lists grow to thousands.
    raw_id_fields = ["initiatives", "statements", "meetings"]
    fieldsets = [
        (None, {"fields": ["step", "principle", "means", "title", "description", "responsible_units"]}),
        (_("Schedule and state"), {"fields": ["schedule", "state"]}),
        (
            _("Evidence in the portal"),
            {
                "fields": ["initiatives", "statements", "meetings"],
                "description": _("Initiatives, statements and meetings that show what the action produced."),
            },
        ),
    ]
    list_select_related = ["step__programme", "principle"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsible_units")

    @admin.display(description=_("step"), ordering="step__number")
    def step_number(self, action: Action) -> int:
        return action.step.number

    @admin.display(description=_("schedule"), ordering="starts_in")
    def schedule_display(self, action: Action) -> str:
        return action.schedule

    @admin.display(description=_("late"), boolean=True)
    def late_flag(self, action: Action) -> bool:
        return action.is_late

    @admin.display(description=_("responsible units"))
    def units(self, action: Action) -> str:
        return ", ".join(unit.name for unit in action.responsible_units.all())

    def save_model(self, request, obj, form, change):
        services.action_save(action=obj, user=request.user, reason=admin_change_reason(form))

    def save_inline(self, request, obj, form) -> None:
        if isinstance(obj, ProgressNote) and obj.author_id is None:
            obj.author = request.user
        super().save_inline(request, obj, form)

    @admin.action(description=_("Change the state of the selected actions"), permissions=["change"])
    def change_state(self, request: HttpRequest, queryset: QuerySet[Action]) -> HttpResponse | None:
        """Asks for the new state and a reason, then changes each action through the service."""
        form = StateChangeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            changed, refused = services.action_bulk_change_state(
                actions=queryset,
                state=form.cleaned_data["state"],
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
            self.message_user(request, gettext("%(count)s actions changed.") % {"count": changed}, messages.SUCCESS)
            if refused:
                self.message_user(
                    request,
                    gettext("%(count)s actions could not be moved to that state from their current state.")
                    % {"count": refused},
                    messages.WARNING,
                )
            return None
        return TemplateResponse(
            request,
            "ladder/admin/change_state.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Change the state of actions"),
                "opts": self.model._meta,
                "form": form,
                "actions": queryset.select_related("step"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Export the selected actions as CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Action]) -> HttpResponse:
        actions = queryset.select_related("step__programme", "principle").prefetch_related("responsible_units", "notes")
        return content_download(actions_csv(actions), "toimenpiteet.csv", content_type=CSV)


class MeasurementFormSet(BaseInlineFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        # The measurement validates against its metric (e.g. the THL minimum group) even before the metric is saved.
        form.instance.metric = self.instance


class MeasurementInline(admin.StackedInline):
    model = Measurement
    formset = MeasurementFormSet
    extra = 1
    fields = ["period_start", "period_end", "value", "respondents", "group", "survey", "note"]


@admin.register(Metric)
class MetricAdmin(HistoryAdmin):
    form = MetricAdminForm
    list_display = ["name", "programme", "unit", "direction", "baseline", "target", "source", "thl_indicator"]
    list_filter = ["programme", "source", "thl_indicator"]
    search_fields = ["name", "description"]
    inlines = [MeasurementInline]

    def get_inlines(self, request, obj):
        return [] if obj is not None and obj.is_computed else self.inlines


@admin.register(Measurement)
class MeasurementAdmin(HistoryAdmin):
    list_display = ["metric", "period_start", "period_end", "value", "respondents", "group"]
    list_filter = ["metric__programme", "metric"]
    search_fields = ["metric__name", "group", "survey", "note"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(HistoryAdmin):
    form = TimelineEntryForm
    list_display = ["heading", "quarter_label", "programme"]
    list_filter = ["programme"]
    search_fields = ["heading", "text"]
