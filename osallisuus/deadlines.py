"""Statutory deadline arithmetic: Laki säädettyjen määräaikain laskemisesta (150/1930).

3 §: a period of months ends on the day of the final month that has the same number as the start day; when that
month has no such day, on its last day.
5 §: when the last day is a Saturday, a Sunday or another non-working day, the deadline moves to the next working day.
"""

import calendar
import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[datetime.date]:
    # Finland's public holidays include every day 150/1930 5 § names besides weekends: church holidays,
    # Independence Day, May Day, Christmas Eve and Midsummer Eve.
    return frozenset(holidays.country_holidays("FI", years=year))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a Finnish public holiday (150/1930 5 §)."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day number `months` later, or that month's last day when it is shorter (150/1930 3 §)."""
    years, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month_index + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def month_deadline(start: datetime.date, months: int = 1) -> datetime.date:
    """The last day of a period of `months` months starting on `start`, moved to a working day (150/1930 3 §, 5 §)."""
    day = add_months(start, months)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The working day `days` working days after `start` (`start` itself when `days` is 0)."""
    day = start
    for _ in range(days):
        day += datetime.timedelta(days=1)
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count
