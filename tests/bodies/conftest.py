import datetime

import pytest
import time_machine
from django.utils import translation

from bodies import services
from bodies.models import Attendance
from osallisuus.roles import Role
from tests.bodies.factories import fill_term, helsinki, make_body, make_meeting, make_municipalities, make_term
from tests.conftest import make_user

NOW = datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted by their English msgids, whether or not the Finnish catalogue is compiled."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def keeper(db):
    """The secretary who keeps `body`."""
    return make_user(
        "sanna",
        Role.SECRETARY,
        first_name="Sanna",
        last_name="Sihteeri",
        job_title="Sihteeri",
        work_phone="+358 2 627 0000",
    )


@pytest.fixture
def body(db, keeper, frozen):
    """A body with a filled current term, a past term, a held meeting with published minutes, an unpublished
    held meeting, an upcoming meeting and a statement."""
    make_municipalities()
    body = make_body(secretaries=(keeper,))
    make_term(body, datetime.date(2023, 1, 1), datetime.date(2025, 5, 31))
    term = make_term(body)
    fill_term(term)
    published = make_meeting(body, helsinki(2026, 9, 15))
    services.agenda_item_add(meeting=published, title="Ikääntyneiden palvelujen arviointi", user=None)
    services.meeting_attendance_record(
        meeting=published, attendance={seat: Attendance.Attendee.MEMBER for seat in term.seats.all()}, user=None
    )
    services.meeting_mark_held(meeting=published, user=None)
    services.meeting_minutes_update(meeting=published, text="Julkaistu pöytäkirjateksti", user=None)
    services.meeting_minutes_publish(
        meeting=published, approved_on=datetime.date(2026, 10, 20), today=datetime.date(2026, 10, 20), user=None
    )
    draft = make_meeting(body, helsinki(2026, 10, 20))
    services.meeting_mark_held(meeting=draft, user=None)
    services.meeting_minutes_update(meeting=draft, text="Luonnos jota ei saa näkyä", user=None)
    upcoming = make_meeting(body, helsinki(2026, 12, 8))
    services.agenda_item_add(meeting=upcoming, title="Talousarvio", user=None)
    services.statement_create(
        body=body,
        subject="Lausunto palveluverkosta",
        given_on=datetime.date(2026, 3, 12),
        requested_by_other="Aluehallitus",
        text="Lausunnon teksti.",
        user=None,
    )
    body.published, body.draft, body.upcoming = published, draft, upcoming
    return body
