"""The geometry of the metrics' charts, computed here so the template only draws it (server-rendered inline SVG, no
JavaScript and no style attributes under the strict CSP).

A chart is a bar per period, oldest first, with the metric's target drawn as a horizontal line across the bars. The
text alternative states every value and the target, e.g. "Aloitteiden määrä: 2024 12, 2025 18; tavoite 20".
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext

WIDTH = 480
HEIGHT = 220
PAD_LEFT = 16
PAD_RIGHT = 16
PAD_TOP = 24
PAD_BOTTOM = 32


@dataclass(frozen=True)
class Bar:
    """A bar and where its two labels go. The derived positions are fields, set once when the bar is made, as the
    template reads each of them for every bar of every chart."""

    label: str
    value: Decimal | None
    value_text: str
    x: float
    y: float
    width: float
    height: float
    centre: float = field(init=False)
    label_y: float = field(init=False, default=HEIGHT - PAD_BOTTOM + 18)  # the period's label, under the axis
    value_y: float = field(init=False)  # the value's label, just above the bar

    def __post_init__(self) -> None:
        object.__setattr__(self, "centre", round(self.x + self.width / 2, 1))
        object.__setattr__(self, "value_y", round(self.y - 6, 1))


@dataclass(frozen=True)
class Chart:
    name: str
    description: str
    bars: list[Bar]
    target: Decimal | None
    target_text: str
    target_y: float | None
    baseline_y: float
    width: int = WIDTH
    height: int = HEIGHT
    left: int = PAD_LEFT
    right: int = WIDTH - PAD_RIGHT
    legend_end: int = PAD_LEFT + 24  # the target's sample line in the legend, from `left` to here
    legend_text_x: int = PAD_LEFT + 30  # and its text after it

    @property
    def target_value_text(self) -> str:
        return number(self.target)

    @property
    def table_summary(self) -> str:
        """The summary of the values' table under the chart."""
        return gettext("Values of “%(name)s” as a table") % {"name": self.name}


def number(value: Decimal | float | None) -> str:
    """A value as people read it: no trailing zeros (86.50 → 86.5), the locale's decimal separator, – when unknown."""
    if value is None:
        return "–"
    value = Decimal(str(value)).normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return formats.number_format(value)


def _y(value: Decimal, low: Decimal, high: Decimal) -> float:
    plot = HEIGHT - PAD_TOP - PAD_BOTTOM
    return round(PAD_TOP + float((high - value) / (high - low)) * plot, 1)


def metric_chart(
    name: str, values: list[tuple[str, Decimal | None]], *, target: Decimal | None = None, unit: str = ""
) -> Chart:
    """The bars of a metric's values and its target line.

    `values` are (period label, value) pairs in chronological order; a period without a value gets no bar but keeps
    its place and label. The value axis starts at zero (or the lowest negative value) and reaches a little above the
    highest value or the target, so the target line is always inside the chart.
    """
    known = [value for _, value in values if value is not None]
    if target is not None:
        known.append(target)
    low = min([Decimal(0), *known])
    high = max([Decimal(0), *known])
    high = high + (high - low) * Decimal("0.1") if high > low else low + 1
    zero_y = _y(Decimal(0), low, high)
    slot = (WIDTH - PAD_LEFT - PAD_RIGHT) / max(len(values), 1)
    bar_width = round(min(slot * 0.6, 64), 1)
    bars = []
    for index, (label, value) in enumerate(values):
        x = round(PAD_LEFT + slot * index + (slot - bar_width) / 2, 1)
        if value is None:
            bars.append(Bar(label, None, number(None), x, zero_y, bar_width, 0))
            continue
        top = _y(value, low, high)
        y, height = (top, round(zero_y - top, 1)) if top <= zero_y else (zero_y, round(top - zero_y, 1))
        bars.append(Bar(label, value, number(value), x, y, bar_width, height))
    suffix = f" {unit}" if unit else ""
    description = f"{name}: " + ", ".join(f"{label} {number(value)}{suffix}" for label, value in values)
    if not values:
        description = gettext("%(name)s: no values yet") % {"name": name}
    target_text = ""
    if target is not None:
        target_text = gettext("target %(value)s") % {"value": f"{number(target)}{suffix}"}
        description += f"; {target_text}"
    return Chart(
        name=name,
        description=description,
        bars=bars,
        target=target,
        target_text=target_text,
        target_y=None if target is None else _y(target, low, high),
        baseline_y=zero_y,
    )


def metric_row_chart(row) -> Chart:
    """The chart of a `ladder.selectors.MetricRow` (whose values are newest first)."""
    values = [(value.label, value.value) for value in reversed(row.values)]
    return metric_chart(row.metric.name, values, target=row.metric.target, unit=row.metric.unit)
