"""English as the portal writes it for Finland: dates as the Finnish pages show them (7.12.2026, 7 December 2026),
the 24-hour clock and weeks from Monday, instead of Django's American English (12/07/2026, Dec. 7, 2026, 6 p.m.).
Django reads these through FORMAT_MODULE_PATH; input formats stay Django's (forms send ISO dates)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1
