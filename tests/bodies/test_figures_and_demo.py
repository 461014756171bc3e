"""The programme's figures (the selector contract) and the demo data."""

import dataclasses
import datetime

import pytest
import time_machine

from bodies import services
from bodies.demo import seed_bodies
from bodies.models import AdvisoryBody, Attendance, Meeting, Membership, Seat, Statement
from bodies.selectors import BodyFigures, body_figures
from demo.region import seed_region, seed_staff
from tests.bodies.factories import fill_term, helsinki, make_body, make_meeting, make_municipalities, make_term

pytestmark = pytest.mark.django_db

YEAR = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}


def held_meeting(body, when, attendance):
    meeting = make_meeting(body, when)
    services.meeting_attendance_record(meeting=meeting, attendance=attendance, user=None)
    with time_machine.travel(when + datetime.timedelta(hours=1)):
        services.meeting_mark_held(meeting=meeting, user=None)
    return meeting


def test_body_figures_contract():
    make_municipalities()
    body = make_body()
    quiet = make_body("hiljainen", kind="disability")
    fill_term(make_term(body))
    seats = list(Seat.objects.filter(term__body=body).order_by("order"))
    member, deputy, absent = Attendance.Attendee.MEMBER, Attendance.Attendee.DEPUTY, Attendance.Attendee.ABSENT
    held_meeting(body, helsinki(2026, 2, 10), {seats[0]: member, seats[1]: deputy, seats[2]: absent})
    held_meeting(body, helsinki(2026, 12, 31, 23, 30), dict.fromkeys(seats, member))  # 31.12. in Helsinki
    held_meeting(body, helsinki(2025, 12, 31), dict.fromkeys(seats, member))  # outside the period
    make_meeting(body, helsinki(2026, 5, 5))  # planned, not held
    for given_on in (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), datetime.date(2027, 1, 1)):
        services.statement_create(
            body=body, subject=str(given_on), given_on=given_on, requested_by_other="X", text="T", user=None
        )
    figures = {f.body: f for f in body_figures(**YEAR)}
    assert figures[body] == BodyFigures(body=body, meetings_held=2, statements_given=2, attendance_rate=6 / 8)
    assert figures[quiet] == BodyFigures(body=quiet, meetings_held=0, statements_given=0, attendance_rate=None)
    assert dataclasses.is_dataclass(BodyFigures)
    assert BodyFigures.__dataclass_params__.frozen


def test_body_figures_query_count_is_constant(django_assert_num_queries):
    make_municipalities()
    for index in range(3):
        body = make_body(f"elin{index}")
        fill_term(make_term(body))
        seats = list(Seat.objects.filter(term__body=body))
        for month in range(1, 1 + 3 * (index + 1)):
            held_meeting(body, helsinki(2026, month, 10), dict.fromkeys(seats, Attendance.Attendee.MEMBER))
    with django_assert_num_queries(5):
        figures = body_figures(**YEAR)
    assert [f.meetings_held for f in figures] == [3, 6, 9]
    assert all(f.attendance_rate == 1.0 for f in figures)


@time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC), tick=False)
def test_seed_bodies_is_idempotent(settings):
    settings.DEBUG = True
    lines = []
    seed_region(log=lines.append)
    seed_staff(log=lines.append)
    seed_bodies(log=lines.append)
    counts = [m.objects.count() for m in (AdvisoryBody, Seat, Membership, Meeting, Statement, Attendance)]
    seed_bodies(log=lines.append)
    assert [m.objects.count() for m in (AdvisoryBody, Seat, Membership, Meeting, Statement, Attendance)] == counts
    satanuva = AdvisoryBody.objects.get(slug="satanuva")
    current = satanuva.terms.get(start=datetime.date(2025, 1, 1))
    assert current.seats.filter(municipality__isnull=False).count() == 16
    assert current.seats.filter(municipality__isnull=True).count() == 5
    assert all(seat.memberships.exclude(deputy_name="").exists() for seat in current.seats.all())
    for body in AdvisoryBody.objects.all():
        assert body.secretaries.filter(username="sihteeri").exists()
        assert body.meetings.with_published_minutes().exists()
        assert body.meetings.filter(starts_at__gt=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC)).exists()
        assert body.statements.exists()
    assert AdvisoryBody.objects.count() == 3
