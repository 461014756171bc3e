"""Calendars: valid iCalendar parsed back with the icalendar package, right times across daylight saving."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from bodies import services
from bodies.ical import meeting_uid
from tests.bodies.factories import helsinki, make_body, make_meeting, with_term

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("dtstart"))


@pytest.fixture
def autumn(db, frozen):
    body = with_term(make_body("vanhusneuvosto"))
    before = make_meeting(body, helsinki(2026, 10, 20))  # EEST, UTC+3
    after = make_meeting(body, helsinki(2026, 10, 27))  # EET, UTC+2 (clocks went back on 25 October)
    other = make_meeting(with_term(make_body("vammaisneuvosto", kind="disability")), helsinki(2026, 11, 10, 13))
    return body, before, after, other


def test_times_are_right_on_both_sides_of_the_daylight_saving_change(client, autumn):
    body = autumn[0]
    parsed = events(client.get(reverse("bodies:body-calendar", args=[body.slug])))
    assert [e.decoded("dtstart").astimezone(UTC) for e in parsed] == [
        datetime.datetime(2026, 10, 20, 14, tzinfo=UTC),
        datetime.datetime(2026, 10, 27, 15, tzinfo=UTC),
    ]
    assert [e.decoded("dtstart").strftime("%H:%M") for e in parsed] == ["17:00", "17:00"]
    assert all(e["DTSTART"].params.get("TZID") == "Europe/Helsinki" for e in parsed)
    assert [e.decoded("dtend") - e.decoded("dtstart") for e in parsed] == [datetime.timedelta(hours=2)] * 2
    calendar = Calendar.from_ical(client.get(reverse("bodies:body-calendar", args=[body.slug])).content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]


def test_all_bodies_feed_and_stable_uids(client, autumn):
    _body, before, after, other = autumn
    parsed = events(client.get(reverse("bodies:calendar")))
    assert [str(e["UID"]) for e in parsed] == [meeting_uid(m) for m in (before, after, other)]
    services.meeting_update(
        meeting=before, starts_at=helsinki(2026, 10, 20, 18), ends_at=None, place="Rauma", remote_url="", user=None
    )
    again = events(client.get(reverse("bodies:calendar")))
    assert str(again[0]["UID"]) == meeting_uid(before)
    assert again[0]["SEQUENCE"] == 1
    assert str(again[0]["LOCATION"]) == "Rauma"
    assert again[0].decoded("dtstart").astimezone(UTC) == datetime.datetime(2026, 10, 20, 15, tzinfo=UTC)


def test_cancelled_meeting_is_marked_cancelled(client, autumn):
    body, before, _after, _other = autumn
    services.meeting_cancel(meeting=before, user=None)
    parsed = events(client.get(reverse("bodies:body-calendar", args=[body.slug])))
    assert [str(e["STATUS"]) for e in parsed] == ["CANCELLED", "CONFIRMED"]


def test_single_event_file_for_add_to_calendar(client, autumn):
    body, _before, after, _other = autumn
    parsed = events(client.get(reverse("bodies:meeting-ics", args=[body.slug, after.pk])))
    assert len(parsed) == 1
    assert str(parsed[0]["UID"]) == meeting_uid(after)
    assert str(parsed[0]["URL"]).endswith(reverse("bodies:meeting", args=[body.slug, after.pk]))


def test_empty_calendar_is_valid(client, db):
    assert events(client.get(reverse("bodies:calendar"))) == []


def test_old_meetings_leave_the_feed(client, frozen, db):
    body = with_term(make_body(), datetime.date(2023, 6, 1))
    make_meeting(body, helsinki(2024, 1, 10))
    assert events(client.get(reverse("bodies:calendar"))) == []
