import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from ladder.quarters import Quarter, format_quarter_range, parse_quarter_range, quarter_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q1/2024–Q2/2024", (Quarter(2024, 1), Quarter(2024, 2))),
        ("Q1/2024-Q2/2024", (Quarter(2024, 1), Quarter(2024, 2))),
        (" q3 / 2024 – q1/2025 ", (Quarter(2024, 3), Quarter(2025, 1))),
        ("Q3/2024", (Quarter(2024, 3), Quarter(2024, 3))),
    ],
)
def test_quarter_ranges_are_parsed(text, expected):
    assert parse_quarter_range(text) == expected


def test_a_reversed_range_is_refused_saying_which_end_is_which():
    with pytest.raises(ValidationError) as error:
        parse_quarter_range("Q3/2024–Q1/2024")
    assert error.value.messages == ["The schedule ends (Q1/2024) before it starts (Q3/2024)."]


@pytest.mark.parametrize("text", ["Q5/2024", "2024", "Q1-2024", "", "Q1/2024–Q2/2024–Q3/2024", "Q1/24"])
def test_malformed_ranges_are_refused_with_an_example(text):
    with pytest.raises(ValidationError) as error:
        parse_quarter_range(text)
    assert "Q1/2024" in error.value.messages[0]


def test_quarter_of_a_day_and_its_bounds():
    quarter = Quarter.of(datetime.date(2024, 5, 31))
    assert quarter == Quarter(2024, 2)
    assert quarter.code == 20242
    assert (quarter.first_day, quarter.last_day) == (datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))
    assert Quarter(2024, 4).next() == Quarter(2025, 1)
    assert [str(q) for q in quarter_range(Quarter(2023, 4), Quarter(2024, 2))] == ["Q4/2023", "Q1/2024", "Q2/2024"]
    assert format_quarter_range(Quarter(2024, 1), Quarter(2024, 2)) == "Q1/2024–Q2/2024"


@given(st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_every_day_lies_within_its_quarter_and_codes_round_trip(day):
    quarter = Quarter.of(day)
    assert quarter.first_day <= day <= quarter.last_day
    assert Quarter.from_code(quarter.code) == quarter
    assert Quarter.parse(str(quarter)) == quarter
