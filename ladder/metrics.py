"""Metrics computed from the portal's own data, for any period, so no figure is typed in twice.

`COMPUTED_METRICS` maps a metric's `computed_key` to a function of (start, end) returning a `ComputedValue`. The
figures come only from the other apps' selectors (DESIGN.md: ladder reads initiatives and bodies through them):
`initiatives.selectors.initiative_figures` and `bodies.selectors.body_figures`. Shares are given as percentages.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ComputedValue:
    """A computed figure for one period; `breakdown` holds the parts it is made of (e.g. one row per body)."""

    value: Decimal | None
    breakdown: tuple[tuple[str, Decimal | None], ...] = field(default=())


@dataclass(frozen=True)
class ComputedMetric:
    key: str
    label: str
    compute: Callable[[datetime.date, datetime.date], ComputedValue]


def _number(value: float | int | None, places: int = 1) -> Decimal | None:
    if value is None:
        return None
    return round(Decimal(str(value)), places)


def _percent(share: float | None) -> Decimal | None:
    return None if share is None else _number(share * 100)


def _initiative_figures(start: datetime.date, end: datetime.date):
    from initiatives.selectors import initiative_figures

    return initiative_figures(start=start, end=end)


def _body_figures(start: datetime.date, end: datetime.date):
    from bodies.selectors import body_figures

    return body_figures(start=start, end=end)


def initiatives_received(start: datetime.date, end: datetime.date) -> ComputedValue:
    return ComputedValue(Decimal(_initiative_figures(start, end).received))


def initiatives_notified_within_month(start: datetime.date, end: datetime.date) -> ComputedValue:
    """Share of the period's initiatives whose initiator got the notice within one month (hallintosääntö)."""
    return ComputedValue(_percent(_initiative_figures(start, end).notified_within_month_share))


def initiatives_median_days_to_final_notice(start: datetime.date, end: datetime.date) -> ComputedValue:
    return ComputedValue(_number(_initiative_figures(start, end).median_days_to_final_notice))


def initiatives_led_to_measures(start: datetime.date, end: datetime.date) -> ComputedValue:
    """Share of the period's processed initiatives that led to measures (611/2021 30 §)."""
    return ComputedValue(_percent(_initiative_figures(start, end).led_to_measures_share))


def _body_label(body) -> str:
    return str(body)


def body_meetings_held(start: datetime.date, end: datetime.date) -> ComputedValue:
    """Meetings the advisory bodies held in the period, in total and per body."""
    rows = _body_figures(start, end)
    breakdown = tuple((_body_label(row.body), Decimal(row.meetings_held)) for row in rows)
    return ComputedValue(Decimal(sum(row.meetings_held for row in rows)), breakdown)


def body_statements_given(start: datetime.date, end: datetime.date) -> ComputedValue:
    rows = _body_figures(start, end)
    breakdown = tuple((_body_label(row.body), Decimal(row.statements_given)) for row in rows)
    return ComputedValue(Decimal(sum(row.statements_given for row in rows)), breakdown)


def body_attendance_rate(start: datetime.date, end: datetime.date) -> ComputedValue:
    """Attendance at the bodies' meetings in percent: the mean of the bodies' rates (each body counts once,
    whatever its size), with the rate of each body as the breakdown."""
    rows = _body_figures(start, end)
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
    return COMPUTED_METRICS[key].compute(start, end)
