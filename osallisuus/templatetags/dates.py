"""The portal's numeric date (`j.n.Y`, e.g. 28.12.2026) for list rows, written without Django's date formatter.

`{{ day|date:"j.n.Y" }}` parses its format and looks the language up for every value; in a list of 25 rows with two
dates each that was a tenth of the staff workspace's rendering. `{{ day|numeric_date }}` gives the same
text for a date. A datetime goes through Django's filter as before (it is first turned into Helsinki time)."""

import datetime

from django import template
from django.template.defaultfilters import date as django_date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def numeric_date(value: datetime.date | None) -> str:
    """`value` as `j.n.Y` ("" for no date), the same text as `|date:"j.n.Y"`."""
    if type(value) is datetime.date:
        return f"{value.day}.{value.month}.{value.year}"
    return django_date(value, "j.n.Y")
