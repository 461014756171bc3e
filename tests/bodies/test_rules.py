"""The model rules and the services: 32 § coverage, quorum, term validity, meeting transitions, history."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from bodies import selectors, services
from bodies.models import AgendaItem, Attendance, Meeting, Membership, Seat, Term, quorum
from osallisuus.models import Municipality
from tests.bodies.factories import (
    appoint,
    fill_term,
    helsinki,
    make_body,
    make_meeting,
    make_municipalities,
    make_term,
    with_term,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


def coverage_of(term: Term, day: datetime.date = TODAY) -> selectors.Coverage:
    municipalities = make_municipalities()
    rows = selectors.seat_rows(Seat.objects.filter(term=term), day, municipalities=municipalities)
    return selectors.coverage(rows=rows, municipalities=municipalities)


# --- 611/2021 32 § coverage ------------------------------------------------------------------------------------


def test_coverage_all_municipalities_represented():
    make_municipalities()
    term = make_term(make_body())
    fill_term(term)
    cover = coverage_of(term)
    assert cover.complete
    assert cover.missing == []
    assert cover.vacant == []


def test_coverage_one_municipality_missing():
    municipalities = make_municipalities()
    term = make_term(make_body(), municipal_seats=False)
    for municipality in municipalities[:-1]:
        appoint(services.seat_create(term=term, municipality=municipality, user=None), f"{municipality} Jäsen")
    cover = coverage_of(term)
    assert not cover.complete
    assert [m.name for m in cover.missing] == ["Ulvila"]


def test_coverage_replaced_member_keeps_municipality_represented():
    make_municipalities()
    term = make_term(make_body())
    memberships = fill_term(term)
    pori = memberships[1]
    services.membership_update(
        membership=pori,
        member_name=pori.member_name,
        deputy_name=pori.deputy_name,
        member_email="",
        member_phone="",
        deputy_email="",
        deputy_phone="",
        role=pori.role,
        end=datetime.date(2026, 1, 31),
        user=None,
    )
    appoint(pori.seat, "Uusi Seuraaja", start=datetime.date(2026, 2, 1))
    cover = coverage_of(term)
    assert cover.complete
    (row,) = selectors.seat_rows(Seat.objects.filter(pk=pori.seat.pk), TODAY, municipalities=make_municipalities())
    assert row.holder.member_name == "Uusi Seuraaja"
    assert [m.member_name for m in row.earlier] == [pori.member_name]


def test_coverage_vacant_seat_is_shown_and_its_municipality_missing():
    make_municipalities()
    term = make_term(make_body())
    memberships = fill_term(term)
    rauma = memberships[2]
    services.membership_update(
        membership=rauma,
        member_name=rauma.member_name,
        deputy_name="",
        member_email="",
        member_phone="",
        deputy_email="",
        deputy_phone="",
        role=rauma.role,
        end=datetime.date(2026, 1, 31),
        user=None,
    )
    cover = coverage_of(term)
    assert [m.name for m in cover.missing] == ["Rauma"]
    assert [(seat.pk, str(seat)) for seat in cover.vacant] == [(rauma.seat.pk, "Rauma")]
    # Before the member left, the seat was filled.
    assert coverage_of(term, datetime.date(2026, 1, 31)).complete


def test_open_call_seats_do_not_count_for_a_municipality():
    make_municipalities()
    term = make_term(make_body(kind="youth_council", slug="nuva"), open_call_seats=2)
    assert term.seats.filter(municipality__isnull=True).count() == 2
    for number, seat in enumerate(term.seats.filter(municipality__isnull=True)):
        appoint(seat, f"Avoin Haku {number}")
    assert len(coverage_of(term).missing) == 4


def test_seat_rows_in_one_query_with_their_places_and_holders(django_assert_num_queries):
    """Seat rows name each seat as the seat itself does, in the term's order, with the holder of the day and who
    held the seat before; a seat nobody has held is vacant. One query (a municipality missing from the list the page
    read is read on its own)."""
    municipalities = make_municipalities()
    term = make_term(make_body(kind="youth_council", slug="nuva"), open_call_seats=1)
    seats = list(term.seats.order_by("order", "pk"))
    eura, pori = seats[0], seats[1]
    appoint(eura, "Ensimmäinen", end=datetime.date(2026, 1, 31))
    appoint(eura, "Toinen", start=datetime.date(2026, 2, 1))
    appoint(pori, "Porilainen")
    with django_assert_num_queries(1):
        rows = selectors.seat_rows(Seat.objects.filter(term=term), TODAY, municipalities=municipalities)
    assert [str(row.seat) for row in rows] == [str(seat) for seat in seats]
    assert [row.seat.is_open_call for row in rows] == [False, False, False, False, True]
    assert [(row.holder.member_name if row.holder else None) for row in rows] == [
        "Toinen",
        "Porilainen",
        None,
        None,
        None,
    ]
    assert [m.member_name for m in rows[0].earlier] == ["Ensimmäinen"]
    assert rows[1].holder.role_label == "Member"
    with django_assert_num_queries(1 + 4):
        rows = selectors.seat_rows(Seat.objects.filter(term=term), TODAY, municipalities=[])
    assert [str(row.seat) for row in rows] == [str(seat) for seat in seats]
    # Without the municipalities (a page that shows no coverage), their names come with the seats.
    Municipality.objects.filter(pk=pori.municipality_id).update(name_sv="Björneborg")
    seats = list(term.seats.select_related("municipality").order_by("order", "pk"))
    with django_assert_num_queries(1):
        rows = selectors.seat_rows(Seat.objects.filter(term=term), TODAY)
    assert [str(row.seat) for row in rows] == [str(seat) for seat in seats]
    with translation.override("sv"):
        assert [str(row.seat) for row in rows] == [str(seat) for seat in seats]
        assert str(rows[1].seat) == "Björneborg"


def test_attendance_row_names_the_office_of_a_present_member_only():
    """The minutes name a chair's office with the chair, not with the deputy who attended in the chair's place."""
    seat = selectors.ListedSeat(pk=1, term_id=1, municipality=None, label="Avoin haku 1")
    chair = selectors.ListedMembership(
        1, "Aino Malli", "Eino Malli", Membership.Role.CHAIR, "Chair", datetime.date(2026, 1, 1), None
    )
    member = selectors.AttendanceRow(seat=seat, holder=chair, attendee=Attendance.Attendee.MEMBER)
    deputy = selectors.AttendanceRow(seat=seat, holder=chair, attendee=Attendance.Attendee.DEPUTY)
    assert (member.attended_by, member.office) == ("Aino Malli", "chair")
    assert (deputy.attended_by, deputy.office, deputy.by_deputy) == ("Eino Malli", "", True)


# --- Quorum ----------------------------------------------------------------------------------------------------


def test_quorum_more_than_half():
    assert quorum(filled_seats=16, present=9, minimum=None).reached
    assert not quorum(filled_seats=16, present=8, minimum=None).reached
    assert quorum(filled_seats=21, present=11, minimum=None).reached
    assert not quorum(filled_seats=21, present=10, minimum=None).reached


def test_quorum_threshold_from_the_bodys_rules():
    assert quorum(filled_seats=16, present=6, minimum=6).reached
    assert not quorum(filled_seats=16, present=5, minimum=6).reached


@time_machine.travel(datetime.datetime(2026, 10, 21, 12, tzinfo=datetime.UTC))
def test_meeting_quorum_counts_a_deputy_for_their_member():
    make_municipalities()
    body = make_body()
    fill_term(make_term(body))
    meeting = make_meeting(body)
    seats = list(Seat.objects.filter(term__body=body).order_by("order"))
    services.meeting_attendance_record(
        meeting=meeting,
        attendance={
            seats[0]: Attendance.Attendee.MEMBER,
            seats[1]: Attendance.Attendee.DEPUTY,
            seats[2]: Attendance.Attendee.ABSENT,
            seats[3]: Attendance.Attendee.ABSENT,
        },
        user=None,
    )
    page = selectors.meeting_page(meeting=meeting)
    assert (page.quorum.present, page.quorum.filled_seats, page.quorum.needed) == (2, 4, 3)
    assert not page.quorum.reached
    services.meeting_attendance_record(meeting=meeting, attendance={seats[2]: Attendance.Attendee.DEPUTY}, user=None)
    page = selectors.meeting_page(meeting=meeting)
    assert page.quorum.reached
    assert [r.attended_by for r in page.rows if r.present] == [
        "Jäsen0 Esimerkki",
        "Varajäsen1 Esimerkki",
        "Varajäsen2 Esimerkki",
    ]
    body.quorum_minimum = 4
    body.save()
    assert not selectors.meeting_page(meeting=Meeting.objects.select_related("body").get(pk=meeting.pk)).quorum.reached


def test_attendance_refused_for_a_vacant_seat():
    make_municipalities()
    body = make_body()
    term = make_term(body)
    meeting = make_meeting(body)
    with pytest.raises(ValidationError, match="not a filled seat"):
        services.meeting_attendance_record(
            meeting=meeting, attendance={term.seats.first(): Attendance.Attendee.MEMBER}, user=None
        )


# --- Term validity ---------------------------------------------------------------------------------------------


def test_overlapping_terms_are_refused_with_a_clear_message():
    body = make_body()
    first = make_term(body, datetime.date(2025, 6, 1), datetime.date(2029, 5, 31), municipal_seats=False)
    with pytest.raises(ValidationError) as refused:
        make_term(body, datetime.date(2029, 1, 1), datetime.date(2031, 5, 31), municipal_seats=False)
    assert f"This term overlaps the term {first} of the same body." in " ".join(refused.value.messages)
    # The next term may start the day after.
    make_term(body, datetime.date(2029, 6, 1), datetime.date(2033, 5, 31), municipal_seats=False)
    # Another body's terms do not matter.
    make_term(make_body("toinen"), datetime.date(2025, 6, 1), datetime.date(2029, 5, 31), municipal_seats=False)


def test_a_term_must_end_after_it_starts():
    with pytest.raises(ValidationError, match="end after it starts"):
        make_term(make_body(), datetime.date(2025, 6, 1), datetime.date(2025, 6, 1), municipal_seats=False)


def test_a_seat_outside_its_term_is_refused():
    make_municipalities()
    term = make_term(make_body())
    seat = term.seats.first()
    with pytest.raises(ValidationError, match="must start within the term"):
        appoint(seat, "Liian Aikainen", start=datetime.date(2025, 5, 31))
    with pytest.raises(ValidationError, match="must end within the term"):
        appoint(seat, "Liian Pitkä", end=datetime.date(2029, 6, 1))


def test_a_seat_has_one_holder_at_a_time():
    make_municipalities()
    seat = make_term(make_body()).seats.first()
    appoint(seat, "Ensimmäinen")
    with pytest.raises(ValidationError, match="Ensimmäinen holds this seat"):
        appoint(seat, "Toinen", start=datetime.date(2026, 1, 1))


def test_only_one_chair_at_a_time():
    make_municipalities()
    seats = list(make_term(make_body()).seats.all())
    appoint(seats[0], "Puheen Johtaja", role=Membership.Role.CHAIR)
    with pytest.raises(ValidationError, match="is chair"):
        appoint(seats[1], "Toinen Johtaja", role=Membership.Role.CHAIR)


def test_membership_covering_rule_agrees_in_sql_and_python():
    make_municipalities()
    seat = make_term(make_body()).seats.first()
    membership = appoint(seat, "Rajalla", start=datetime.date(2025, 7, 1), end=datetime.date(2025, 12, 31))
    for day in [
        datetime.date(2025, 6, 30),
        datetime.date(2025, 7, 1),
        datetime.date(2025, 12, 31),
        datetime.date(2026, 1, 1),
    ]:
        assert membership.covers(day) == Membership.objects.covering(day).filter(pk=membership.pk).exists()


# --- Meetings, agenda, minutes ---------------------------------------------------------------------------------


def test_meeting_needs_a_place_or_a_link():
    with pytest.raises(ValidationError, match="place, the remote participation link"):
        make_meeting(with_term(make_body()), place="")
    make_meeting(with_term(make_body("etana")), place="", remote_url="https://teams.example.invalid/k")


@time_machine.travel(datetime.datetime(2026, 10, 1, 12, tzinfo=datetime.UTC))
def test_meeting_transitions_and_refusals():
    body = with_term(make_body())
    meeting = make_meeting(body, helsinki(2026, 10, 20))
    with pytest.raises(ValidationError, match="before it starts"):
        services.meeting_mark_held(meeting=meeting, user=None)
    with pytest.raises(ValidationError, match="held meeting can be published"):
        services.meeting_minutes_publish(meeting=meeting, approved_on=datetime.date(2026, 10, 1), user=None)
    services.meeting_cancel(meeting=meeting, user=None)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CANCELLED
    assert meeting.sequence == 1
    with pytest.raises(ValidationError, match="Only a planned meeting can be cancelled"):
        services.meeting_cancel(meeting=meeting, user=None)
    with pytest.raises(ValidationError, match="cancelled"):
        services.agenda_item_add(meeting=meeting, title="Myöhässä", user=None)
    with pytest.raises(ValidationError, match="cancelled meeting cannot be changed"):
        services.meeting_update(
            meeting=meeting, starts_at=meeting.starts_at, ends_at=None, place="X", remote_url="", user=None
        )


def test_minutes_publication():
    body = with_term(make_body())
    meeting = make_meeting(body, helsinki(2026, 10, 20))
    with time_machine.travel(datetime.datetime(2026, 10, 21, 12, tzinfo=datetime.UTC)):
        services.meeting_mark_held(meeting=meeting, user=None)
        with pytest.raises(ValidationError, match="Only a planned meeting"):
            services.meeting_mark_held(meeting=meeting, user=None)
        with pytest.raises(ValidationError, match="Write the minutes"):
            services.meeting_minutes_publish(meeting=meeting, approved_on=datetime.date(2026, 10, 21), user=None)
        services.meeting_minutes_update(meeting=meeting, text="1 § Avaus", user=None)
        with pytest.raises(ValidationError, match="not in the future"):
            services.meeting_minutes_publish(meeting=meeting, approved_on=datetime.date(2026, 10, 22), user=None)
        services.meeting_minutes_publish(meeting=meeting, approved_on=datetime.date(2026, 10, 21), user=None)
        meeting.refresh_from_db()
        assert meeting.minutes_published_on == datetime.date(2026, 10, 21)
        with pytest.raises(ValidationError, match="already published"):
            services.meeting_minutes_publish(meeting=meeting, approved_on=datetime.date(2026, 10, 21), user=None)
        with pytest.raises(ValidationError, match="minutes are published"):
            services.meeting_minutes_update(meeting=meeting, text="Muutos", user=None)
    assert meeting.attendee_names_public(datetime.date(2026, 11, 20))
    assert not meeting.attendee_names_public(datetime.date(2026, 11, 21))
    assert list(Meeting.objects.with_published_minutes()) == [meeting]


def test_agenda_items_keep_their_order():
    meeting = make_meeting(with_term(make_body()))
    first, second, third = (
        services.agenda_item_add(meeting=meeting, title=title, user=None) for title in ("Avaus", "Asia", "Päätös")
    )
    services.agenda_item_move(item=third, direction="up", user=None)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Avaus", "Päätös", "Asia"]
    with pytest.raises(ValidationError, match="already first"):
        services.agenda_item_move(item=first, direction="up", user=None)
    services.agenda_item_remove(item=first, user=None)
    assert list(meeting.agenda_items.values_list("position", "title")) == [(1, "Päätös"), (2, "Asia")]
    services.agenda_item_update(item=second, title="Asia muutettu", description="", user=None)
    assert AgendaItem.objects.get(pk=second.pk).title == "Asia muutettu"


def test_history_records_user_and_reason():
    secretary = make_user("kirjuri")
    body = with_term(make_body())
    meeting = services.meeting_create(
        body=body, starts_at=helsinki(2026, 10, 20), place="Pori", user=secretary, reason="Kevään kokous"
    )
    record = meeting.history.latest()
    assert record.history_user == secretary
    assert record.history_change_reason == "Kevään kokous"
    item = services.agenda_item_add(meeting=meeting, title="Avaus", user=secretary)
    assert item.history.latest().history_user == secretary


def test_statement_needs_a_requester_and_content():
    body = make_body()
    with pytest.raises(ValidationError, match="who asked"):
        services.statement_create(body=body, subject="S", given_on=datetime.date(2026, 1, 1), text="T", user=None)
    with pytest.raises(ValidationError, match="Write the statement"):
        services.statement_create(
            body=body, subject="S", given_on=datetime.date(2026, 1, 1), requested_by_other="Ministeriö", user=None
        )
