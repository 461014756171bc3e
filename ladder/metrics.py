"""Metrics computed from the portal's own data, for any period, so no figure is typed in twice.

`COMPUTED_METRICS` maps a metric's `computed_key` to a function of a period's `PeriodFigures` returning a
`ComputedValue`. The figures come only from the other apps' selectors (DESIGN.md: ladder reads initiatives and bodies
through them): `initiatives.selectors.initiative_figures` and `bodies.selectors.body_figures`, each read at most once
per period however many metrics use it. Shares are given as percentages.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from bodies.selectors import BodyFigures, body_figures
from initiatives.selectors import InitiativeFigures, initiative_figures


@dataclass(frozen=True)
class ComputedValue:
    """A computed figure for one period; `breakdown` holds the parts it is made of (e.g. one row per body)."""

    value: Decimal | None
    breakdown: tuple[tuple[str, Decimal | None], ...] = field(default=())


class PeriodFigures:
    """The other apps' figures for the period from `start` to `end` (both included), each read on first use and
    then kept: every metric of the period shares one read of the initiatives and one of the bodies."""

    def __init__(self, start: datetime.date, end: datetime.date) -> None:
        self.start, self.end = start, end

    @cached_property
    def initiatives(self) -> InitiativeFigures:
        return initiative_figures(start=self.start, end=self.end)

    @cached_property
    def bodies(self) -> list[BodyFigures]:
        return body_figures(start=self.start, end=self.end)


@dataclass(frozen=True)
class ComputedMetric:
    key: str
    label: str
    compute: Callable[[PeriodFigures], ComputedValue]


def _number(value: float | int | None, places: int = 1) -> Decimal | None:
    if value is None:
        return None
    return round(Decimal(str(value)), places)


def _percent(share: float | None) -> Decimal | None:
    return None if share is None else _number(share * 100)


def initiatives_received(figures: PeriodFigures) -> ComputedValue:
    return ComputedValue(Decimal(figures.initiatives.received))


def initiatives_notified_within_month(figures: PeriodFigures) -> ComputedValue:
    """Share of the period's initiatives whose initiator got the notice within one month (hallintosääntö)."""
    return ComputedValue(_percent(figures.initiatives.notified_within_month_share))


def initiatives_median_days_to_final_notice(figures: PeriodFigures) -> ComputedValue:
    return ComputedValue(_number(figures.initiatives.median_days_to_final_notice))


def initiatives_led_to_measures(figures: PeriodFigures) -> ComputedValue:
    """Share of the period's processed initiatives that led to measures (611/2021 30 §)."""
    return ComputedValue(_percent(figures.initiatives.led_to_measures_share))


def _body_label(body) -> str:
    return str(body)


def body_meetings_held(figures: PeriodFigures) -> ComputedValue:
    """Meetings the advisory bodies held in the period, in total and per body."""
    rows = figures.bodies
    breakdown = tuple((_body_label(row.body), Decimal(row.meetings_held)) for row in rows)
    return ComputedValue(Decimal(sum(row.meetings_held for row in rows)), breakdown)


def body_statements_given(figures: PeriodFigures) -> ComputedValue:
    rows = figures.bodies
    breakdown = tuple((_body_label(row.body), Decimal(row.statements_given)) for row in rows)
    return ComputedValue(Decimal(sum(row.statements_given for row in rows)), breakdown)


def body_attendance_rate(figures: PeriodFigures) -> ComputedValue:
    """Attendance at the bodies' meetings in percent: the mean of the bodies' rates (each body counts once,
    whatever its size), with the rate of each body as the breakdown."""
    rows = figures.bodies
    rates = [row.attendance_rate for row in rows if row.attendance_rate is not None]
    breakdown = tuple((_body_label(row.body), _percent(row.attendance_rate)) for row in rows)
    return ComputedValue(_percent(sum(rates) / len(rates)) if rates else None, breakdown)


COMPUTED_METRICS: dict[str, ComputedMetric] = {
    metric.key: metric
    for metric in [
        ComputedMetric("initiatives_received", _("Initiatives received"), initiatives_received),
        ComputedMetric(
            "initiatives_notified_within_month",
            _("Share of initiatives given their notice within one month (%)"),
            initiatives_notified_within_month,
        ),
        ComputedMetric(
            "initiatives_median_days_to_final_notice",
            _("Median days from arrival to the final notice"),
            initiatives_median_days_to_final_notice,
        ),
        ComputedMetric(
            "initiatives_led_to_measures",
            _("Share of initiatives that led to measures (%)"),
            initiatives_led_to_measures,
        ),
        ComputedMetric("body_meetings_held", _("Meetings held by the advisory bodies"), body_meetings_held),
        ComputedMetric("body_statements_given", _("Statements given by the advisory bodies"), body_statements_given),
        ComputedMetric(
            "body_attendance_rate", _("Attendance at the advisory bodies' meetings (%)"), body_attendance_rate
        ),
    ]
}


def computed_metric_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((key, metric.label) for key, metric in COMPUTED_METRICS.items())]


def compute(key: str, start: datetime.date, end: datetime.date) -> ComputedValue:
    """The value of the computed metric `key` for the period from `start` to `end`, both included."""
    return COMPUTED_METRICS[key].compute(PeriodFigures(start, end))


def compute_all(keys: Iterable[str], start: datetime.date, end: datetime.date) -> dict[str, ComputedValue]:
    """The values of the computed metrics `keys` for one period, reading each app's figures once."""
    figures = PeriodFigures(start, end)
    return {key: COMPUTED_METRICS[key].compute(figures) for key in keys}
