import datetime

import pytest

from osallisuus.deadlines import add_months, add_working_days, is_working_day, month_deadline, working_days_between

d = datetime.date


@pytest.mark.parametrize(
    ("arrived", "due"),
    [
        # DOMAIN.md's worked examples
        (d(2025, 1, 31), d(2025, 2, 28)),  # no 31 February: last day of the month, a Friday
        (d(2025, 11, 6), d(2025, 12, 8)),  # 6.12. is a Saturday and Independence Day
        (d(2026, 5, 19), d(2026, 6, 22)),  # 19.6. is Midsummer Eve
        (d(2026, 11, 24), d(2026, 12, 28)),  # 24.12. Christmas Eve, then Christmas Day, Boxing Day, Sunday
        # month ends and leap years
        (d(2024, 1, 31), d(2024, 2, 29)),  # leap year: 29 February, a Thursday
        (d(2023, 1, 29), d(2023, 2, 28)),  # no 29 February in 2023
        (d(2025, 3, 31), d(2025, 4, 30)),
        (d(2025, 8, 31), d(2025, 9, 30)),
        (d(2025, 12, 15), d(2026, 1, 15)),  # across the year
        (d(2025, 12, 1), d(2026, 1, 2)),  # 1.1. New Year's Day moves it to Friday 2.1.
        # Easter 2025: Good Friday 18.4., Easter Monday 21.4.
        (d(2025, 3, 18), d(2025, 4, 22)),
        (d(2025, 3, 21), d(2025, 4, 22)),
        # Ascension Day 2025 is Thursday 29.5.
        (d(2025, 4, 29), d(2025, 5, 30)),
        # May Day
        (d(2026, 4, 1), d(2026, 5, 4)),  # 1.5.2026 is a Friday and May Day; 2.–3.5. weekend
        # an ordinary weekday stays where it is
        (d(2026, 10, 14), d(2026, 11, 16)),  # 14.11.2026 is a Saturday → Monday 16.11.
        (d(2026, 10, 13), d(2026, 11, 13)),
    ],
)
def test_month_deadline(arrived, due):
    assert month_deadline(arrived) == due


def test_month_deadline_over_several_months():
    assert month_deadline(d(2025, 8, 31), months=6) == d(2026, 3, 2)  # 28.2.2026 is a Saturday
    assert month_deadline(d(2024, 2, 29), months=12) == d(2025, 2, 28)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (d(2026, 11, 23), True),  # Monday
        (d(2026, 11, 21), False),  # Saturday
        (d(2026, 11, 22), False),  # Sunday
        (d(2026, 1, 6), False),  # Epiphany
        (d(2026, 4, 3), False),  # Good Friday
        (d(2026, 4, 6), False),  # Easter Monday
        (d(2026, 5, 14), False),  # Ascension Day
        (d(2026, 6, 19), False),  # Midsummer Eve
        (d(2026, 12, 24), False),  # Christmas Eve
        (d(2026, 12, 31), True),  # New Year's Eve is a working day
        (d(2026, 12, 7), True),  # the Monday after Independence Day (a Sunday in 2026) is not a holiday
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_add_months_clamps_to_the_last_day():
    assert add_months(d(2025, 1, 31), 1) == d(2025, 2, 28)
    assert add_months(d(2025, 1, 31), 3) == d(2025, 4, 30)
    assert add_months(d(2025, 11, 30), 3) == d(2026, 2, 28)


def test_working_days_between():
    assert working_days_between(d(2026, 12, 21), d(2026, 12, 28)) == 3  # 22, 23 and 28 December
    assert working_days_between(d(2026, 12, 28), d(2026, 12, 21)) == -3
    assert working_days_between(d(2026, 11, 23), d(2026, 11, 23)) == 0


def test_add_working_days_skips_weekends_and_holidays():
    assert add_working_days(d(2026, 12, 21), 3) == d(2026, 12, 28)  # 22, 23 and then 28 December
    assert add_working_days(d(2026, 11, 20), 1) == d(2026, 11, 23)  # Friday → Monday
    assert add_working_days(d(2026, 11, 23), 0) == d(2026, 11, 23)
