"""Reads of the programme for its public page, the staff page and the yearly report.

Each function runs a fixed number of queries whatever the number of actions, notes or measurements; computed
metrics add one query for the closed years' stored values and the other apps' figure queries once per period that
is counted (`computed_values`). Related rows are read with plain queries and grouped here (`programme_parts`):
prefetch_related builds a related manager and a queryset for every row, which cost the public page more than its
queries did. The public page reads every action of the programme once and filters them in Python
(`filter_actions`): the filter's choices come from the same rows (`filter_choices`), with no query of their own.
"""

import datetime
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import QuerySet

from ladder import metrics, services
from ladder.charts import Chart, metric_row_chart
from ladder.models import (
    Action,
    ClosedYearValue,
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
    """An action on the timeline: the quarters before its schedule, the quarters it is scheduled in (one run, from
    its first quarter to its last) and the quarters after it, and what the row says after the action's title,
    e.g. "step 2, in progress" (`timeline_details`)."""

    action: Action
    before: list[Quarter]
    scheduled: list[Quarter]
    after: list[Quarter]
    details: str


def timeline_details(action: Action) -> str:
    return f"{action.step.label_in_text}, {action.state_label.lower()}"


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
    def earlier(self) -> list[PeriodValue]:
        """The values before the latest, newest first."""
        return self.values[1:]

    @cached_property
    def target_standing(self) -> Metric.TargetStanding | None:
        """Where the latest value stands against the target; None without a value or a target."""
        return self.metric.target_standing(self.latest.value) if self.latest else None

    @cached_property
    def chart(self) -> Chart:
        """The values, oldest first, as bars with the target line (ladder/includes/metric_charts.html)."""
        return metric_row_chart(self)


def current_programme(*, today: datetime.date) -> Programme | None:
    return Programme.objects.select_related("adopted_by").current(today)


def _grouped(rows: Iterable, key: str) -> defaultdict[int, list]:
    """`rows` in lists by the value of their attribute `key` (e.g. notes by "action_id"), in the rows' order."""
    groups = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return groups


def _set_units(rows: list, links: Iterable[tuple[int, int]]) -> None:
    """Gives each of `rows` the set `unit_ids` of the units that `links`, (row id, unit id) pairs, name for it."""
    unit_ids = defaultdict(set)
    for row_id, unit_id in links:
        unit_ids[row_id].add(unit_id)
    for row in rows:
        row.unit_ids = unit_ids[row.pk]


@dataclass
class ProgrammeParts:
    """The programme's steps, actions and kinds of participation as the page and the report show them
    (`programme_parts`)."""

    steps: list[Step]
    actions: list[Action]
    kinds: list[ParticipationKind]
    principles: list[Principle]  # the ways of working of the actions, in Principle's order
    units: list[Unit]  # every unit responsible for a step, an action or a kind, in Unit's order


def programme_parts(*, programme: Programme, partners: bool = True) -> ProgrammeParts:
    """The steps in order; every action in the page's order (by step, way of working, schedule and position) with
    its step, its way of working, its latest progress note as `latest_note` (None without notes) and its evidence
    links as `link_list`; the ways of working of the actions, in Principle's order; the kinds of participation
    with, if `partners`, their partners as `internal_partners` and `external_partners`. Each step, action and kind
    has the ids of its responsible units as the set `unit_ids` and their names in the active language, in Unit's
    order and comma-separated, as `unit_names` ("" for none).

    Nine queries, ten with the partners, whatever the number of rows: plain reads grouped here rather than
    prefetch_related, which builds a related manager and a queryset for every row and a unit for every row that
    names it."""
    steps = list(Step.objects.filter(programme=programme).order_by("number"))
    step_by_id = {step.pk: step for step in steps}
    step_ids = list(step_by_id)
    actions = list(
        Action.objects.filter(step__in=step_ids)
        .select_related("principle")
        .order_by("principle__position", "principle__name", "starts_in", "position", "id")
    )
    principles = list({action.principle_id: action.principle for action in actions}.values())
    # Then by step: the sort is stable, so this is the SQL order with the step number first, without joining steps.
    actions.sort(key=lambda action: step_by_id[action.step_id].number)
    action_ids = [action.pk for action in actions]
    kinds = list(ParticipationKind.objects.filter(programme=programme).order_by("kind"))
    kind_ids = [kind.pk for kind in kinds]

    _set_units(steps, Step.responsible_units.through.objects.filter(step__in=step_ids).values_list("step", "unit"))
    _set_units(
        actions, Action.responsible_units.through.objects.filter(action__in=action_ids).values_list("action", "unit")
    )
    _set_units(
        kinds,
        ParticipationKind.responsible_units.through.objects.filter(participationkind__in=kind_ids).values_list(
            "participationkind", "unit"
        ),
    )
    rows = [*steps, *actions, *kinds]
    units = list(Unit.objects.filter(pk__in=set().union(*(row.unit_ids for row in rows))))
    names = [(unit.pk, unit.localized_name) for unit in units]
    for row in rows:
        row.unit_names = ", ".join(name for pk, name in names if pk in row.unit_ids)

    notes = _grouped(ProgressNote.objects.filter(action__in=action_ids).order_by("-noted_on", "-id"), "action_id")
    links = _grouped(EvidenceLink.objects.filter(action__in=action_ids).order_by("id"), "action_id")
    for step in steps:
        step.programme = programme  # Step.standing reads the programme's current step without a query
    for action in actions:
        action.step = step_by_id[action.step_id]
        action.latest_note = next(iter(notes[action.pk]), None)
        action.link_list = links[action.pk]
    if partners:
        partner_rows = Partner.objects.filter(participation_kind__in=kind_ids).order_by("position", "name")
        by_kind = _grouped(partner_rows, "participation_kind_id")
        for kind in kinds:
            kind.internal_partners = [p for p in by_kind[kind.pk] if p.scope == Partner.Scope.INTERNAL]
            kind.external_partners = [p for p in by_kind[kind.pk] if p.scope == Partner.Scope.EXTERNAL]
    return ProgrammeParts(steps, actions, kinds, principles, units)


def progress_notes(
    *, actions: list[Action], start: datetime.date, end: datetime.date
) -> defaultdict[int, list[ProgressNote]]:
    """The progress notes of `actions` dated from `start` to `end` (both included), newest first, by action id."""
    notes = ProgressNote.objects.filter(action__in=[action.pk for action in actions], noted_on__range=(start, end))
    return _grouped(notes.order_by("-noted_on", "-id"), "action_id")


def filter_actions(actions: list[Action], filters: ActionFilters, *, kinds: list[ParticipationKind]) -> list[Action]:
    """The `actions` (from `programme_parts`) matching every filter given.

    Actions have no kind of participation of their own: an action belongs to a kind when one of its responsible
    units is among the responsible units the programme names for that kind (ParticipationKind.responsible_units,
    seeds/004 section III). An action may so belong to several kinds, and an action without responsible units to
    none."""
    kind_units = {pk for kind in kinds if kind.kind == filters.kind for pk in kind.unit_ids}
    return [
        action
        for action in actions
        if (not filters.step or action.step.number == filters.step)
        and (not filters.principle or action.principle_id == filters.principle.pk)
        and (not filters.state or action.state == filters.state)
        and (not filters.unit or filters.unit.pk in action.unit_ids)
        and (not filters.kind or not kind_units.isdisjoint(action.unit_ids))
    ]


def filter_choices(*, parts: ProgrammeParts) -> dict:
    """The ways of working, units and kinds of participation that appear in the programme, for the filter form:
    taken from the programme's actions and kinds as read, without a query of their own."""
    action_units = {pk for action in parts.actions for pk in action.unit_ids}
    kinds = {kind.kind for kind in parts.kinds}
    return {
        "kinds": [(value, label) for value, label in ParticipationKind.Kind.choices if value in kinds],
        "principles": parts.principles,
        "units": [unit for unit in parts.units if unit.pk in action_units],
    }


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
    codes = [quarter.code for quarter in quarters]
    # Many actions share a step and a state: their words are translated once per pair.
    details = {}
    rows = []
    for action in actions:
        start, end = bisect_left(codes, action.starts_in), bisect_right(codes, action.ends_in)
        key = (action.step_id, action.state)
        if key not in details:
            details[key] = timeline_details(action)
        rows.append(TimelineRow(action, quarters[:start], quarters[start:end], quarters[end:], details[key]))
    return ActionTimeline(quarters, rows)


def programme_timeline(*, programme: Programme) -> list[TimelineEntry]:
    return list(TimelineEntry.objects.filter(programme=programme).order_by("quarter", "id"))


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
        # Unordered: the default order is of no use here and costs the query its ORDER BY.
        for stored in ClosedYearValue.objects.filter(year__in=closed, computed_key__in=keys).order_by():
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
    metric_list = list(Metric.objects.filter(programme=programme).order_by("position", "name"))
    measurements = _grouped(
        Measurement.objects.filter(metric__in=[metric for metric in metric_list if not metric.is_computed]).order_by(
            "-period_end", "-period_start", "-id"
        ),
        "metric_id",
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
                for m in measurements[metric.pk]
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
