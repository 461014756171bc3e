"""Issue 14: the programme page counts each period's figures once per request, and a closed year's once for good
(ladder.models.ClosedYearValue), with a command to count a corrected closed year again; the report reads the same."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertInHTML

from ladder import selectors
from ladder.forms import ActionFilterForm
from ladder.metrics import COMPUTED_METRICS
from ladder.models import ClosedYearValue, Metric, Programme
from ladder.reports import ProgrammeReport
from tests.initiatives.factories import make_initiative
from tests.ladder.factories import make_action, make_metric, make_programme, make_unit

pytestmark = pytest.mark.django_db
URL = "/ohjelma/"


def _at(year: int, month: int, day: int):
    return time_machine.travel(datetime.datetime(year, month, day, 10, tzinfo=datetime.UTC), tick=False)


def _computed_programme() -> Programme:
    """The programme 2024–2025 with every computed metric, and initiatives: two in 2024, three in 2025."""
    programme = make_programme()
    for position, key in enumerate(COMPUTED_METRICS):
        make_metric(
            programme, name=f"Laskettu {key}", source=Metric.Source.COMPUTED, computed_key=key, position=position
        )
    for day in (datetime.date(2024, 3, 1), datetime.date(2024, 9, 1)):
        with _at(day.year, day.month, day.day):
            make_initiative(arrived_on=day)
    for day in (datetime.date(2025, 2, 1), datetime.date(2025, 5, 1), datetime.date(2025, 11, 1)):
        with _at(day.year, day.month, day.day):
            make_initiative(arrived_on=day)
    return programme


def _received(response) -> str:
    """The row of "initiatives received" in the metrics table, whitespace folded."""
    html = response.text
    start = html.index("Laskettu initiatives_received</th>")
    return " ".join(html[start : html.index("</tr>", start)].split())


def _figure_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "initiatives_initiative" in q["sql"] or "bodies_" in q["sql"]]


def test_a_year_closes_when_its_yearly_list_is_due(settings):
    assert ClosedYearValue.closes_on(2024) == datetime.date(2025, 6, 30)
    assert not ClosedYearValue.is_closed(2024, datetime.date(2025, 6, 30))
    assert ClosedYearValue.is_closed(2024, datetime.date(2025, 7, 1))
    settings.ANNUAL_LIST_DEADLINE = "03-31"  # a county that presents its list in March
    assert ClosedYearValue.is_closed(2024, datetime.date(2025, 4, 1))


def test_closed_years_are_counted_on_first_read_and_then_read_as_stored(client):
    programme = _computed_programme()
    with _at(2026, 12, 7):  # 2024 and 2025 are closed
        with CaptureQueriesContext(connection) as first:
            response = client.get(URL)
        assert '<strong>3 kpl</strong> <span class="muted">(2025)</span>' in _received(response)
        assert "Earlier: 2024 2" in _received(response)
        stored = ClosedYearValue.objects.filter(computed_key="initiatives_received")
        assert {(value.year, value.value) for value in stored} == {(2024, Decimal(2)), (2025, Decimal(3))}
        assert ClosedYearValue.objects.count() == 2 * len(COMPUTED_METRICS)
        # once per closed year: one read of the initiatives each, whatever the number of initiative metrics
        assert sum("initiatives_initiative" in q["sql"] for q in first.captured_queries) == 2
        first_count = len(first.captured_queries)  # read now: the next request resets the log

        make_initiative(arrived_on=datetime.date(2024, 6, 1))  # a late registration, after the year closed
        with CaptureQueriesContext(connection) as second:
            response = client.get(URL)
        assert "Earlier: 2024 2" in _received(response)  # the closed year keeps its figures
        assert _figure_queries(second.captured_queries) == []
        assert len(second.captured_queries) < first_count
    assert programme.metrics.count() == len(COMPUTED_METRICS)


def test_open_years_are_counted_afresh_once_per_request(client):
    _computed_programme()
    with _at(2025, 6, 30):  # 2024's list is due today: 2024 is still open, like 2025
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert "Earlier: 2024 2" in _received(response)
        assert sum("initiatives_initiative" in q["sql"] for q in queries.captured_queries) == 2  # one per year
        make_initiative(arrived_on=datetime.date(2024, 12, 31))
        assert "Earlier: 2024 3" in _received(client.get(URL))
    assert not ClosedYearValue.objects.exists()


def test_the_recount_command_takes_in_a_correction_of_a_closed_year(client):
    _computed_programme()
    with _at(2026, 12, 7):
        client.get(URL)
        make_initiative(arrived_on=datetime.date(2024, 6, 1))
        call_command("programme_figures_recompute", year=2024, reason="Paperialoite kirjattiin myöhässä")
        stored = ClosedYearValue.objects.get(computed_key="initiatives_received", year=2024)
        assert stored.value == 3
        assert stored.reason == "Paperialoite kirjattiin myöhässä"
        assert ClosedYearValue.objects.filter(year=2024).count() == len(COMPUTED_METRICS)
        assert "Earlier: 2024 3" in _received(client.get(URL))
        with pytest.raises(CommandError, match="counted afresh"):
            call_command("programme_figures_recompute", year=2026, reason="Korjaus")


def test_the_report_reads_a_closed_years_stored_figures_like_the_page(client):
    programme = _computed_programme()
    with _at(2026, 12, 7):
        client.get(URL)
        make_initiative(arrived_on=datetime.date(2024, 6, 1))
        rows = ProgrammeReport(programme, 2024, datetime.date(2026, 12, 7)).context()["metric_rows"]
    received = next(row for row in rows if row.metric.computed_key == "initiatives_received")
    assert [(value.label, value.value) for value in received.values] == [("2024", Decimal(2))]


def test_query_count_is_the_same_for_one_closed_year_or_two(client, django_assert_max_num_queries):
    _computed_programme()
    with _at(2025, 12, 1):  # 2024 closed, 2025 open
        client.get(URL)
        with CaptureQueriesContext(connection) as one_closed:
            client.get(URL)
        count = len(one_closed.captured_queries)  # read now: the next request resets the log
    with _at(2026, 12, 1):  # both closed
        client.get(URL)
        with django_assert_max_num_queries(count - 1):  # and no figures of an open year to count
            client.get(URL)


def test_the_filter_selects_are_djangos_own(client):
    """The page writes the filters' options in one loop (ActionFilterForm.select_fields); they must be what the
    select widgets render: the same options, the same selected one, and the error's aria attributes."""
    programme = make_programme()
    make_action(programme, units=[make_unit()])
    for query in ({}, {"state": "done"}, {"step": "9", "unit": "999999", "kind": "staff"}):
        response = client.get(URL, query)
        parts = selectors.programme_parts(programme=programme)
        form = ActionFilterForm(query or None, **selectors.filter_choices(parts=parts))
        for field in form:
            assertInHTML(str(field), response.text)
