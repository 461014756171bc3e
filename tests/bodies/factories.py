"""Deterministic builders for the bodies tests. Everything goes through bodies.services, like the real pages do."""

import datetime

from django.utils import timezone

from bodies import services
from bodies.models import AdvisoryBody, Meeting, Membership, Seat, Term
from osallisuus.models import Municipality, User

MUNICIPALITY_NAMES = [("Eura", "050"), ("Pori", "609"), ("Rauma", "684"), ("Ulvila", "886")]


def make_municipalities(names=MUNICIPALITY_NAMES) -> list[Municipality]:
    return [Municipality.objects.get_or_create(code=code, defaults={"name": name})[0] for name, code in names]


def make_body(
    slug: str = "vanhusneuvosto",
    *,
    kind: str = AdvisoryBody.Kind.OLDER_PEOPLE,
    secretaries: tuple[User, ...] = (),
    **fields,
) -> AdvisoryBody:
    body = AdvisoryBody.objects.create(
        slug=slug,
        kind=kind,
        name=fields.pop("name", f"Testin {slug}"),
        purpose=fields.pop("purpose", "Tuo ryhmänsä äänen päätöksiin."),
        **fields,
    )
    body.secretaries.add(*secretaries)
    return body


def make_term(
    body: AdvisoryBody,
    start: datetime.date = datetime.date(2025, 6, 1),
    end: datetime.date = datetime.date(2029, 5, 31),
    *,
    municipal_seats: bool = True,
    open_call_seats: int = 0,
) -> Term:
    return services.term_create(
        body=body, start=start, end=end, municipal_seats=municipal_seats, open_call_seats=open_call_seats, user=None
    )


def with_term(body: AdvisoryBody, start=datetime.date(2025, 6, 1), end=datetime.date(2029, 5, 31)) -> AdvisoryBody:
    """The body with a term without seats, so that meetings can be planned (a meeting falls within a term)."""
    make_term(body, start, end, municipal_seats=False)
    return body


def appoint(seat: Seat, name: str, *, start: datetime.date | None = None, end=None, **fields) -> Membership:
    return services.membership_start(
        seat=seat, member_name=name, start=start or seat.term.start, end=end, user=None, **fields
    )


def fill_term(term: Term, **fields) -> list[Membership]:
    """Give every seat of the term a member and a personal deputy with contact details."""
    memberships = []
    for index, seat in enumerate(term.seats.order_by("order", "pk")):
        memberships.append(
            appoint(
                seat,
                f"Jäsen{index} Esimerkki",
                deputy_name=f"Varajäsen{index} Esimerkki",
                member_email=f"jasen{index}@yksityinen.example",
                member_phone=f"040 555 01{index:02d}",
                deputy_email=f"vara{index}@yksityinen.example",
                deputy_phone=f"050 555 02{index:02d}",
                **fields,
            )
        )
    return memberships


def helsinki(year: int, month: int, day: int, hour: int = 17, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def make_meeting(body: AdvisoryBody, starts_at: datetime.datetime | None = None, **fields) -> Meeting:
    return services.meeting_create(
        body=body,
        starts_at=starts_at or helsinki(2026, 10, 20),
        place=fields.pop("place", "Pori, neuvotteluhuone 1"),
        user=None,
        **fields,
    )


def meeting_admin_data(meeting: Meeting, **changes) -> dict:
    """The admin change form of `meeting` as posted unchanged (with its agenda inline), then `changes`."""
    items = list(meeting.agenda_items.order_by("position"))
    data = {
        "starts_at_0": f"{meeting.date:%Y-%m-%d}",
        "starts_at_1": f"{timezone.localtime(meeting.starts_at):%H:%M}",
        "ends_at_0": "",
        "ends_at_1": "",
        "place": meeting.place,
        "remote_url": meeting.remote_url,
        "agenda_items-TOTAL_FORMS": str(len(items)),
        "agenda_items-INITIAL_FORMS": str(len(items)),
        "agenda_items-MIN_NUM_FORMS": "0",
        "agenda_items-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, item in enumerate(items):
        data |= {
            f"agenda_items-{index}-id": str(item.pk),
            f"agenda_items-{index}-meeting": str(meeting.pk),
            f"agenda_items-{index}-title": item.title,
            f"agenda_items-{index}-description": item.description,
        }
    return data | changes
