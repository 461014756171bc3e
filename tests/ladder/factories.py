"""Deterministic builders for the programme's rows; every value is explicit or a fixed default."""

import datetime
from decimal import Decimal

from ladder.models import Action, Measurement, Metric, Principle, Programme, Step
from ladder.quarters import Quarter
from osallisuus.models import Unit


def make_programme(
    *, name: str = "Osallisuusohjelma", start_year: int = 2024, end_year: int = 2025, current_step: int = 3
):
    programme = Programme.objects.create(
        name=name,
        start_year=start_year,
        end_year=end_year,
        current_step=current_step,
        adopted_on=datetime.date(2024, 2, 13),
    )
    for number in range(1, 6):
        Step.objects.create(programme=programme, number=number, title=f"Porras {number} otsikko")
    return programme


def make_principle(name: str = "Aitoa kuuntelemista", position: int = 1) -> Principle:
    return Principle.objects.get_or_create(name=name, defaults={"position": position})[0]


def make_unit(name: str = "HYTE-yksikkö") -> Unit:
    return Unit.objects.get_or_create(name=name)[0]


def make_action(
    programme: Programme,
    *,
    step: int = 3,
    title: str = "Osallisuustyöryhmän aloitus",
    start: str = "Q1/2024",
    end: str | None = None,
    state: str = Action.State.PLANNED,
    principle: Principle | None = None,
    units: list[Unit] | None = None,
) -> Action:
    action = Action.objects.create(
        step=programme.steps.get(number=step),
        principle=principle or make_principle(),
        title=title,
        starts_in=Quarter.parse(start).code,
        ends_in=Quarter.parse(end or start).code,
        state=state,
    )
    if units:
        action.responsible_units.set(units)
    return action


def make_metric(programme: Programme, *, name: str = "Palautteen määrä", **fields) -> Metric:
    fields.setdefault("unit", "kpl")
    return Metric.objects.create(programme=programme, name=name, **fields)


def make_measurement(metric: Metric, *, year: int = 2024, value: Decimal = Decimal(10), **fields) -> Measurement:
    return Measurement.objects.create(
        metric=metric,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        value=value,
        **fields,
    )
