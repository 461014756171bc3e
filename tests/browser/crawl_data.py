"""The crawl's data set: the demo data of `seed_demo` (every app, realistic states) plus the few rows it lacks.

Live-server tests flush the database after each test, so each crawl test builds this again (about two seconds)."""

import datetime
import io
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from bodies import services as bodies_services
from bodies.models import AdvisoryBody, Meeting, Membership, Seat, Statement, Term
from initiatives.models import Initiative
from initiatives.models.annual import AnnualReportFile
from osallisuus.models import User
from osallisuus.roles import Role
from tests.initiatives.factories import make_published

PASSWORD = "test-password-123"  # the password tests.conftest.make_user gives
EXTRA_PUBLISHED = 25  # enough published initiatives for a second page of the public list (20 a page)


@dataclass(frozen=True)
class CrawlData:
    """The rows whose keys fill the crawled URL patterns."""

    initiative: Initiative  # published, decided: the fullest public page
    received: Initiative  # just arrived: the staff page with the most action forms
    body: AdvisoryBody
    old_term: Term
    term: Term
    seat: Seat
    vacant_seat: Seat
    membership: Membership
    planned: Meeting
    held: Meeting
    statement: Statement
    annual_file: AnnualReportFile
    year: int
    feedback_id: int | None

    def kwargs(self, name: str) -> dict:
        """The URL kwargs of the pattern `name` (namespace:name), from this data set."""
        slug = self.body.slug
        table = {
            "initiatives:detail": {"reference": self.initiative.reference},
            "initiatives:track": {"token": self.initiative.tracking_token},
            "initiatives:staff-detail": {"reference": self.received.reference},
            "initiatives:annual-list": {"year": self.year},
            "initiatives:annual-list-declare": {"year": self.year},
            "initiatives:annual-file": {"pk": self.annual_file.pk},
            "bodies:body": {"slug": slug},
            "bodies:term": {"slug": slug, "term_id": self.old_term.pk},
            "bodies:meeting": {"slug": slug, "pk": self.held.pk},
            "bodies:statement": {"slug": slug, "pk": self.statement.pk},
            "bodies:staff-body": {"slug": slug},
            "bodies:staff-term-create": {"slug": slug},
            "bodies:staff-seat-create": {"slug": slug, "term_id": self.term.pk},
            "bodies:staff-membership-create": {"slug": slug, "seat_id": self.vacant_seat.pk},
            "bodies:staff-membership": {"slug": slug, "pk": self.membership.pk},
            "bodies:staff-meeting-create": {"slug": slug},
            "bodies:staff-meeting": {"slug": slug, "pk": self.planned.pk},
            "bodies:staff-agenda": {"slug": slug, "pk": self.planned.pk},
            "bodies:staff-statement-create": {"slug": slug},
            "bodies:staff-statement": {"slug": slug, "pk": self.statement.pk},
            "accessibility-feedback-detail": {"pk": self.feedback_id},
        }
        return table.get(name, {})


def ensure_groups() -> None:
    # A transactional test's flush removes the role groups that a migration made.
    for role in Role:
        Group.objects.get_or_create(name=role)


def planned_meeting(body: AdvisoryBody) -> Meeting:
    """A meeting two weeks ahead with two agenda items. Made here rather than taken from seed_demo, whose meeting
    days are fixed dates: after the last of them (16.2.2027) the demo has no planned meeting left."""
    day = timezone.localdate() + datetime.timedelta(days=14)
    meeting = bodies_services.meeting_create(
        body=body,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(17))),
        place="Porin pääkirjasto",
        user=None,
    )
    for title in ["Kokouksen avaus", "Nuorten kesätyöt"]:
        bodies_services.agenda_item_add(meeting=meeting, title=title, user=None)
    return meeting


def build() -> CrawlData:
    """seed_demo's data, the demo staff with a known password, a second page of published initiatives, a vacant
    seat and a finished yearly-list file."""
    ensure_groups()
    call_command("seed_demo", stdout=io.StringIO())
    for user in User.objects.filter(username__in=["admin", "kirjaamo", "valmistelija", "hyte", "sihteeri"]):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    hyte = User.objects.get(username="hyte")
    for number in range(EXTRA_PUBLISHED):
        make_published(hyte, title=f"Kävelyreitti numero {number} valaistaan", arrived_on=timezone.localdate())

    published = Initiative.objects.published()
    initiative = (
        published.filter(status__in=[Initiative.Status.DECIDED, Initiative.Status.ANSWERED]).order_by("pk").first()
        or published.order_by("pk").first()
    )
    received = Initiative.objects.filter(status=Initiative.Status.RECEIVED).order_by("pk").first()
    body = AdvisoryBody.objects.filter(terms__isnull=False).order_by("pk").distinct().first()
    terms = list(body.terms.order_by("start"))
    term = terms[-1]
    seat = term.seats.filter(memberships__isnull=False).order_by("order").first()
    vacant = bodies_services.seat_create(term=term, label="Avoin haku 99", order=99, user=None)
    planned = planned_meeting(body)
    held = (
        body.meetings.filter(state=Meeting.State.HELD, minutes_published_on__isnull=False).order_by("pk").first()
        or body.meetings.filter(state=Meeting.State.HELD).order_by("pk").first()
    )
    year = timezone.localdate().year - 1
    annual_file = AnnualReportFile.objects.create(
        year=year, fingerprint="crawl", state=AnnualReportFile.State.DONE, finished_at=timezone.now()
    )
    from osallisuus.feedback.services import accessibility_feedback_receive

    feedback = accessibility_feedback_receive(
        message="Kaavion värit erottuvat huonosti toisistaan.", page_url="/ohjelma/", sender_name="Testi Palautteinen"
    )
    return CrawlData(
        initiative=initiative,
        received=received,
        body=body,
        old_term=terms[0],
        term=term,
        seat=seat,
        vacant_seat=vacant,
        membership=seat.memberships.order_by("pk").first(),
        planned=planned,
        held=held,
        statement=body.statements.order_by("pk").first(),
        annual_file=annual_file,
        year=year,
        feedback_id=feedback.pk,
    )
