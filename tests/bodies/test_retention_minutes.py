"""Names in minutes after the appeal period (issue 13 item 8, finding 6.2): apply_retention end to end, the
secretary's review page, the reminders and the public meeting page before and after."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from bodies import services
from bodies.models import Attendance, Meeting
from bodies.names import NAME_REMOVED
from osallisuus.models import OutboxMessage
from osallisuus.roles import Role
from tests.bodies.factories import appoint, helsinki, make_body, make_meeting, make_municipalities, make_term
from tests.conftest import make_user

X = NAME_REMOVED
PUBLISHED = datetime.date(2026, 3, 2)
MINUTES = (
    "Läsnä: Malli Aino (pj.), VENLA MALLINEN, Kalle Koski (varajäsen).\n"
    "Asiantuntijana kuultiin Heikki Heikkistä.\n"
    "Venla Mallisen puheenvuoro. V. Mallinen ja Aino  Malli esittelivät asian."
)
AUTO_CLEANED = (
    f"Läsnä: {X} (pj.), {X}, {X} (varajäsen).\n"
    f"Asiantuntijana kuultiin {X}.\n"
    f"{X} puheenvuoro. {X} ja {X} esittelivät asian."
)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def at(day: datetime.date, hour: int = 12):
    return time_machine.travel(timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour)), tick=False)


def run(day: datetime.date, *args: str) -> str:
    out = io.StringIO()
    with at(day, hour=2):
        call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def last_kept(settings) -> datetime.date:
    return PUBLISHED + datetime.timedelta(days=settings.RETENTION_MINUTES_PERSONAL_DATA_DAYS)


@pytest.fixture
def secretary(db):
    return make_user("sanna", Role.SECRETARY, first_name="Sanna", last_name="Sihteeri")


@pytest.fixture
def meeting(db, secretary):
    """A youth council meeting of 2026-02-20 whose members and a deputy attended; published on PUBLISHED."""
    make_municipalities()
    body = make_body("nuva", name="Testin nuorisovaltuusto", secretaries=(secretary,))
    with at(datetime.date(2025, 6, 1)):
        term = make_term(body, municipal_seats=True)
        seats = list(term.seats.order_by("order", "pk"))
        appoint(seats[0], "Aino Malli", role="chair")
        appoint(seats[1], "Venla Mallinen")
        appoint(seats[2], "Pekka Lahti", deputy_name="Kalle Koski")
    with at(datetime.date(2026, 2, 21)):
        meeting = make_meeting(body, helsinki(2026, 2, 20))
        services.meeting_attendance_record(
            meeting=meeting,
            attendance={
                seats[0]: Attendance.Attendee.MEMBER,
                seats[1]: Attendance.Attendee.MEMBER,
                seats[2]: Attendance.Attendee.DEPUTY,
            },
            user=None,
        )
        services.meeting_mark_held(meeting=meeting, user=None)
        services.meeting_minutes_update(meeting=meeting, text=MINUTES, user=None)
        services.meeting_minutes_people_update(meeting=meeting, other_people="Heikki Heikkinen", user=secretary)
    with at(PUBLISHED):
        services.meeting_minutes_publish(meeting=meeting, approved_on=PUBLISHED, user=secretary)
    return meeting


def public_html(client, meeting: Meeting, day: datetime.date) -> str:
    with at(day, hour=10):
        return client.get(reverse("bodies:meeting", args=[meeting.body.slug, meeting.pk])).content.decode()


def review_url(meeting: Meeting) -> str:
    return reverse("bodies:staff-minutes-names", args=[meeting.body.slug, meeting.pk])


# --- apply_retention ----------------------------------------------------------------------------------------------


def test_names_stay_through_the_appeal_period(meeting, settings):
    assert "Nothing to remove" in run(last_kept(settings))
    meeting.refresh_from_db()
    assert meeting.minutes_text == MINUTES
    assert meeting.minutes_names_removed_at is None


def test_every_spelling_and_the_listed_expert_removed_and_the_time_recorded(meeting, settings):
    day = last_kept(settings) + datetime.timedelta(days=1)
    output = run(day)
    meeting.refresh_from_db()
    assert meeting.minutes_text == AUTO_CLEANED
    assert timezone.localdate(meeting.minutes_names_removed_at) == day
    assert meeting.minutes_other_people == ""
    assert "Cleaned minutes.meetings: 1" in output
    assert "Cleaned minutes.names: 7" in output
    history = Meeting.history.model.objects.filter(id=meeting.pk)
    for name in ("Malli", "MALLINEN", "Mallisen", "Heikkist", "Koski"):
        assert not history.filter(minutes_text__contains=name).exists(), name
    assert not history.exclude(minutes_other_people="").exists()
    assert history.latest("history_date").history_change_reason
    assert "Nothing to remove" in run(day + datetime.timedelta(days=1))


def test_undecided_words_withhold_the_text_until_the_secretary_confirms(meeting, settings, client, secretary):
    text = MINUTES + "\nPaikalla oli myös Kerttu Kokko."
    Meeting.objects.filter(pk=meeting.pk).update(minutes_text=text)
    day = last_kept(settings) + datetime.timedelta(days=1)
    output = run(day)
    assert "Cleaned minutes.withheld_for_review: 1" in output
    meeting.refresh_from_db()
    assert meeting.minutes_text == text  # nothing applied yet
    assert meeting.minutes_names_review_since == day
    assert meeting.minutes_names_removed_at is None
    html = public_html(client, meeting, day)
    assert "Malli" not in html
    assert "Kerttu" not in html
    assert "the minutes text is not shown here" in html
    assert "were removed" not in html
    assert "Nothing to remove" in run(day + datetime.timedelta(days=1))  # marked once

    client.force_login(secretary)
    with at(day, hour=10):
        page = client.get(review_url(meeting)).content.decode()
        assert "<mark>Kerttu</mark>" in page
        assert "<mark>Kokko</mark>" in page
        assert "Not on the web" in page
        proposed = page.split('name="confirm-text"')[1]
        assert "Malli Aino" not in proposed
        response = client.post(
            review_url(meeting),
            {
                "action": "confirm",
                "confirm-text": AUTO_CLEANED + f"\nPaikalla oli myös {X}.",
                "confirm-reason": "Tarkistettu",
            },
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_text == AUTO_CLEANED + f"\nPaikalla oli myös {X}."
    assert meeting.minutes_names_removed_at is not None
    history = Meeting.history.model.objects.filter(id=meeting.pk)
    assert not history.filter(minutes_text__contains="Kerttu").exists()  # the word taken out in the check too
    assert history.filter(history_user=secretary, history_change_reason="Tarkistettu").exists()
    html = public_html(client, meeting, day)
    assert "Paikalla oli myös [nimi poistettu]." in html


def test_confirmed_in_advance_applied_by_retention_with_names_listed_later(meeting, settings, client, secretary):
    client.force_login(secretary)
    with at(PUBLISHED + datetime.timedelta(days=2)):
        client.post(review_url(meeting), {"action": "confirm", "confirm-text": "Läsnä: Aino Malli. Kokous pidettiin."})
        meeting.refresh_from_db()
        assert meeting.minutes_cleaned_text == f"Läsnä: {X}. Kokous pidettiin."
        assert meeting.minutes_text == MINUTES  # the names stay on the web during the appeal period
        client.post(review_url(meeting), {"action": "people", "people-other_people": "Kokous Pidettiin"})
    run(last_kept(settings) + datetime.timedelta(days=1))
    meeting.refresh_from_db()
    assert meeting.minutes_text == f"Läsnä: {X}. {X}."


# --- The review page ----------------------------------------------------------------------------------------------


def test_review_page_refuses_others(meeting, client, db):
    other = make_user("olli", Role.SECRETARY)
    make_body("toinen", secretaries=(other,))
    client.force_login(other)
    assert client.get(review_url(meeting)).status_code == 403
    assert client.get(reverse("bodies:staff-minutes-names", args=["toinen", meeting.pk])).status_code == 404
    client.force_login(make_user("kalle", Role.HANDLER))
    assert client.get(review_url(meeting)).status_code == 403
    assert client.post(review_url(meeting), {"action": "confirm", "confirm-text": "x"}).status_code == 403
    client.logout()
    assert client.get(review_url(meeting)).status_code == 302


def test_review_page_lists_the_people_and_links_from_the_meeting_page(meeting, client, secretary):
    client.force_login(secretary)
    with at(PUBLISHED + datetime.timedelta(days=1)):
        page = client.get(review_url(meeting)).content.decode()
        meeting_page = client.get(reverse("bodies:staff-meeting", args=[meeting.body.slug, meeting.pk]))
    assert "Heikki Heikkinen" in page
    assert "Kalle Koski" in page
    assert "The portal recognised every name" in page
    assert review_url(meeting) in meeting_page.content.decode()


# --- Reminders ----------------------------------------------------------------------------------------------------


def remind(day: datetime.date) -> str:
    out = io.StringIO()
    with at(day, hour=6):
        call_command("send_minutes_reminders", stdout=out)
    return out.getvalue()


def test_secretary_reminded_before_the_appeal_period_ends(meeting, settings, django_capture_on_commit_callbacks):
    Meeting.objects.filter(pk=meeting.pk).update(minutes_text=MINUTES + "\nPaikalla oli myös Kerttu Kokko.")
    with django_capture_on_commit_callbacks(execute=True):
        assert "1 new" in remind(PUBLISHED)
        assert "0 new" in remind(PUBLISHED + datetime.timedelta(days=1))
        assert "1 new" in remind(last_kept(settings) - datetime.timedelta(days=2))
        assert "1 new" in remind(last_kept(settings) + datetime.timedelta(days=1))
        assert "0 new" in remind(last_kept(settings) + datetime.timedelta(days=2))
    messages = list(OutboxMessage.objects.order_by("pk"))
    assert [m.recipient for m in messages] == ["sanna@example.invalid"] * 3
    assert review_url(meeting) in messages[0].body
    assert "2 words" in messages[0].body
    assert "not shown on the web" in messages[2].body


def test_no_reminder_when_every_name_was_recognised(meeting, settings):
    assert "0 new" in remind(PUBLISHED)
    assert "0 new" in remind(last_kept(settings))
    assert not OutboxMessage.objects.exists()


# --- The public page ----------------------------------------------------------------------------------------------


def test_public_page_says_names_were_removed_only_once_they_were(meeting, settings, client):
    during = public_html(client, meeting, last_kept(settings))
    assert "Malli Aino" in during
    assert "were removed" not in during
    after_deadline = last_kept(settings) + datetime.timedelta(days=1)
    before_job = public_html(client, meeting, after_deadline)
    assert "Malli" not in before_job
    assert "were removed" not in before_job
    assert "the minutes text is not shown here" in before_job
    run(after_deadline)
    after = public_html(client, meeting, after_deadline)
    assert "Malli" not in after
    assert "[nimi poistettu] puheenvuoro" in after
    assert "The names of people were removed from the minutes on" in after
