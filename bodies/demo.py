"""Demo data of Satakunta's three advisory bodies, loaded by `manage.py seed_demo`.

Every row is matched by a natural key (body slug; term start; seat municipality or label; member name; meeting start;
agenda position; statement subject), so running it again adds nothing that is already there. All names of members
are made up: every surname is a Finnish word for "example" or "made up".
"""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from bodies import services
from bodies.models import AdvisoryBody, Attendance, Meeting, Membership, Seat, Statement, Term
from osallisuus.models import Municipality, Organ, User

D = datetime.date

FIRST_NAMES = [
    "Aada", "Eino", "Helmi", "Onni", "Iida", "Leevi", "Linnea", "Väinö", "Sofia", "Elias", "Aino", "Oliver",
    "Venla", "Toivo", "Lilja", "Eetu", "Kerttu", "Niilo", "Hilla", "Veeti", "Martta",
]  # fmt: skip
SURNAMES = ["Esimerkki", "Keksitty", "Kuvitelma", "Malli", "Sepitetty", "Mallinen", "Testinen"]

BODIES = [
    {
        "slug": "satanuva",
        "kind": AdvisoryBody.Kind.YOUTH_COUNCIL,
        "name": "Satakunnan hyvinvointialueen nuorisovaltuusto",
        "short_name": "SataNuva",
        "purpose": (
            "SataNuva on hyvinvointialueen nuorisovaltuusto. Se tuo nuorten äänen hyvinvointialueen päätöksiin ja "
            "palveluihin. Jokaisen Satakunnan kunnan nuorisovaltuusto valitsee siihen jäsenen ja varajäsenen. "
            "Lisäksi viisi nuorta valitaan avoimella haulla."
        ),
        # Two-year terms; the next one is already chosen, so the meetings planned for 2027 fall within a term.
        "terms": [(D(2023, 1, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2026, 12, 31)), (D(2027, 1, 1), D(2028, 12, 31))],
        "open_call_seats": 5,
    },
    {
        "slug": "vanhusneuvosto",
        "kind": AdvisoryBody.Kind.OLDER_PEOPLE,
        "name": "Satakunnan hyvinvointialueen vanhusneuvosto",
        "short_name": "",
        "purpose": (
            "Vanhusneuvosto tuo ikääntyneiden näkökulman hyvinvointialueen suunnitteluun ja päätöksiin. Se osallistuu "
            "ikääntyneen väestön hyvinvointisuunnitelman tekoon ja arvioi vuosittain ikääntyneiden palveluja."
        ),
        "terms": [(D(2023, 1, 1), D(2025, 5, 31)), (D(2025, 6, 1), D(2029, 5, 31))],
        "open_call_seats": 0,
    },
    {
        "slug": "vammaisneuvosto",
        "kind": AdvisoryBody.Kind.DISABILITY,
        "name": "Satakunnan hyvinvointialueen vammaisneuvosto",
        "short_name": "",
        "purpose": (
            "Vammaisneuvosto edistää vammaisten ihmisten osallisuutta ja yhdenvertaisuutta. Se kertoo, miten "
            "hyvinvointialueen palvelut ja päätökset vaikuttavat vammaisiin ihmisiin."
        ),
        "terms": [(D(2023, 1, 1), D(2025, 5, 31)), (D(2025, 6, 1), D(2029, 5, 31))],
        "open_call_seats": 0,
    },
]  # fmt: skip

MEETING_DAYS = [
    datetime.date(2024, 10, 15),
    datetime.date(2025, 9, 16),
    datetime.date(2025, 11, 18),
    datetime.date(2026, 2, 17),
    datetime.date(2026, 4, 21),
    datetime.date(2026, 9, 15),
    datetime.date(2026, 12, 8),
    datetime.date(2027, 2, 16),
]
AGENDA = [
    "Kokouksen avaus, laillisuus ja päätösvaltaisuus",
    "Pöytäkirjan tarkastajien valinta",
    "Hyvinvointialueen ajankohtaiset asiat",
    "Lausuntopyynnöt",
    "Muut asiat ja kokouksen päättäminen",
]
STATEMENTS = [
    ("Lausunto palvelustrategian luonnoksesta", "Aluehallitus", datetime.date(2025, 10, 3)),
    ("Lausunto palveluverkkosuunnitelmasta", "Palvelulautakunta", datetime.date(2026, 3, 12)),
]


def _name(index: int) -> str:
    """The index-th made-up name: 147 different ones, so a term's members and deputies are different people (one
    person, one seat per term)."""
    first, surname = divmod(index, len(FIRST_NAMES))
    return f"{FIRST_NAMES[surname]} {SURNAMES[first % len(SURNAMES)]}"


@transaction.atomic
def seed_bodies(*, log: Callable[[str], None]) -> None:
    """The three bodies, after the region and its staff (demo.region, which `seed_demo` runs first)."""
    secretary = User.objects.filter(username="sihteeri").first()
    municipalities = list(Municipality.objects.order_by("name"))
    now = timezone.now()
    for order, spec in enumerate(BODIES, start=1):
        body, _created = AdvisoryBody.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "kind": spec["kind"],
                "name": spec["name"],
                "short_name": spec["short_name"],
                "purpose": spec["purpose"],
                "rules_url": "https://sata.fi/",
                "order": order,
            },
        )
        if secretary:
            body.secretaries.add(secretary)
        for term_index, (start, end) in enumerate(spec["terms"]):
            term = Term.objects.filter(body=body, start=start).first() or services.term_create(
                body=body,
                start=start,
                end=end,
                municipal_seats=True,
                open_call_seats=spec["open_call_seats"],
                user=secretary,
                reason="Demo",
            )
            _seed_members(term, offset=order * 7 + term_index * 3, user=secretary)
        for day in MEETING_DAYS:
            _seed_meeting(body, day, now=now, user=secretary)
        organs = {o.name: o for o in Organ.objects.all()}
        for subject, organ_name, given_on in STATEMENTS:
            if not Statement.objects.filter(body=body, subject=subject).exists():
                services.statement_create(
                    body=body,
                    subject=subject,
                    given_on=given_on,
                    requested_by=organs.get(organ_name),
                    requested_by_other="" if organ_name in organs else organ_name,
                    text=f"{body.short_name or body.name} pitää luonnosta hyvänä suuntana. Se toivoo, että "
                    "palveluista kerrotaan selkeästi ja että ryhmän jäseniä kuullaan jatkossakin ajoissa.",
                    user=secretary,
                    reason="Demo",
                )
    log(f"Advisory bodies: {len(BODIES)} bodies with terms, {len(municipalities)} municipal seats each, meetings.")


def _seed_members(term: Term, *, offset: int, user: User | None) -> None:
    seats = list(term.seats.select_related("municipality").order_by("order", "pk"))
    for index, seat in enumerate(seats):
        if seat.memberships.exists():
            continue
        role = Membership.Role.CHAIR if index == 0 else Membership.Role.VICE_CHAIR if index == 1 else "member"
        member, deputy = _name(offset + index * 2), _name(offset + index * 2 + 1)
        # Mid-term changes in the current terms: one member replaced, one seat left vacant (no successor yet).
        replaced = term.body.slug == "vanhusneuvosto" and seat.municipality and seat.municipality.name == "Pori"
        vacated = term.body.slug == "vammaisneuvosto" and seat.municipality and seat.municipality.name == "Siikainen"
        mid = datetime.date(2026, 1, 31)
        if (replaced or vacated) and term.contains(mid):
            services.membership_start(
                seat=seat, member_name=member, deputy_name=deputy, role=role, start=term.start, end=mid, user=user
            )
            if replaced:
                services.membership_start(
                    seat=seat,
                    member_name=_name(offset + index * 2 + 40),
                    deputy_name=deputy,
                    role=role,
                    start=mid + datetime.timedelta(days=1),
                    user=user,
                    reason="Demo: member replaced",
                )
            continue
        services.membership_start(
            seat=seat,
            member_name=member,
            deputy_name=deputy,
            member_email=f"jasen{offset + index}@example.invalid",
            role=role,
            start=term.start,
            user=user,
            reason="Demo",
        )


def _seed_meeting(body: AdvisoryBody, day: datetime.date, *, now: datetime.datetime, user: User | None) -> None:
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))
    if Meeting.objects.filter(body=body, starts_at=starts_at).exists():
        return
    meeting = services.meeting_create(
        body=body,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        place="Satakunnan keskussairaala, Sairaalantie 3, Pori, neuvotteluhuone 1",
        remote_url="https://teams.example.invalid/kokous",
        user=user,
        reason="Demo",
    )
    for title in AGENDA:
        services.agenda_item_add(meeting=meeting, title=title, user=user, reason="Demo")
    if starts_at > now:
        if day != MEETING_DAYS[-1]:  # the last meeting's agenda stays a draft, as the secretary is still writing it
            services.meeting_publish_agenda(meeting=meeting, user=user, reason="Demo")
        return
    if day == datetime.date(2026, 4, 21) and body.slug == "vammaisneuvosto":
        services.meeting_cancel(meeting=meeting, user=user, reason="Demo")
        return
    seats = Seat.objects.filter(term__body=body, term__start__lte=day, term__end__gte=day)
    attendance = {
        seat: Attendance.Attendee.ABSENT if i % 5 == 4 else Attendance.Attendee.DEPUTY if i % 7 == 3 else "member"
        for i, seat in enumerate(seats.filter(memberships__in=Membership.objects.covering(day)).distinct())
    }
    services.meeting_attendance_record(meeting=meeting, attendance=attendance, user=user, reason="Demo")
    services.meeting_mark_held(meeting=meeting, user=user, reason="Demo")
    services.meeting_minutes_update(
        meeting=meeting,
        text="1 § Puheenjohtaja avasi kokouksen. Kokous todettiin lailliseksi ja päätösvaltaiseksi.\n\n"
        "2 § Valittiin pöytäkirjan tarkastajat.\n\n3 § Merkittiin tiedoksi hyvinvointialueen ajankohtaiset asiat.\n\n"
        "4 § Käsiteltiin lausuntopyynnöt.\n\n5 § Puheenjohtaja päätti kokouksen klo 19.",
        user=user,
        reason="Demo",
    )
    approved = day + datetime.timedelta(days=7)
    services.meeting_minutes_publish(
        meeting=meeting, approved_on=min(approved, timezone.localdate(now)), user=user, today=timezone.localdate(now)
    )
