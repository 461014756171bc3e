"""Forms of the programme: they validate and never save (saving is ladder.services)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from ladder.metrics import computed_metric_choices
from ladder.models import STEP_NUMBERS, Action, Metric, TimelineEntry
from ladder.quarters import Quarter, format_quarter_range, parse_quarter_range
from ladder.selectors import ActionFilters


@dataclass(frozen=True)
class SelectOption:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class SelectField:
    """A filter as the page writes it: its select's name and id, its label, whether it is required, its errors and
    its options."""

    name: str
    id: str
    label: str
    required: bool
    errors: list[str]
    options: list[SelectOption]


class ObjectChoiceField(forms.TypedChoiceField):
    """A choice among model objects the page has read already, cleaned to the chosen object: the value is its pk,
    the label str(object), as ModelChoiceField writes them. ModelChoiceField would read its queryset to list the
    choices and once more to look the chosen one up."""

    default_error_messages = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}

    def __init__(self, *, empty_label: str, **kwargs) -> None:
        super().__init__(empty_value=None, **kwargs)
        self.empty_label = empty_label

    def set_objects(self, objects: Iterable[models.Model]) -> None:
        by_value = {str(obj.pk): obj for obj in objects}
        self.choices = [("", self.empty_label), *((value, str(obj)) for value, obj in by_value.items())]
        self.coerce = by_value.__getitem__


class ActionFilterForm(forms.Form):
    """The public page's filters. Unknown values are ignored rather than refused: a stale link still shows the page."""

    step = forms.TypedChoiceField(label=_("Step"), required=False, coerce=int, empty_value=None)
    principle = ObjectChoiceField(label=_("Way of working"), required=False, empty_label=_("All"))
    state = forms.ChoiceField(label=_("State"), required=False)
    unit = ObjectChoiceField(label=_("Responsible unit"), required=False, empty_label=_("All"))
    kind = forms.ChoiceField(label=_("Kind of participation"), required=False)

    def __init__(self, *args, principles, units, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [
            ("", _("All")),
            *((n, _("Step %(number)s") % {"number": n}) for n in STEP_NUMBERS),
        ]
        self.fields["principle"].set_objects(principles)
        self.fields["state"].choices = [("", _("All")), *Action.State.choices]
        self.fields["unit"].set_objects(units)
        self.fields["kind"].choices = [("", _("All")), *kinds]

    def select_fields(self) -> list[SelectField]:
        """Each filter with its options as its select widget renders them (ChoiceWidget.optgroups: the first option
        whose value is the field's value is selected), for the page to write them in one loop instead of through a
        widget template for every option. tests/ladder/test_closed_years.py holds them equal to Django's own
        rendering."""
        fields = []
        for field in self:
            current = set(field.field.widget.format_value(field.value()))
            options, has_selected = [], False
            for value, label in field.field.choices:
                text = "" if value is None else str(value)
                selected = not has_selected and text in current
                has_selected |= selected
                # str(): a lazy label would be translated anew at each of the template's uses.
                options.append(SelectOption(text, str(label), selected))
            fields.append(
                SelectField(
                    field.html_name, field.auto_id, str(field.label), field.field.required, field.errors, options
                )
            )
        return fields

    def filters(self) -> ActionFilters:
        if not self.is_valid():
            return ActionFilters(**{name: self.cleaned_data.get(name) or None for name in self.cleaned_data})
        return ActionFilters(**{name: value or None for name, value in self.cleaned_data.items()})


class ParsedTextField(forms.CharField):
    """Text a person types, cleaned to what `parse` makes of it after CharField's own checks: its validators
    (max_length) see the text they are written for, never the parsed value. The value has changed when what it
    parses to has (an initial value is prepared as text first), so spacing alone is no change."""

    def parse(self, text: str):
        raise NotImplementedError

    def clean(self, value):
        text = super().clean(value)
        return self.parse(text) if text else None

    def has_changed(self, initial, data) -> bool:
        try:
            return self._parsed(self.prepare_value(initial)) != self._parsed(data)
        except forms.ValidationError:
            return True

    def _parsed(self, value):
        text = super().to_python(value)
        return self.parse(text) if text else None


class QuarterRangeField(ParsedTextField):
    """A schedule written as Q1/2024–Q2/2024 (or one quarter), cleaned to a (start, end) pair."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def parse(self, text: str) -> tuple[Quarter, Quarter]:
        return parse_quarter_range(text)


class ActionAdminForm(forms.ModelForm):
    """The admin's action form: the schedule is typed as a quarter range and stored as two quarter codes."""

    schedule = QuarterRangeField(
        label=_("Schedule"),
        help_text=_("A quarter or a range of quarters, e.g. Q1/2024–Q2/2024 or Q3/2024."),
    )

    class Meta:
        model = Action
        fields = [
            "step",
            "principle",
            "means",
            "title",
            "description",
            "responsible_units",
            "schedule",
            "state",
            "initiatives",
            "statements",
            "meetings",
        ]
        widgets = {"responsible_units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["schedule"] = format_quarter_range(self.instance.start_quarter, self.instance.end_quarter)

    def clean(self):
        cleaned = super().clean()
        schedule: tuple[Quarter, Quarter] | None = cleaned.get("schedule")
        if schedule:
            self.instance.starts_in, self.instance.ends_in = schedule[0].code, schedule[1].code
        previous, state = self.initial.get("state"), cleaned.get("state")
        if self.instance.pk and state and previous != state and not Action(state=previous).can_change_to(state):
            self.add_error(
                "state",
                _("An action that is “%(current)s” cannot be marked “%(new)s”.")
                % {"current": Action.State(previous).label, "new": Action.State(state).label},
            )
        return cleaned


class QuarterField(ParsedTextField):
    """One quarter written as Q3/2024, cleaned to its stored code (20243)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", _("For example Q3/2024."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return str(Quarter.from_code(value))
        return value

    def parse(self, text: str) -> int:
        return Quarter.parse(text).code


class TimelineEntryForm(forms.ModelForm):
    quarter = QuarterField(label=_("Quarter"))

    class Meta:
        model = TimelineEntry
        fields = ["programme", "heading", "quarter", "text"]


class MetricAdminForm(forms.ModelForm):
    computed_key = forms.ChoiceField(label=_("Computed from"), required=False, choices=computed_metric_choices)

    class Meta:
        model = Metric
        fields = [
            "programme",
            "name",
            "description",
            "unit",
            "direction",
            "baseline",
            "target",
            "source",
            "computed_key",
            "thl_indicator",
            "position",
        ]


class StateChangeForm(forms.Form):
    """The admin's bulk state change: the new state and the reason written into each action's history."""

    state = forms.ChoiceField(label=_("New state"), choices=Action.State.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ReportYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
