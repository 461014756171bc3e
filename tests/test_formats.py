"""English pages write dates as the Finnish ones do (osallisuus/formats/en): one date format across the languages,
not Django's American English."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

MEETING = datetime.datetime(2026, 12, 7, 18, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
TEMPLATE = Template(
    '{{ when|date:"SHORT_DATE_FORMAT" }}|{{ when|date:"SHORT_DATETIME_FORMAT" }}|{{ when|date:"DATE_FORMAT" }}|'
    '{{ when|date:"DATETIME_FORMAT" }}|{{ when|time }}'
)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "7.12.2026|7.12.2026 18:00|7 December 2026|7 December 2026 18:00|18:00"),
        ("fi", "7.12.2026|7.12.2026 18.00|7. joulukuuta 2026|7. joulukuuta 2026 kello 18.00|18.00"),
    ],
)
def test_dates_read_the_same_in_english_as_in_finnish(language, shown):
    with translation.override(language):
        assert TEMPLATE.render(Context({"when": MEETING})) == shown
