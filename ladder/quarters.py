"""Calendar quarters, the unit of the programme's schedules ("Q1/2024–Q2/2024").

A quarter is stored as one integer, year × 10 + quarter (20241 = Q1/2024): it sorts in time order, reads the same in
the database and needs no join to compare.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Self

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

QUARTER_PATTERN = re.compile(r"^\s*Q([1-4])\s*/\s*(\d{4})\s*$", re.IGNORECASE)
# An en dash is what the programme uses; a hyphen or a spaced dash is accepted too.
RANGE_SEPARATOR = re.compile(r"\s*[–—-]\s*")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number {self.number} is not 1–4")

    @classmethod
    def of(cls, day: datetime.date) -> Self:
        """The quarter a day falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_code(cls, code: int) -> Self:
        return cls(code // 10, code % 10)

    @classmethod
    def parse(cls, text: str) -> Self:
        """`Q3/2024` (case and spaces do not matter)."""
        match = QUARTER_PATTERN.match(text or "")
        if not match:
            raise ValidationError(
                _("“%(value)s” is not a quarter. Write it as Q1/2024 (quarters Q1–Q4)."),
                code="invalid_quarter",
                params={"value": text},
            )
        return cls(int(match[2]), int(match[1]))

    @property
    def code(self) -> int:
        return self.year * 10 + self.number

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.next().first_day - datetime.timedelta(days=1)

    def next(self) -> Self:
        return type(self)(self.year + self.number // 4, self.number % 4 + 1)

    def __str__(self) -> str:
        return f"Q{self.number}/{self.year}"


def quarter_range(start: Quarter, end: Quarter) -> list[Quarter]:
    """Every quarter from `start` to `end`, both included."""
    quarters = []
    current = start
    while current <= end:
        quarters.append(current)
        current = current.next()
    return quarters


def parse_quarter_range(text: str) -> tuple[Quarter, Quarter]:
    """`Q1/2024–Q2/2024` or a single quarter `Q3/2024` (which starts and ends in the same quarter).

    The end may not come before the start; the error says which is which so the user can fix it.
    """
    parts = [part for part in RANGE_SEPARATOR.split((text or "").strip()) if part]
    if len(parts) not in (1, 2):
        raise ValidationError(
            _("Write the schedule as a quarter or a range of quarters, e.g. Q1/2024–Q2/2024."),
            code="invalid_range",
        )
    start = Quarter.parse(parts[0])
    end = Quarter.parse(parts[-1])
    if end < start:
        raise ValidationError(
            _("The schedule ends (%(end)s) before it starts (%(start)s)."),
            code="reversed_range",
            params={"start": start, "end": end},
        )
    return start, end


def format_quarter_range(start: Quarter, end: Quarter) -> str:
    return str(start) if start == end else f"{start}–{end}"
