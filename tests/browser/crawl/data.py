"""The crawl's data set: the demo data of `seed_demo` (every app, realistic states) plus the few rows it lacks.

Building it takes several seconds (seed_demo goes through the services), so the crawl builds it once per test module
and shares it between the tests that only read it (support.Site)."""

import dataclasses
import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from bodies import retention as bodies_retention
from bodies import services as bodies_services
from bodies.models import AdvisoryBody, Meeting, Membership, Seat, Statement, Term
from initiatives import services as initiatives_services
from initiatives.models import Initiative
from initiatives.models.annual import AnnualReportFile
from osallisuus.models import Organ, OutboxMessage, User
from osallisuus.roles import Role
from tests.initiatives.factories import make_decided, make_published

PASSWORD = "test-password-123"  # the password tests.conftest.make_user gives
EXTRA_PUBLISHED = 25  # enough published initiatives for a second page of the public list (20 a page)
# Minutes naming someone the portal cannot decide is a name ("Kerttu Kokko" is nobody on the list): the secretary's
# check is needed, and after the appeal period the text is withheld until it is done.
MINUTES_UNDECIDED = "1 § Puheenjohtaja avasi kokouksen.\n\n2 § Paikalla oli myös Kerttu Kokko."
MINUTES_CHECKED = "1 § Puheenjohtaja avasi kokouksen.\n\n2 § Paikalla oli myös [nimi poistettu]."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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
    # Rows of further states of the pages (support.STATES, FORMS_ANSWERED).
    late: Initiative  # registered two months after it arrived: its notice is late
    undelivered: Initiative  # its receipt was refused by the mail server; it has an attachment
    unfinished: Initiative  # on the yearly list of `year`, decided but no final notice sent
    minutes_draft: Meeting  # held, minutes with an undecided word, not published
    minutes_appeal: Meeting  # published today: in the appeal period, the undecided word not yet checked
    minutes_withheld: Meeting  # the day after the appeal period, apply_retention ran: the text is withheld
    minutes_removed: Meeting  # as minutes_withheld, then checked by the secretary: names removed

    def kwargs(self, name: str, row: str = "") -> dict:
        """The URL kwargs of the pattern `name` (namespace:name), from this data set. `row` names another field
        whose row the page shows instead of its usual one (SHOWN): another state of the same page."""
        if row:
            return dataclasses.replace(self, **{SHOWN[name]: getattr(self, row)}).kwargs(name)
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
            "bodies:staff-minutes-names": {"slug": slug, "pk": self.held.pk},
            "accessibility-feedback-detail": {"pk": self.feedback_id},
        }
        return table.get(name, {})


# The field of CrawlData whose row a pattern shows (CrawlData.kwargs).
SHOWN = {
    "initiatives:track": "initiative",
    "initiatives:staff-detail": "received",
    "bodies:meeting": "held",
    "bodies:staff-minutes-names": "held",
}


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


def late_initiative(registry: User) -> Initiative:
    """Registered today from a letter that arrived two months ago: its notice deadline has passed."""
    return initiatives_services.initiative_create(
        initiator_kind=Initiative.InitiatorKind.RESIDENT,
        name="Maija Myöhäinen",
        title="Penkki terveysaseman pihaan",
        text="Pihassa ei ole paikkaa levätä. Ehdotan penkkiä.",
        arrived_on=timezone.localdate() - datetime.timedelta(days=60),
        channel=Initiative.Channel.PAPER,
        email="maija.myohainen@example.invalid",
        user=registry,
    )


def undelivered_initiative(registry: User) -> Initiative:
    """Came by email with a scanned letter attached; the initiator's mail server refused the receipt (the outbox
    keeps the error text for the registry)."""
    initiative = initiatives_services.initiative_create(
        initiator_kind=Initiative.InitiatorKind.RESIDENT,
        name="Ville Virheellinen",
        title="Esteetön reitti pääovelle",
        text="Pääovelle ei pääse pyörätuolilla.",
        arrived_on=timezone.localdate(),
        channel=Initiative.Channel.EMAIL,
        email="ville.virheellinen@example.invalid",
        attachments=[initiatives_services.AttachmentData("skannattu-kirje.pdf", "application/pdf", PDF)],
        user=registry,
    )
    # What osallisuus.outbox stores when the server refuses the address (the tests' SMTP server refuses it for real).
    OutboxMessage.objects.about(initiative).filter().update(
        sent_at=None, attempts=3, last_attempt_at=timezone.now(), last_error="550 5.1.1 Recipient address rejected"
    )
    return initiative


def unfinished_on_the_list(year: int, handler: User) -> Initiative:
    """Two initiatives of `year` decided by the council, one with its final notice sent and one without: the
    declaration page's two groups. Returns the one without."""
    council = Organ.objects.filter(kind=Organ.Kind.COUNCIL).order_by("pk").first()
    arrived = datetime.date(year, 3, 2)
    answered = make_decided(handler, organ=council, title="Esteetön sisäänkäynti", arrived_on=arrived)
    initiatives_services.initiative_send_final_notice(initiative=answered, user=handler)
    return make_decided(handler, organ=council, title="Lisää penkkejä puistoon", arrived_on=arrived)


def held_meeting(body: AdvisoryBody, day: datetime.date, secretary: User) -> Meeting:
    """A meeting held on `day` at 13 (seed_demo's meetings start at 17) with the minutes MINUTES_UNDECIDED."""
    meeting = bodies_services.meeting_create(
        body=body,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(13))),
        place="Porin pääkirjasto",
        user=secretary,
    )
    bodies_services.meeting_mark_held(meeting=meeting, user=secretary)
    return bodies_services.meeting_minutes_update(meeting=meeting, text=MINUTES_UNDECIDED, user=secretary)


def minutes_in_every_state(body: AdvisoryBody, secretary: User) -> dict[str, Meeting]:
    """The minutes review page's states (bodies.retention, rule 1): not published; published today (in the appeal
    period); published so long ago that today is the day after the appeal period, once apply_retention has run
    (the text withheld), and the same once the secretary has checked the text (names removed)."""
    today = timezone.localdate()
    days = datetime.timedelta
    after_appeal = today - days(settings.RETENTION_MINUTES_PERSONAL_DATA_DAYS + 1)  # published then: ended yesterday
    meetings = {
        "minutes_draft": held_meeting(body, today - days(2), secretary),
        "minutes_appeal": held_meeting(body, today - days(9), secretary),
        "minutes_withheld": held_meeting(body, after_appeal - days(9), secretary),
        "minutes_removed": held_meeting(body, after_appeal - days(8), secretary),
    }
    publish = {"minutes_appeal": today, "minutes_withheld": after_appeal, "minutes_removed": after_appeal}
    for name, day in publish.items():
        meetings[name] = bodies_services.meeting_minutes_publish(
            meeting=meetings[name], approved_on=day, today=day, user=secretary
        )
    # apply_retention's rule for minutes (its other rules would change the rows the rest of the crawl shows).
    bodies_retention.minutes_apply_retention(today=today)
    meetings["minutes_removed"] = bodies_services.meeting_minutes_names_confirm(
        meeting=meetings["minutes_removed"], text=MINUTES_CHECKED, user=secretary
    )
    for meeting in meetings.values():
        meeting.refresh_from_db()
    assert meetings["minutes_withheld"].minutes_text_withheld
    assert meetings["minutes_removed"].minutes_names_removed_at
    return meetings


def build() -> CrawlData:
    """seed_demo's data, the demo staff with a known password, a second page of published initiatives, a vacant
    seat and a finished yearly-list file."""
    ensure_groups()
    call_command("seed_demo", stdout=io.StringIO())
    for user in User.objects.filter(username__in=["admin", "kirjaamo", "valmistelija", "hyte", "sihteeri"]):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    hyte = User.objects.get(username="hyte")
    registry, handler, secretary = (User.objects.get(username=n) for n in ["kirjaamo", "valmistelija", "sihteeri"])
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
    late = late_initiative(registry)
    undelivered = undelivered_initiative(registry)
    unfinished = unfinished_on_the_list(year, handler)
    minutes = minutes_in_every_state(body, secretary)
    annual_file = AnnualReportFile.objects.create(
        year=year, fingerprint="crawl", state=AnnualReportFile.State.DONE, finished_at=timezone.now()
    )
    from accessibility.services import accessibility_feedback_receive

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
        late=late,
        undelivered=undelivered,
        unfinished=unfinished,
        **minutes,
    )
