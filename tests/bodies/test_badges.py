"""The bodies' status badges: each state says its tone in Python (osallisuus/badges.py), one rule of the models or
selectors gives the state, and the pages render it through includes/badge.html."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from bodies import selectors, services
from bodies.models import (
    AdvisoryBody,
    AgendaItem,
    Attendance,
    Meeting,
    Membership,
    Quorum,
    Representation,
    Seat,
    Term,
    TermStanding,
    quorum,
)
from osallisuus.models import Municipality
from tests.bodies.factories import make_body

DAY = datetime.date(2026, 10, 20)


def badge(tone: str, words: str) -> str:
    return f'<span class="badge badge--{tone}">{words}</span>'


def tones(choices) -> dict:
    return {member: member.badge_tone for member in choices}


def test_each_state_has_its_tone():
    assert tones(Representation) == {
        Representation.COMPLETE: "ok",
        Representation.INCOMPLETE: "warn",
        Representation.EVERY_BODY: "ok",
    }
    assert tones(TermStanding) == {TermStanding.NO_CURRENT_TERM: "warn"}
    assert tones(Seat.Vacancy) == {Seat.Vacancy.VACANT: "warn"}
    assert tones(Quorum.Standing) == {Quorum.Standing.REACHED: "ok", Quorum.Standing.NOT_REACHED: "warn"}
    assert tones(AgendaItem.Publication) == {
        AgendaItem.Publication.DRAFT: "warn",
        AgendaItem.Publication.PUBLISHED: "ok",
    }
    assert tones(Meeting.MinutesState) == {
        Meeting.MinutesState.NOT_PUBLISHED: "neutral",
        Meeting.MinutesState.PUBLISHED: "ok",
        Meeting.MinutesState.NAMES_REMOVED: "ok",
        Meeting.MinutesState.WITHHELD: "danger",
        Meeting.MinutesState.CONFIRMED: "ok",
    }
    assert tones(Meeting.ListedMinutes) == {Meeting.ListedMinutes.PUBLISHED: "neutral"}


def test_the_rules_give_the_states():
    assert quorum(filled_seats=4, present=3, minimum=None).standing == Quorum.Standing.REACHED
    assert quorum(filled_seats=4, present=2, minimum=None).standing == Quorum.Standing.NOT_REACHED
    assert AgendaItem(published_at=None).publication == AgendaItem.Publication.DRAFT
    assert AgendaItem(published_at=timezone.now()).publication == AgendaItem.Publication.PUBLISHED

    rauma = Municipality(name="Rauma")
    assert selectors.Coverage(missing=[], vacant=[]).representation == Representation.COMPLETE
    assert selectors.Coverage(missing=[rauma], vacant=[]).representation == Representation.INCOMPLETE
    seat = selectors.ListedSeat(pk=1, term_id=1, municipality=rauma, label="")
    assert selectors.SeatRow(seat=seat, holder=None, earlier=[]).vacancy == Seat.Vacancy.VACANT
    holder = selectors.ListedMembership(1, "Aino Malli", "", Membership.Role.MEMBER, "Member", DAY, None)
    assert selectors.SeatRow(seat=seat, holder=holder, earlier=[]).vacancy is None
    body = AdvisoryBody(kind=AdvisoryBody.Kind.OLDER_PEOPLE, name="Vanhusneuvosto")
    term = Term(start=datetime.date(2025, 6, 1), end=datetime.date(2029, 5, 31))
    assert selectors.BodyOverview(body=body, term=None, rows=[], coverage=None).term_standing == (
        TermStanding.NO_CURRENT_TERM
    )
    assert selectors.BodyOverview(body=body, term=term, rows=[], coverage=None).term_standing is None
    complete = selectors.BodyOverview(body=body, term=term, rows=[], coverage=selectors.Coverage([], []))
    lacking = selectors.BodyOverview(body=body, term=term, rows=[], coverage=selectors.Coverage([rauma], []))
    assert selectors.county_representation([complete]) == Representation.EVERY_BODY
    assert selectors.county_representation([complete, lacking]) == Representation.INCOMPLETE
    assert selectors.county_representation([]) is None


def test_the_minutes_states_follow_the_meeting():
    draft = Meeting(state=Meeting.State.HELD)
    assert draft.minutes_publication == Meeting.MinutesState.NOT_PUBLISHED
    assert draft.listed_minutes is None
    assert draft.minutes_names_state_on(DAY) is None
    assert draft.minutes_names_confirmation is None

    published = Meeting(state=Meeting.State.HELD, minutes_published_on=DAY)
    last_kept = published.minutes_appeal_period_ends
    assert published.minutes_publication == Meeting.MinutesState.PUBLISHED
    assert published.listed_minutes == Meeting.ListedMinutes.PUBLISHED
    assert published.minutes_names_state_on(last_kept) is None
    assert published.minutes_names_state_on(last_kept + datetime.timedelta(days=1)) == Meeting.MinutesState.WITHHELD

    published.minutes_names_confirmed_at = timezone.now()
    assert published.minutes_names_confirmation == Meeting.MinutesState.CONFIRMED
    published.minutes_names_removed_at = timezone.now()
    assert published.minutes_names_state_on(last_kept) == Meeting.MinutesState.NAMES_REMOVED
    assert published.minutes_names_confirmation is None


def end_membership(membership: Membership, end: datetime.date) -> None:
    services.membership_update(
        membership=membership,
        member_name=membership.member_name,
        deputy_name=membership.deputy_name,
        member_email=membership.member_email,
        member_phone=membership.member_phone,
        deputy_email=membership.deputy_email,
        deputy_phone=membership.deputy_phone,
        role=membership.role,
        end=end,
        user=None,
    )


def test_the_pages_show_the_representation_vacant_seats_and_a_missing_term(client, body, keeper):
    every_body = badge("ok", "Every municipality has a representative in every body now.")
    complete = badge("ok", "All municipalities represented")
    incomplete = badge("warn", "Not all municipalities represented")
    assert every_body in client.get(reverse("bodies:index")).text
    assert complete in client.get(reverse("bodies:body", args=[body.slug])).text
    client.force_login(keeper)
    assert complete in client.get(reverse("bodies:staff-index")).text
    assert badge("warn", "No current term") not in client.get(reverse("bodies:staff-index")).text

    make_body("nuva", kind=AdvisoryBody.Kind.YOUTH_COUNCIL, name="Nuorisovaltuusto", secretaries=(keeper,))
    assert badge("warn", "No current term") in client.get(reverse("bodies:staff-index")).text
    index = client.get(reverse("bodies:index")).text
    assert incomplete in index
    assert every_body not in index

    term = body.terms.order_by("-start").first()
    end_membership(Membership.objects.filter(seat__term=term).order_by("pk").first(), datetime.date(2026, 10, 1))
    page = client.get(reverse("bodies:body", args=[body.slug])).text
    assert page.count(badge("warn", "Vacant")) == 1
    assert incomplete in page
    assert complete not in page


def test_the_meeting_pages_show_the_quorum(client, body, keeper):
    assert badge("ok", "Quorum") in client.get(reverse("bodies:meeting", args=[body.slug, body.published.pk])).text
    client.force_login(keeper)
    seats = list(body.terms.order_by("-start").first().seats.order_by("order"))
    attendance = {seat: Attendance.Attendee.ABSENT for seat in seats}
    attendance[seats[0]] = Attendance.Attendee.MEMBER
    services.meeting_attendance_record(meeting=body.draft, attendance=attendance, user=keeper)
    page = client.get(reverse("bodies:staff-meeting", args=[body.slug, body.draft.pk])).text
    assert badge("warn", "No quorum") in page
    assert badge("ok", "Quorum") not in page


def test_the_pages_show_where_the_minutes_stand(client, body, keeper):
    listing = client.get(reverse("bodies:body", args=[body.slug])).text
    assert listing.count(badge("neutral", "Minutes published")) == 1
    client.force_login(keeper)
    meeting_url = reverse("bodies:staff-meeting", args=[body.slug, body.published.pk])
    review_url = reverse("bodies:staff-minutes-names", args=[body.slug, body.published.pk])
    assert badge("ok", "Published") in client.get(meeting_url).text
    draft = client.get(reverse("bodies:staff-meeting", args=[body.slug, body.draft.pk])).text
    assert badge("neutral", "Not published") in draft
    assert badge("ok", "Published") not in draft
    upcoming = client.get(reverse("bodies:staff-meeting", args=[body.slug, body.upcoming.pk])).text
    assert 'Talousarvio</span> <span class="badge badge--warn">Draft</span>' in upcoming

    services.meeting_minutes_names_confirm(meeting=body.published, text="Kokous pidettiin.", user=keeper)
    assert badge("ok", "Confirmed") in client.get(review_url).text

    published = Meeting.objects.get(pk=body.published.pk)
    after = published.minutes_appeal_period_ends + datetime.timedelta(days=1)
    noon = timezone.make_aware(datetime.datetime(after.year, after.month, after.day, 12))
    with time_machine.travel(noon, tick=False):
        client.force_login(keeper)
        withheld = badge("danger", "Not on the web")
        assert withheld in client.get(meeting_url).text
        review = client.get(review_url).text
        assert withheld in review
        assert badge("ok", "Confirmed") in review  # until apply_retention puts the confirmed text on the web
        services.meeting_minutes_names_confirm(meeting=published, text="Kokous pidettiin.", user=keeper, today=after)
        for url in (meeting_url, review_url):
            page = client.get(url).text
            assert badge("ok", "Names removed") in page
            assert withheld not in page
            assert badge("ok", "Confirmed") not in page
