"""Computed metrics: the registry against fake figures, and end to end against the other apps' real selectors."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine

from ladder import metrics, selectors
from ladder.models import Metric
from tests.conftest import make_user
from tests.ladder.factories import make_metric, make_programme

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_every_registered_metric_has_a_label_and_a_function():
    assert set(metrics.COMPUTED_METRICS) == {
        "initiatives_received",
        "initiatives_notified_within_month",
        "initiatives_median_days_to_final_notice",
        "initiatives_led_to_measures",
        "body_meetings_held",
        "body_statements_given",
        "body_attendance_rate",
    }
    assert all(m.label and callable(m.compute) for m in metrics.COMPUTED_METRICS.values())


def _value(key: str, figures) -> metrics.ComputedValue:
    return metrics.COMPUTED_METRICS[key].compute(figures)


def test_body_metrics_sum_and_average_the_bodies():
    rows = [
        SimpleNamespace(body="Nuorisovaltuusto", meetings_held=4, statements_given=1, attendance_rate=0.75),
        SimpleNamespace(body="Vanhusneuvosto", meetings_held=6, statements_given=3, attendance_rate=0.5),
        SimpleNamespace(body="Vammaisneuvosto", meetings_held=0, statements_given=0, attendance_rate=None),
    ]
    figures = SimpleNamespace(bodies=rows)
    held = _value("body_meetings_held", figures)
    assert held.value == 10
    assert held.breakdown == (("Nuorisovaltuusto", 4), ("Vanhusneuvosto", 6), ("Vammaisneuvosto", 0))
    assert _value("body_statements_given", figures).value == 4
    attendance = _value("body_attendance_rate", figures)
    assert attendance.value == Decimal("62.5")  # the mean of the bodies that met
    assert attendance.breakdown[2] == ("Vammaisneuvosto", None)


def test_initiative_shares_are_percentages_and_none_stays_none():
    figures = SimpleNamespace(
        initiatives=SimpleNamespace(
            received=8,
            notified_within_month=6,
            notified_within_month_share=0.75,
            median_days_to_final_notice=None,
            led_to_measures=1,
            led_to_measures_share=1 / 3,
        )
    )
    assert _value("initiatives_received", figures).value == 8
    assert _value("initiatives_notified_within_month", figures).value == Decimal("75.0")
    assert _value("initiatives_median_days_to_final_notice", figures).value is None
    assert _value("initiatives_led_to_measures", figures).value == Decimal("33.3")


def test_a_periods_figures_are_read_once_for_all_its_metrics(monkeypatch):
    """Seven metrics, one period: one read of the initiatives and one of the bodies (issue 14)."""
    from bodies import selectors as body_selectors
    from initiatives import selectors as initiative_selectors

    reads = []

    def initiative_figures(**period):
        reads.append("initiatives")
        return initiative_selectors.initiative_figures(**period)

    def body_figures(**period):
        reads.append("bodies")
        return body_selectors.body_figures(**period)

    monkeypatch.setattr(metrics, "initiative_figures", initiative_figures)
    monkeypatch.setattr(metrics, "body_figures", body_figures)
    values = metrics.compute_all(metrics.COMPUTED_METRICS, *YEAR)
    assert set(values) == set(metrics.COMPUTED_METRICS)
    assert sorted(reads) == ["bodies", "initiatives"]


@time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC), tick=False)
def test_computed_metrics_count_the_portals_own_data_with_the_real_selectors():
    from bodies import services as body_services
    from bodies.models import Attendance, Seat
    from tests.bodies.factories import fill_term, helsinki, make_body, make_meeting, make_municipalities, make_term
    from tests.initiatives.factories import make_decided, make_initiative

    handler = make_user("kasittelija", "handler")
    make_initiative(arrived_on=datetime.date(2026, 3, 2))
    make_decided(handler, arrived_on=datetime.date(2026, 10, 1))
    make_initiative(arrived_on=datetime.date(2025, 12, 31))  # another year

    make_municipalities()
    body = make_body()
    fill_term(make_term(body))
    seats = list(Seat.objects.filter(term__body=body))
    for month in (2, 5):
        when = helsinki(2026, month, 10)
        meeting = make_meeting(body, when)
        body_services.meeting_attendance_record(
            meeting=meeting, attendance=dict.fromkeys(seats, Attendance.Attendee.MEMBER), user=None
        )
        with time_machine.travel(when + datetime.timedelta(hours=1)):
            body_services.meeting_mark_held(meeting=meeting, user=None)
    body_services.statement_create(
        body=body, subject="Lausunto", given_on=datetime.date(2026, 4, 1), requested_by_other="X", text="T", user=None
    )

    assert metrics.compute("initiatives_received", *YEAR).value == 2
    assert metrics.compute("initiatives_notified_within_month", *YEAR).value == Decimal("50.0")
    assert metrics.compute("initiatives_led_to_measures", *YEAR).value == Decimal("100.0")
    # decided but no final notice sent yet: no median to give
    assert metrics.compute("initiatives_median_days_to_final_notice", *YEAR).value is None
    meetings = metrics.compute("body_meetings_held", *YEAR)
    assert meetings.value == 2
    assert meetings.breakdown == ((str(body), 2),)
    assert metrics.compute("body_statements_given", *YEAR).value == 1
    assert metrics.compute("body_attendance_rate", *YEAR).value == Decimal("100.0")

    programme = make_programme(start_year=2026, end_year=2027)
    make_metric(programme, name="Aloitteiden määrä", source=Metric.Source.COMPUTED, computed_key="initiatives_received")
    row = selectors.metric_rows(programme=programme, today=datetime.date(2026, 11, 2))[0]
    assert row.latest.value == 2
    assert row.latest.label == "1.1.2026–2.11.2026"
