"""Random sequences of real actions on a body, with its rules checked after every step.

A hypothesis state machine drives the services, the secretary's pages and the admin's forms through the test client:
terms (some overlapping, refused), open-call seats, members and deputies (the same person again, in other case and
spacing, on another seat or term), members leaving their seats, meetings planned and moved inside and outside the
terms, agenda items added and changed before and after the agenda is published, the agenda published, meetings held
and their minutes published. A refused action must store nothing; the rules it is refused by are predicted by a
brute-force model where they are simple (a meeting needs a term; a person a free seat and no other seat).

Invariants, checked after every step:

1. One person, one seat per term: within a term, no person (compared case- and space-insensitively) is the member or
   the deputy of more than one seat, and no member is their own deputy.
2. Every meeting falls within a term of its body (its date in Helsinki).
3. No draft agenda item on any public output: the public meeting page of every meeting and the calendars (all bodies
   and the body) show every published item and no draft (each title is unique, so finding one means it leaked).
4. Every change of a term, seat, membership, meeting, agenda item or attendance has a history row with a user and a
   reason.
5. The index's representation (bodies_overview / representation_gaps) agrees with a brute-force computation from the
   seats and memberships of the current term.

The normal suite runs the "default" profile of tests/hypothesis_profiles.py; HYPOTHESIS_PROFILE=long ten times more.
"""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from icalendar import Calendar

from bodies import selectors, services
from bodies.models import (
    AdvisoryBody,
    AgendaItem,
    Attendance,
    Meeting,
    Membership,
    Seat,
    Term,
    local_date,
    person_key,
)
from osallisuus.models import Municipality
from osallisuus.roles import Role
from tests.bodies.conftest import NOW
from tests.bodies.factories import helsinki, make_municipalities, meeting_admin_data
from tests.conftest import make_user
from tests.hypothesis_profiles import STATE_MACHINE

TODAY = NOW.date()  # 2 November 2026: the machine's clock stands still (the test freezes it)
PEOPLE = ["Aino Malli", "Eino Malli", "Helmi Keksitty", "Onni Keksitty", "Iida Testinen", "Leevi Testinen"]
# Meeting days: in the past and the future, inside the first term (1.6.2025–31.12.2026) and outside it.
DAYS = [
    datetime.date(2025, 5, 20),
    datetime.date(2025, 9, 16),
    datetime.date(2026, 10, 20),
    datetime.date(2026, 11, 2),
    datetime.date(2026, 12, 31),
    datetime.date(2027, 1, 1),
    datetime.date(2027, 3, 16),
    datetime.date(2028, 12, 5),
]
TERMS = [
    (datetime.date(2027, 1, 1), datetime.date(2028, 12, 31)),
    (datetime.date(2026, 6, 1), datetime.date(2027, 5, 31)),  # overlaps the first: refused
    (datetime.date(2023, 1, 1), datetime.date(2025, 5, 31)),
]
HISTORY_MODELS = [Term, Seat, Membership, Meeting, AgendaItem, Attendance]


def variant(name: str, style: int) -> str:
    """The same person typed another way: as is, lower case, upper case, or with extra spaces."""
    return [name, name.lower(), name.upper(), f"  {name.replace(' ', '   ')} "][style]


def brute_missing(body: AdvisoryBody, day: datetime.date) -> list[str]:
    """611/2021 32 § by hand: the municipalities with no seat of the current term held by someone on `day`."""
    terms = {
        pk for pk, start, end in Term.objects.filter(body=body).values_list("pk", "start", "end") if start <= day <= end
    }
    seats = dict(Seat.objects.filter(term__body=body).values_list("pk", "term_id"))
    municipality = dict(Seat.objects.filter(term__body=body).values_list("pk", "municipality_id"))
    represented = {
        municipality[seat]
        for seat, start, end in Membership.objects.filter(seat__term__body=body).values_list("seat", "start", "end")
        if seats[seat] in terms and start <= day and (end is None or end >= day)
    }
    return sorted(name for pk, name in Municipality.objects.values_list("pk", "name") if pk not in represented)


class BodyMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # Each example works inside a savepoint of the test's transaction, rolled back in teardown().
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.titles = itertools.count(1)
        self.secretary = make_user("kone-sihteeri", Role.SECRETARY)
        self.admin = make_user("kone-admin", superuser=True)
        make_municipalities()
        self.body = services.body_item_save(
            instance=AdvisoryBody(kind=AdvisoryBody.Kind.DISABILITY, name="Kone", slug="kone", purpose="Testaa."),
            user=self.admin,
            reason="Kone",
        )
        self.body.secretaries.add(self.secretary)
        services.term_create(
            body=self.body,
            start=datetime.date(2025, 6, 1),
            end=datetime.date(2026, 12, 31),
            municipal_seats=True,
            user=self.secretary,
            reason="Kone",
        )
        self.staff = Client()
        self.staff.force_login(self.secretary)
        self.administrator = Client()
        self.administrator.force_login(self.admin)
        self.public = Client()
        self.touched: set[int] = {0}  # meetings whose public page the next check renders (0: only the calendar)
        # What the last step may have changed: "seats" (terms, seats, memberships) or "meetings" (terms, meetings).
        # An invariant reading only rows that did not change is not checked again (the clock stands still).
        self.changed = {"seats", "meetings"}

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # --- helpers ---------------------------------------------------------------------------------------------

    def seats(self) -> list[Seat]:
        return list(Seat.objects.filter(term__body=self.body).select_related("term").order_by("pk"))

    def meetings(self) -> list[Meeting]:
        return list(Meeting.objects.filter(body=self.body).order_by("pk"))

    def items(self) -> list[AgendaItem]:
        return list(AgendaItem.objects.filter(meeting__body=self.body).order_by("pk"))

    def title(self) -> str:
        return f"Kohta-{next(self.titles):04d}-loppu"

    def stored(self) -> tuple:
        return (
            *(m.objects.count() for m in HISTORY_MODELS),
            tuple(AgendaItem.objects.order_by("pk").values_list("title", "published_at")),
            tuple(Meeting.objects.order_by("pk").values_list("starts_at", "state")),
        )

    def refused(self, action) -> bool:
        """Run a service call; when it is refused, nothing may have been stored."""
        before = self.stored()
        try:
            action()
        except ValidationError:
            assert self.stored() == before
            return True
        return False

    # --- terms and seats --------------------------------------------------------------------------------------

    @rule(term=st.sampled_from(TERMS))
    def add_term(self, term):
        self.changed = {"seats", "meetings"}
        start, end = term
        overlaps = any(t.start <= end and start <= t.end for t in Term.objects.filter(body=self.body))
        refused = self.refused(
            lambda: services.term_create(
                body=self.body, start=start, end=end, municipal_seats=True, user=self.secretary
            )
        )
        assert refused == overlaps

    @rule(data=st.data())
    def add_open_call_seat(self, data):
        self.changed = {"seats"}
        term = data.draw(st.sampled_from(list(Term.objects.filter(body=self.body).order_by("pk"))))
        label = f"Avoin haku {term.seats.count() + 1}"
        services.seat_create(term=term, label=label, user=self.secretary)

    # --- members ---------------------------------------------------------------------------------------------

    @rule(
        data=st.data(),
        member=st.sampled_from(PEOPLE),
        deputy=st.sampled_from(["", *PEOPLE]),
        style=st.integers(0, 3),
        via_admin=st.booleans(),
    )
    def appoint(self, data, member, deputy, style, via_admin):
        self.changed = {"seats"}
        seat = data.draw(st.sampled_from(self.seats()))
        term = seat.term
        start = max(term.start, TODAY) if term.contains(TODAY) else term.start
        people = {person_key(member)} | ({person_key(deputy)} if deputy else set())
        elsewhere = set()
        for other in Membership.objects.filter(seat__term=term).exclude(seat=seat):
            elsewhere |= {person_key(other.member_name)} | (
                {person_key(other.deputy_name)} if other.deputy_name else set()
            )
        conflict = bool(people & elsewhere) or (deputy and person_key(member) == person_key(deputy))
        seat_taken = Membership.objects.filter(seat=seat).exclude(end__lt=start).exists()
        member, deputy = variant(member, style), variant(deputy, style) if deputy else ""
        before = self.stored()
        if via_admin:
            data_ = {"seat": seat.pk, "member_name": member, "deputy_name": deputy, "role": "member"}
            data_ |= {"start": f"{start:%Y-%m-%d}", "end": ""}
            response = self.administrator.post(reverse("admin:bodies_membership_add"), data_)
            assert response.status_code in (200, 302)
            refused = response.status_code == 200
        else:
            refused = self.refused(
                lambda: services.membership_start(
                    seat=seat, member_name=member, deputy_name=deputy, start=start, user=self.secretary
                )
            )
        if refused:
            assert self.stored() == before
        if conflict:
            assert refused, (member, deputy, seat)
        elif not seat_taken:
            assert not refused, (member, deputy, seat)

    @precondition(lambda self: Membership.objects.filter(seat__term__body=self.body, end__isnull=True).exists())
    @rule(data=st.data())
    def member_leaves(self, data):
        self.changed = {"seats"}
        open_ = Membership.objects.filter(seat__term__body=self.body, end__isnull=True).select_related("seat__term")
        membership = data.draw(st.sampled_from(list(open_.order_by("pk"))))
        end = max(membership.start, min(TODAY, membership.seat.term.end))
        services.membership_update(
            membership=membership,
            member_name=membership.member_name,
            deputy_name=membership.deputy_name,
            member_email="",
            member_phone="",
            deputy_email="",
            deputy_phone="",
            role=membership.role,
            end=end,
            user=self.secretary,
        )

    # --- meetings --------------------------------------------------------------------------------------------

    @rule(day=st.sampled_from(DAYS), via_page=st.booleans())
    def plan_meeting(self, day, via_page):
        self.changed = {"meetings"}
        covered = any(t.contains(day) for t in Term.objects.filter(body=self.body))
        self.touched.add(0)  # a new meeting is in the calendar
        if via_page:
            before = self.stored()
            response = self.staff.post(
                reverse("bodies:staff-meeting-create", args=[self.body.slug]),
                {"starts_at": f"{day:%Y-%m-%d}T17:00", "place": "Pori", "remote_url": ""},
            )
            refused = response.status_code == 200
            if refused:
                assert "starts_at" in response.context["form"].errors
                assert self.stored() == before
        else:
            refused = self.refused(
                lambda: services.meeting_create(
                    body=self.body, starts_at=helsinki(day.year, day.month, day.day), place="Pori", user=self.secretary
                )
            )
        assert refused == (not covered)

    @precondition(lambda self: Meeting.objects.filter(body=self.body).exists())
    @rule(data=st.data(), day=st.sampled_from(DAYS))
    def move_meeting_in_the_admin(self, data, day):
        self.changed = {"meetings"}
        meeting = data.draw(st.sampled_from(self.meetings()))
        if meeting.state == Meeting.State.CANCELLED:
            return
        self.touched.add(meeting.pk)
        covered = any(t.contains(day) for t in Term.objects.filter(body=self.body))
        before = self.stored()
        response = self.administrator.post(
            reverse("admin:bodies_meeting_change", args=[meeting.pk]),
            meeting_admin_data(meeting, starts_at_0=f"{day:%Y-%m-%d}"),
        )
        assert response.status_code in (200, 302)
        assert (response.status_code == 302) == covered
        if not covered:
            assert "starts_at" in response.context["adminform"].form.errors
            assert self.stored() == before

    @precondition(lambda self: Meeting.objects.filter(body=self.body).exists())
    @rule(data=st.data(), via_page=st.booleans())
    def add_agenda_item(self, data, via_page):
        self.changed = set()
        meeting = data.draw(st.sampled_from(self.meetings()))
        self.touched.add(meeting.pk)
        title = self.title()
        if via_page:
            self.staff.post(
                reverse("bodies:staff-agenda", args=[self.body.slug, meeting.pk]),
                {"action": "add", "title": title},
                headers={"HX-Request": "true"},
            )
        else:
            self.refused(lambda: services.agenda_item_add(meeting=meeting, title=title, user=self.secretary))

    @precondition(lambda self: AgendaItem.objects.filter(meeting__body=self.body).exists())
    @rule(data=st.data())
    def change_agenda_item(self, data):
        self.changed = set()
        item = data.draw(st.sampled_from(self.items()))
        self.touched.add(item.meeting_id)
        self.refused(
            lambda: services.agenda_item_update(item=item, title=self.title(), description="", user=self.secretary)
        )

    @precondition(lambda self: Meeting.objects.filter(body=self.body).exists())
    @rule(data=st.data(), via_page=st.booleans())
    def publish_agenda(self, data, via_page):
        self.changed = set()
        meeting = data.draw(st.sampled_from(self.meetings()))
        self.touched.add(meeting.pk)
        if via_page:
            self.staff.post(reverse("bodies:staff-agenda", args=[self.body.slug, meeting.pk]), {"action": "publish"})
        else:
            self.refused(lambda: services.meeting_publish_agenda(meeting=meeting, user=self.secretary))

    @precondition(lambda self: Meeting.objects.filter(body=self.body, starts_at__lt=timezone.now()).exists())
    @rule(data=st.data())
    def hold_and_publish_minutes(self, data):
        self.changed = set()
        meeting = data.draw(st.sampled_from([m for m in self.meetings() if m.starts_at < timezone.now()]))
        self.touched.add(meeting.pk)
        self.refused(lambda: services.meeting_mark_held(meeting=meeting, user=self.secretary))
        self.refused(lambda: services.meeting_minutes_update(meeting=meeting, text="1 § Avaus", user=self.secretary))
        self.refused(lambda: services.meeting_minutes_publish(meeting=meeting, approved_on=TODAY, user=self.secretary))

    # --- invariants ------------------------------------------------------------------------------------------

    @invariant()
    def one_seat_per_person_per_term(self):
        if "seats" not in self.changed:
            return
        for term in Term.objects.filter(body=self.body):
            seats_of: dict[str, set[int]] = {}
            for membership in Membership.objects.filter(seat__term=term):
                assert person_key(membership.member_name) != person_key(membership.deputy_name)
                for name in (membership.member_name, membership.deputy_name):
                    if name:
                        seats_of.setdefault(person_key(name), set()).add(membership.seat_id)
            assert all(len(seats) == 1 for seats in seats_of.values()), seats_of

    @invariant()
    def every_meeting_within_a_term(self):
        if "meetings" not in self.changed:
            return
        terms = list(Term.objects.filter(body=self.body))
        for meeting in Meeting.objects.filter(body=self.body):
            day = local_date(meeting.starts_at)
            assert any(t.start <= day <= t.end for t in terms), meeting

    @invariant()
    def no_draft_on_a_public_output(self):
        """The calendar of all bodies and the public page of each meeting, rendered after every step that could
        change them (`touched`: the meeting's agenda, minutes or time); no other step changes what they show."""
        if not self.touched:
            return
        items = list(AgendaItem.objects.filter(meeting__body=self.body).select_related("meeting"))
        drafts = [i.title for i in items if i.published_at is None]
        calendar = Calendar.from_ical(self.public.get(reverse("bodies:calendar")).content)
        outputs = [" ".join(str(e.get("DESCRIPTION", "")) for e in calendar.walk("VEVENT"))]
        # The calendar covers a year back: every published item of those meetings is in it.
        since = timezone.localdate() - datetime.timedelta(days=365)
        for item in items:
            if item.published_at and local_date(item.meeting.starts_at) >= since:
                assert item.title in outputs[0]
        for pk in sorted(self.touched - {0}):
            html = self.public.get(reverse("bodies:meeting", args=[self.body.slug, pk])).content.decode()
            outputs.append(html)
            assert all(i.title in html for i in items if i.meeting_id == pk and i.published_at is not None)
        self.touched.clear()
        text = "\n".join(outputs)
        assert not [title for title in drafts if title in text]

    @invariant()
    def every_change_has_a_user_and_a_reason(self):
        unexplained = Q(history_user__isnull=True) | Q(history_change_reason__isnull=True) | Q(history_change_reason="")
        for model in HISTORY_MODELS:
            assert not model.history.model.objects.filter(unexplained).exists(), model

    @invariant()
    def representation_agrees_with_brute_force(self):
        if "seats" not in self.changed:
            return
        overview = selectors.bodies_overview(today=TODAY)
        gaps = {gap.body.pk: sorted(m.name for m in gap.missing) for gap in selectors.representation_gaps(overview)}
        expected = brute_missing(self.body, TODAY)
        assert gaps.get(self.body.pk, []) == expected
        item = next(i for i in overview if i.body == self.body)
        assert sorted(m.name for m in item.coverage.missing) == expected


@pytest.mark.django_db
def test_the_rules_hold_for_any_sequence_of_actions(frozen):
    run_state_machine_as_test(BodyMachine, settings=STATE_MACHINE)
