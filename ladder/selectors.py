"""Reads of the programme for its public page, the staff page and the yearly report, with their prefetching.

Each function runs a fixed number of queries whatever the number of actions, notes or measurements; computed
metrics add one query for the closed years' stored values and the other apps' figure queries once per period that
is counted (`computed_values`).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch, QuerySet

from ladder import metrics, services
from ladder.charts import Chart, metric_row_chart
from ladder.models import (
    Action,
    ClosedYearValue,
    Measurement,
    Metric,
    ParticipationKind,
    Partner,
    Principle,
    Programme,
    ProgressNote,
    Step,
    TimelineEntry,
    period_label,
)
from ladder.quarters import Quarter, quarter_range
from osallisuus.models import Unit


@dataclass(frozen=True)
class ActionFilters:
    step: int | None = None
    principle: Principle | None = None
    state: str | None = None
    unit: Unit | None = None
    kind: str | None = None  # a ParticipationKind.Kind value

    @property
    def active(self) -> bool:
        values = (self.step, self.principle, self.state, self.unit, self.kind)
        return any(value is not None and value != "" for value in values)


@dataclass
class PrincipleGroup:
    principle: Principle
    actions: list[Action]


@dataclass
class StepBlock:
    step: Step
    groups: list[PrincipleGroup] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return sum(len(group.actions) for group in self.groups)


@dataclass
class TimelineRow:
    action: Action
    cells: list[bool]


@dataclass
class ActionTimeline:
    quarters: list[Quarter]
    rows: list[TimelineRow]


@dataclass(frozen=True)
class PeriodValue:
    label: str
    value: Decimal | None
    respondents: int | None = None
    group: str = ""
    survey: str = ""
    note: str = ""
    breakdown: tuple[tuple[str, Decimal | None], ...] = ()


@dataclass
class MetricRow:
    metric: Metric
    values: list[PeriodValue]

    @property
    def latest(self) -> PeriodValue | None:
        return self.values[0] if self.values else None

    @property
    def on_target(self) -> bool | None:
        return self.metric.is_on_target(self.latest.value) if self.latest else None

    @cached_property
    def chart(self) -> Chart:
        """The values, oldest first, as bars with the target line (ladder/includes/metric_charts.html)."""
        return metric_row_chart(self)


def current_programme(*, today: datetime.date) -> Programme | None:
    return Programme.objects.select_related("adopted_by").current(today)


def programme_steps(*, programme: Programme) -> list[Step]:
    """The programme's steps with their responsible units as the list `unit_list`."""
    steps = list(
        programme.steps.prefetch_related(Prefetch("responsible_units", to_attr="unit_list")).order_by("number")
    )
    for step in steps:
        step.programme = programme  # Step.standing reads the programme's current step without a query
    return steps


def programme_actions(*, programme: Programme, filters: ActionFilters | None = None) -> QuerySet[Action]:
    """The programme's actions matching `filters`, with what the public page and the report show of them: the
    responsible units as the list `unit_list`, the progress notes newest first as `note_list` and the evidence links
    as `link_list` (plain lists: a template reads them without building a related manager and a queryset for
    each action)."""
    actions = (
        Action.objects.of_programme(programme)
        .select_related("step", "principle")
        .prefetch_related(
            Prefetch("responsible_units", to_attr="unit_list"),
            Prefetch("notes", queryset=ProgressNote.objects.order_by("-noted_on", "-id"), to_attr="note_list"),
            Prefetch("links", to_attr="link_list"),
        )
    )
    filters = filters or ActionFilters()
    if filters.step:
        actions = actions.filter(step__number=filters.step)
    if filters.principle:
        actions = actions.filter(principle=filters.principle)
    if filters.state:
        actions = actions.filter(state=filters.state)
    if filters.unit:
        actions = actions.filter(responsible_units=filters.unit)
    if filters.kind:
        actions = actions.filter(pk__in=_actions_of_kind(programme, filters.kind))
    return actions.order_by("step__number", "principle__position", "principle__name", "starts_in", "position", "id")


def _actions_of_kind(programme: Programme, kind: str) -> QuerySet:
    """The ids of the actions belonging to a kind of participation (resident, client or staff participation).

    Actions have no kind of their own: an action belongs to a kind when one of its responsible units is among the
    responsible units the programme names for that kind (ParticipationKind.responsible_units, seeds/004 section
    III). An action may so belong to several kinds, and an action without responsible units to none."""
    kind_units = ParticipationKind.responsible_units.through.objects.filter(
        participationkind__programme=programme, participationkind__kind=kind
    ).values("unit")
    return Action.responsible_units.through.objects.filter(unit__in=kind_units).values("action")


def step_blocks(*, steps: list[Step], actions: list[Action], filters: ActionFilters | None = None) -> list[StepBlock]:
    """The steps to show (one when filtered by step) with their actions grouped by way of working."""
    blocks = {
        step.number: StepBlock(step) for step in steps if not (filters and filters.step) or step.number == filters.step
    }
    for action in actions:
        block = blocks.get(action.step.number)
        if block is None:
            continue
        if not block.groups or block.groups[-1].principle.pk != action.principle_id:
            block.groups.append(PrincipleGroup(action.principle, []))
        block.groups[-1].actions.append(action)
    return list(blocks.values())


def action_timeline(*, actions: list[Action]) -> ActionTimeline:
    """The quarters the actions span, and for each action which of them it is scheduled in."""
    if not actions:
        return ActionTimeline([], [])
    quarters = quarter_range(
        Quarter.from_code(min(a.starts_in for a in actions)), Quarter.from_code(max(a.ends_in for a in actions))
    )
    rows = [TimelineRow(a, [a.starts_in <= q.code <= a.ends_in for q in quarters]) for a in actions]
    return ActionTimeline(quarters, rows)


def participation_kinds(*, programme: Programme) -> list[ParticipationKind]:
    """The kinds of participation with their responsible units as `unit_list` and partners as `partner_list`."""
    return list(
        programme.participation_kinds.prefetch_related(
            Prefetch("responsible_units", to_attr="unit_list"),
            Prefetch(
                "partners", queryset=Partner.objects.order_by("scope", "position", "name"), to_attr="partner_list"
            ),
        )
    )


def programme_timeline(*, programme: Programme) -> list[TimelineEntry]:
    return list(programme.timeline.order_by("quarter", "id"))


def _year_periods(programme: Programme, *, until: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The programme's years that have started by `until`, newest first; the running year ends at `until`."""
    periods = []
    for year in range(min(programme.end_year, until.year), programme.start_year - 1, -1):
        periods.append((datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), until)))
    return periods


def computed_values(
    *, keys: set[str], periods: list[tuple[datetime.date, datetime.date]], today: datetime.date
) -> dict[tuple[datetime.date, datetime.date], dict[str, metrics.ComputedValue]]:
    """The computed metrics `keys` for each period. A closed year (ClosedYearValue states when a year closes) is
    read from its stored values, counted and stored on its first read; any other period is counted on every request,
    once for all its metrics. One query for the stored years, plus the other apps' figure queries once per period
    that is counted."""
    values: dict[tuple[datetime.date, datetime.date], dict[str, metrics.ComputedValue]] = {p: {} for p in periods}
    if not keys:
        return values
    closed = {
        start.year: (start, end)
        for start, end in periods
        if (start, end) == _year(start.year) and ClosedYearValue.is_closed(start.year, today)
    }
    if closed:
        for stored in ClosedYearValue.objects.filter(year__in=closed, computed_key__in=keys):
            breakdown = tuple((label, None if part is None else Decimal(part)) for label, part in stored.breakdown)
            values[closed[stored.year]][stored.computed_key] = metrics.ComputedValue(stored.value, breakdown)
    for (start, end), known in values.items():
        missing = keys - known.keys()
        if not missing:
            continue
        counted = metrics.compute_all(sorted(missing), start, end)
        known |= counted
        if closed.get(start.year) == (start, end):
            services.closed_year_values_store(year=start.year, values=counted, today=today)
    return values


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def metric_rows(*, programme: Programme, today: datetime.date, year: int | None = None) -> list[MetricRow]:
    """Every metric with its values, newest first: entered measurements as stored, computed metrics counted for
    each year of the programme (or only `year`) through `computed_values`."""
    metric_list = list(
        programme.metrics.prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("-period_end", "-period_start", "-id"))
        )
    )
    if year is not None:
        periods = [(datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today))]
    else:
        periods = _year_periods(programme, until=today)
    periods = [(start, end) for start, end in periods if start <= end]
    computed = computed_values(
        keys={metric.computed_key for metric in metric_list if metric.is_computed}, periods=periods, today=today
    )
    rows = []
    for metric in metric_list:
        if metric.is_computed:
            values = []
            for start, end in periods:
                value = computed[start, end][metric.computed_key]
                values.append(PeriodValue(period_label(start, end), value.value, breakdown=value.breakdown))
        else:
            values = [
                PeriodValue(
                    m.period_label, m.value, respondents=m.respondents, group=m.group, survey=m.survey, note=m.note
                )
                for m in metric.measurements.all()
                if year is None or m.period_start.year <= year <= m.period_end.year
            ]
        rows.append(MetricRow(metric, values))
    return rows


def late_actions(*, today: datetime.date) -> QuerySet[Action]:
    return (
        Action.objects.late(today)
        .select_related("step__programme", "principle")
        .prefetch_related("responsible_units")
        .order_by("ends_in", "step__number", "id")
    )


def filter_choices(*, programme: Programme, participation_kinds: list[ParticipationKind] | None = None) -> dict:
    """The ways of working, units and kinds of participation that appear in the programme, for the filter form.
    The kinds are taken from `participation_kinds` when the caller has read them already."""
    actions = Action.objects.of_programme(programme)
    if participation_kinds is None:
        kinds = set(programme.participation_kinds.values_list("kind", flat=True))
    else:
        kinds = {kind.kind for kind in participation_kinds}
    return {
        "kinds": [(value, label) for value, label in ParticipationKind.Kind.choices if value in kinds],
        "principles": Principle.objects.filter(actions__in=actions).distinct().order_by("position", "name"),
        "units": Unit.objects.filter(ladder_actions__in=actions).distinct().order_by("name"),
    }
