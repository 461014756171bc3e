"""Reads of the bodies app that span relations, each in a fixed number of queries whatever the number of seats,
meetings or statements, reading only what the pages show."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from bodies.models import (
    SEAT_ORDER_IN_TERM,
    AdvisoryBody,
    AgendaItem,
    Attendance,
    Meeting,
    Membership,
    Quorum,
    Representation,
    Seat,
    Statement,
    Term,
    TermStanding,
    covers,
    holder_among,
    local_date,
    quorum,
    seat_name,
)
from osallisuus.models import Municipality, in_name_order

ONE_DAY = datetime.timedelta(days=1)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- Seats and the 32 § coverage rule ------------------------------------------------------------------------
#
# A page lists every seat of a term with its members: the seats and memberships are read as their columns in one
# query (a model per row cost more than the rest of the row), and the rules they follow are the models' own
# (`seat_name`, `covers`, `Membership.Role.office`). The row classes are slotted, not frozen: a frozen dataclass is
# several times slower to build, and a page builds a few per seat.


@dataclass(slots=True)
class ListedSeat:
    """A seat as the pages list it: its place (a municipality, or an open-call seat's label)."""

    pk: int
    term_id: int
    municipality: Municipality | None
    label: str

    @property
    def municipality_id(self) -> int | None:
        return self.municipality.pk if self.municipality else None

    @property
    def is_open_call(self) -> bool:
        return self.municipality is None

    def __str__(self) -> str:
        return seat_name(self.municipality, self.label)


@dataclass(slots=True)
class ListedMembership:
    """A membership as the pages list it. The contact details are read for the secretary's page only
    (`seat_rows(contacts=True)`); the public pages never read them."""

    pk: int
    member_name: str
    deputy_name: str
    role: Membership.Role
    role_label: str
    start: datetime.date
    end: datetime.date | None
    member_email: str = ""
    member_phone: str = ""
    deputy_email: str = ""
    deputy_phone: str = ""

    @property
    def office(self) -> str:
        return self.role.office

    def covers(self, day: datetime.date) -> bool:
        return covers(self.start, self.end, day)


@dataclass(slots=True)
class SeatRow:
    """A seat as shown on a page: who holds it on the day, and who held it earlier in the term."""

    seat: ListedSeat
    holder: ListedMembership | None
    earlier: list[ListedMembership]

    @property
    def vacant(self) -> bool:
        return self.holder is None

    @property
    def vacancy(self) -> Seat.Vacancy | None:
        """VACANT when nobody holds the seat on the day; None when somebody does."""
        return Seat.Vacancy.VACANT if self.holder is None else None


def _seat_row(seat: ListedSeat, memberships: list[ListedMembership], day: datetime.date) -> SeatRow:
    """`seat` with its holder on `day` among its `memberships` (oldest first), and who held it before."""
    earlier = [m for m in memberships if m.end is not None and m.end < day]
    return SeatRow(seat=seat, holder=holder_among(memberships, day), earlier=earlier)


MEMBERSHIP_COLUMNS = ("pk", "member_name", "deputy_name", "role", "start", "end")
CONTACT_COLUMNS = ("member_email", "member_phone", "deputy_email", "deputy_phone")


def seat_rows(
    seats: QuerySet[Seat],
    day: datetime.date,
    *,
    municipalities: Iterable[Municipality] | None = None,
    contacts: bool = False,
) -> list[SeatRow]:
    """The seats of `seats` in their order within a term, each with its holder on `day` (None: the seat is vacant)
    and who held it earlier, in one query: the seats joined to their memberships, oldest first (a seat nobody has
    held comes as one row without a membership). Each seat takes its municipality from `municipalities` when the page
    read them all anyway (for the 32 § coverage); without them its municipality's names come in the same query,
    through the join the seats' order makes anyway. The contact details are read only with `contacts`."""
    by_pk = {municipality.pk: municipality for municipality in municipalities or ()}
    # Each role's name translated once for the page, not once per member.
    role_labels = {role: str(role.label) for role in Membership.Role}
    names = ("municipality__name", "municipality__name_sv") if municipalities is None else ()
    columns = (*MEMBERSHIP_COLUMNS, *(CONTACT_COLUMNS if contacts else ()))
    joined = seats.order_by(*SEAT_ORDER_IN_TERM, "memberships__start", "memberships__pk").values_list(
        "pk", "term_id", "municipality_id", "label", *names, *(f"memberships__{column}" for column in columns)
    )
    held: list[tuple[ListedSeat, list[ListedMembership]]] = []
    for pk, term_id, municipality_id, label, *rest in joined:
        municipality_names = rest[: len(names)]
        membership_pk, name, deputy, role, *dates_and_contacts = rest[len(names) :]
        if not held or held[-1][0].pk != pk:
            municipality = None
            if municipality_id is not None:
                municipality = by_pk.get(municipality_id)
                if municipality is None:
                    municipality = _municipality(seats.db, municipality_id, municipality_names)
            held.append((ListedSeat(pk, term_id, municipality, label), []))
        if membership_pk is not None:
            role = Membership.Role(role)
            membership = ListedMembership(membership_pk, name, deputy, role, role_labels[role], *dates_and_contacts)
            held[-1][1].append(membership)
    return [_seat_row(seat, memberships, day) for seat, memberships in held]


def _municipality(db: str, pk: int, names: list[str]) -> Municipality:
    """A seat's municipality from the names read with the seat (as `.only("name", "name_sv")` reads it), or, when
    they were not read, on its own (a municipality added after the page read `municipalities`)."""
    if names:
        return Municipality.from_db(db, ["id", "name", "name_sv"], [pk, *names])
    return Municipality.objects.get(pk=pk)


@dataclass(frozen=True)
class Coverage:
    """611/2021 32 §: each municipality of the county has at least one representative in each statutory body."""

    missing: list[Municipality]
    vacant: list[ListedSeat]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def representation(self) -> Representation:
        return Representation.COMPLETE if self.complete else Representation.INCOMPLETE


def coverage(*, rows: Iterable[SeatRow], municipalities: Iterable[Municipality]) -> Coverage:
    """Municipalities with no filled seat on the rows' day (in the alphabetical order of the active language), and
    the seats that are vacant on it. A seat whose member left without a successor is vacant, and its municipality is
    not represented unless it holds another seat."""
    rows = list(rows)
    represented = {row.seat.municipality_id for row in rows if row.holder is not None}
    return Coverage(
        missing=in_name_order([m for m in municipalities if m.pk not in represented], get_language()),
        vacant=[row.seat for row in rows if row.holder is None],
    )


# --- The index -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyOverview:
    body: AdvisoryBody
    term: Term | None
    rows: list[SeatRow]
    coverage: Coverage | None

    @property
    def term_standing(self) -> TermStanding | None:
        """NO_CURRENT_TERM when no term of the body covers today; None when one does."""
        return TermStanding.NO_CURRENT_TERM if self.term is None else None


def bodies_overview(*, today: datetime.date, bodies: QuerySet[AdvisoryBody] | None = None) -> list[BodyOverview]:
    """Every body (or those of `bodies`) with its current term, today's seat holders and, for statutory bodies,
    the 32 § coverage of the seats of the current term (a statutory body with no current term represents no
    municipality). Four queries."""
    bodies = list(bodies if bodies is not None else AdvisoryBody.objects.all())
    # Terms of a body never overlap, so each body has at most one term covering today. (No ordering: the default
    # one would join the bodies.)
    current = Term.objects.covering(today).filter(body__in=[b.pk for b in bodies]).order_by()
    terms = {term.body_id: term for term in current}
    municipalities = list(Municipality.objects.all())
    rows_by_term: dict[int, list[SeatRow]] = defaultdict(list)
    for row in seat_rows(Seat.objects.filter(term__in=list(terms.values())), today, municipalities=municipalities):
        rows_by_term[row.seat.term_id].append(row)
    overview = []
    for body in bodies:
        term = terms.get(body.pk)
        rows = rows_by_term[term.pk] if term else []
        cover = coverage(rows=rows, municipalities=municipalities) if body.is_statutory else None
        overview.append(BodyOverview(body=body, term=term, rows=rows, coverage=cover))
    return overview


@dataclass(frozen=True)
class RepresentationGap:
    """A statutory body and the municipalities with no representative in it today."""

    body: AdvisoryBody
    missing: list[Municipality]


def representation_gaps(overview: Iterable[BodyOverview]) -> list[RepresentationGap]:
    """611/2021 32 §: each municipality's corresponding body has at least one representative in each statutory body.
    The statutory bodies of `overview` (from `bodies_overview`, computed from the seats of each current term) that
    fall short of it, with the municipalities they lack; empty when every municipality is represented in every one.
    The index says this, never a fixed sentence. No queries of its own."""
    return [
        RepresentationGap(body=item.body, missing=item.coverage.missing)
        for item in overview
        if item.coverage is not None and not item.coverage.complete
    ]


def county_representation(overview: Iterable[BodyOverview]) -> Representation | None:
    """611/2021 32 § across the bodies of `overview` (from `bodies_overview`): INCOMPLETE when a statutory body lacks
    a representative of some municipality (`representation_gaps`), else EVERY_BODY; None without bodies. No queries
    of its own."""
    overview = list(overview)
    if not overview:
        return None
    return Representation.EVERY_BODY if not representation_gaps(overview) else Representation.INCOMPLETE


# --- A body's page ---------------------------------------------------------------------------------------------


# What the pages' meeting lists show of a meeting (bodies/includes/meeting_list.html).
MEETING_LISTED = ("starts_at", "place", "remote_url", "state", "minutes_published_on")
# What the pages' statement lists show of a statement (bodies/includes/statement_list.html): not its text.
STATEMENT_LISTED = (
    "subject",
    "given_on",
    "requested_by",
    "requested_by_other",
    "requested_by__name",
    "requested_by__name_sv",
)


@dataclass
class BodyPage:
    body: AdvisoryBody
    terms: list[Term]
    term: Term | None
    is_current: bool
    rows: list[SeatRow] = field(default_factory=list)
    coverage: Coverage | None = None
    upcoming: list[Meeting] = field(default_factory=list)
    past: list[Meeting] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)


def body_page(
    *, body: AdvisoryBody, term_id: int | None = None, now: datetime.datetime, contacts: bool = False
) -> BodyPage:
    """A body's page for one term (the current one by default, else the latest): seats and members (with their
    contact details for the secretary's page, `contacts`), coverage of the current term, the term's meetings split
    into upcoming and past, and its statements. Five queries, besides the body itself and its secretaries."""
    today = timezone.localdate(now)
    terms = list(body.terms.order_by("-start"))
    current = next((t for t in terms if t.contains(today)), None)
    if term_id is not None:
        term = next((t for t in terms if t.pk == term_id), None)
        if term is None:
            raise Http404("No such term of this body.")
    else:
        term = current or next((t for t in terms if t.start <= today), None) or (terms[-1] if terms else None)
    page = BodyPage(body=body, terms=terms, term=term, is_current=term is not None and term == current)
    meetings = Meeting.objects.filter(body=body).only(*MEETING_LISTED)
    statements = Statement.objects.filter(body=body).select_related("requested_by").only(*STATEMENT_LISTED)
    if term is None:
        page.upcoming = list(meetings.upcoming(now))
        page.statements = list(statements)
        return page
    day = today if page.is_current else min(term.end, max(term.start, today))
    seats = Seat.objects.filter(term=term)
    if page.is_current and body.is_statutory:
        municipalities = list(Municipality.objects.all())
        page.rows = seat_rows(seats, day, municipalities=municipalities, contacts=contacts)
        page.coverage = coverage(rows=page.rows, municipalities=municipalities)
    else:
        page.rows = seat_rows(seats, day, contacts=contacts)
    in_term = meetings.filter(starts_at__gte=_day_start(term.start))
    if not page.is_current:
        # A past or future term's meetings end with it; those planned beyond the current term's end are still
        # upcoming meetings of the body.
        in_term = in_term.filter(starts_at__lt=_day_start(term.end) + ONE_DAY)
    in_term = list(in_term.order_by("starts_at"))
    page.upcoming = [m for m in in_term if m.starts_at >= now]
    page.past = [m for m in reversed(in_term) if m.starts_at < now]
    page.statements = list(statements.given_between(term.start, term.end))
    return page


# --- A meeting's page ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class AttendanceRow:
    """A seat filled on a meeting's day, its holder, and who attended in its place (None: not recorded)."""

    seat: ListedSeat
    holder: ListedMembership
    attendee: Attendance.Attendee | None

    @property
    def present(self) -> bool:
        return self.attendee is not None and self.attendee.is_present

    @property
    def by_deputy(self) -> bool:
        return self.attendee == Attendance.Attendee.DEPUTY

    @property
    def office(self) -> str:
        """The office (chair, vice-chair) the minutes name with the attendee, lower-cased; none for a deputy, who
        attends in the member's place, not in their office."""
        return "" if self.by_deputy else self.holder.office.lower()

    @property
    def attended_by(self) -> str:
        """The name of who attended in the seat's place, empty when nobody did."""
        if not self.present:
            return ""
        return self.holder.deputy_name if self.by_deputy else self.holder.member_name


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    agenda: list[AgendaItem]
    rows: list[AttendanceRow]
    quorum: Quorum | None
    recorded: bool

    @property
    def present(self) -> list[AttendanceRow]:
        """The rows of the seats present, in the seats' order: the attendees the minutes name."""
        return [row for row in self.rows if row.present]

    @property
    def drafts(self) -> list[AgendaItem]:
        """The agenda's draft items (only on the secretary's page, `with_drafts`)."""
        return [item for item in self.agenda if not item.is_public]


def meeting_page(*, meeting: Meeting, with_drafts: bool = False, attendance: bool = True) -> MeetingPage:
    """`meeting` (read with its body) with its agenda, the seats filled on its day with who attended, and its
    quorum. Three queries; one, the agenda, without `attendance` (a public page before the minutes are published,
    which shows neither the attendance nor the quorum).

    The agenda holds the public items only (AgendaItemQuerySet.public), unless `with_drafts` (the secretary's page,
    where drafts are marked)."""
    items = AgendaItem.objects.all() if with_drafts else AgendaItem.objects.public()
    agenda = list(items.filter(meeting=meeting).order_by("position"))
    if not attendance:
        return MeetingPage(meeting=meeting, agenda=agenda, rows=[], quorum=None, recorded=False)
    day = meeting.date
    seats = Seat.objects.filter(term__body=meeting.body_id, term__start__lte=day, term__end__gte=day)
    # Unordered: the default ordering (meeting, seat) would join the meeting, seat, term and body for nothing.
    recorded = Attendance.objects.filter(meeting=meeting).order_by().values_list("seat_id", "attendee")
    attendees = {seat_id: Attendance.Attendee(attendee) for seat_id, attendee in recorded}
    rows = [
        AttendanceRow(seat=row.seat, holder=row.holder, attendee=attendees.get(row.seat.pk))
        for row in seat_rows(seats, day)
        if row.holder is not None
    ]
    result = quorum(filled_seats=len(rows), present=sum(r.present for r in rows), minimum=meeting.body.quorum_minimum)
    return MeetingPage(
        meeting=meeting,
        agenda=agenda,
        rows=rows,
        quorum=result if rows and attendees else None,
        recorded=bool(attendees),
    )


# --- Calendars -------------------------------------------------------------------------------------------------


def _calendar_queryset() -> QuerySet[Meeting]:
    """Meetings as calendars show them: with the body and the public agenda (`public_agenda`) that bodies.ical
    writes into each event."""
    public = AgendaItem.objects.public().order_by("position")
    return Meeting.objects.select_related("body").prefetch_related(
        Prefetch("agenda_items", queryset=public, to_attr="public_agenda")
    )


def calendar_meetings(*, body: AdvisoryBody | None, since: datetime.date) -> list[Meeting]:
    """Meetings for a calendar feed: of one body or all, from `since` on, oldest first. Two queries."""
    meetings = _calendar_queryset().filter(starts_at__gte=_day_start(since))
    if body is not None:
        meetings = meetings.filter(body=body)
    return list(meetings.order_by("starts_at", "pk"))


def calendar_meeting(*, slug: str, pk: int) -> Meeting:
    """One meeting for its "add to calendar" file, like `calendar_meetings`; 404 when the body has no such one."""
    return get_object_or_404(_calendar_queryset(), body__slug=slug, pk=pk)


# --- Figures for the programme ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyFigures:
    """A body's figures for a period, for the programme's metrics ("vaikuttamistoimielinten toteutuneet kokoukset")."""

    body: AdvisoryBody
    meetings_held: int
    statements_given: int
    attendance_rate: float | None


def body_figures(*, start: datetime.date, end: datetime.date) -> list[BodyFigures]:
    """For every body: meetings held whose start date (Helsinki) is within [start, end]; statements dated within
    [start, end]; and the attendance rate over those meetings — seats present (a personal deputy counting for their
    member) divided by the seats filled on each meeting's day, None when no meeting was held. Five queries."""
    bodies = list(AdvisoryBody.objects.all())
    meetings = list(
        Meeting.objects.held()
        .filter(starts_at__gte=_day_start(start), starts_at__lt=_day_start(end) + ONE_DAY)
        .annotate(
            present=Count(
                "attendances",
                filter=Q(attendances__attendee__in=[Attendance.Attendee.MEMBER, Attendance.Attendee.DEPUTY]),
            )
        )
    )
    statements = dict(
        Statement.objects.given_between(start, end)
        .order_by()
        .values("body")
        .annotate(n=Count("pk"))
        .values_list("body", "n")
    )
    seats_by_body: dict[int, list[Seat]] = defaultdict(list)
    if meetings:
        first, last = min(local_date(m.starts_at) for m in meetings), max(local_date(m.starts_at) for m in meetings)
        seats = (
            Seat.objects.filter(term__start__lte=last, term__end__gte=first)
            .select_related("term")
            .prefetch_related("memberships")
        )
        for seat in seats:
            seats_by_body[seat.term.body_id].append(seat)
    held: dict[int, int] = defaultdict(int)
    present: dict[int, int] = defaultdict(int)
    filled: dict[int, int] = defaultdict(int)
    for meeting in meetings:
        day = local_date(meeting.starts_at)
        held[meeting.body_id] += 1
        present[meeting.body_id] += meeting.present
        filled[meeting.body_id] += sum(
            1 for seat in seats_by_body[meeting.body_id] if seat.term.contains(day) and seat.holder_on(day)
        )
    return [
        BodyFigures(
            body=body,
            meetings_held=held[body.pk],
            statements_given=statements.get(body.pk, 0),
            attendance_rate=(present[body.pk] / filled[body.pk]) if filled[body.pk] else None,
        )
        for body in bodies
    ]
