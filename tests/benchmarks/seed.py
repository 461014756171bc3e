"""Seed the benchmark database: `python -m tests.benchmarks.seed --initiatives N --out FILE` (DATABASE_URL set).

The region, the staff, the three advisory bodies and the programme come from the project's own demo modules
(`seed_demo`'s parts), and the first DEMO_COUNT initiatives go through initiatives.services as in real use. The
rest, up to N, are bulk-created (services would take minutes) but realistic: five arrival years, every status,
outcome and channel, rotating organs, municipalities and handlers, most published, Finnish text to search.
Running it again with a larger N adds only the missing rows, so the growth test seeds 1,000 and then 10,000.
Each body gets a third, earlier term with its own meetings besides the demo's two.

Writes FILE: the concrete URLs of the pages to measure (an initiative, a body, a meeting, a deep list page).
"""

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

DEMO_COUNT = 60
BULK_PREFIX = "BENCH-"
YEARS = 5
EXTRA_TERM = (datetime.date(2021, 1, 1), datetime.date(2022, 12, 31))
EXTRA_MEETING_DAYS = [datetime.date(2021, 9, 14), datetime.date(2022, 3, 15), datetime.date(2022, 10, 18)]

PLACES = [
    "terveysasemalle",
    "sairaalaan",
    "neuvolaan",
    "kotihoitoon",
    "palvelukeskukseen",
    "hammashoitolaan",
    "perhekeskukseen",
    "päivystykseen",
]
ADDITIONS = [
    "Asia koskee erityisesti ikääntyneitä ja heidän omaisiaan.",
    "Lapsiperheet ovat toivoneet tätä jo pitkään.",
    "Nykyinen käytäntö lisää jonoja ja odotusaikaa.",
    "Sama ongelma on huomattu myös naapurikunnissa.",
    "Muutos parantaisi palvelun saavutettavuutta ja esteettömyyttä.",
    "Järjestöt ovat valmiita auttamaan toteutuksessa.",
    "Ehdotus säästäisi kuljetuskustannuksia.",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osallisuus.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    dummy = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
    with override_settings(MAILERS=dummy):  # as seed_demo: the services' mail goes nowhere
        seed_demo_parts(args.initiatives)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a production database: statistics and visibility
    args.out.write_text(json.dumps(page_urls(), indent=2), encoding="utf-8")
    return 0


def seed_demo_parts(total: int) -> None:
    from bodies.demo import seed_bodies
    from demo.region import seed_region, seed_staff
    from initiatives.demo import seed_initiatives
    from initiatives.models import Initiative
    from ladder.demo import seed_programme

    def log(line: str) -> None:
        print(f"  seed: {line}", flush=True)

    first_time = not Initiative.objects.exists()
    seed_region(log=log)
    seed_staff(log=log)
    seed_bodies(log=log)
    seed_third_terms()
    seed_initiatives(count=min(DEMO_COUNT, total), log=log)
    created = seed_bulk_initiatives(total - min(DEMO_COUNT, total))
    log(f"Initiatives: {created} bulk-created, {Initiative.objects.count()} in all.")
    if first_time:
        seed_programme(log=log)


def seed_third_terms() -> None:
    """An earlier third term for each body, with members and held meetings (through bodies.services)."""
    from django.db import transaction
    from django.utils import timezone

    from bodies import services
    from bodies.demo import _seed_meeting, _seed_members
    from bodies.models import AdvisoryBody, Term
    from osallisuus.models import User

    secretary = User.objects.filter(username="sihteeri").first()
    now = timezone.now()
    for body in AdvisoryBody.objects.order_by("order"):
        with transaction.atomic():
            if Term.objects.filter(body=body, start=EXTRA_TERM[0]).exists():
                continue
            term = services.term_create(
                body=body, start=EXTRA_TERM[0], end=EXTRA_TERM[1], municipal_seats=True, user=secretary, reason="Bench"
            )
            _seed_members(term, offset=body.order * 5 + 11, user=secretary)
            for day in EXTRA_MEETING_DAYS:
                _seed_meeting(body, day, now=now, user=secretary)


def seed_bulk_initiatives(count: int) -> int:
    """Create the missing BENCH-nnnnn initiatives up to `count`, spread over the last five years."""
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from initiatives.demo import NAMES, SAMPLES
    from initiatives.models import Initiative, ReferenceCounter
    from osallisuus.models import Municipality, Organ, User
    from osallisuus.roles import Role

    existing = Initiative.objects.filter(register_number__startswith=BULK_PREFIX).count()
    if existing >= count:
        return 0
    organs = list(Organ.objects.filter(is_active=True).order_by("pk"))
    municipalities = list(Municipality.objects.order_by("code"))
    handlers = list(User.objects.filter(groups__name=Role.HANDLER).order_by("pk")) or [None]
    today = timezone.localdate()
    first_day = datetime.date(today.year - YEARS + 1, 1, 1)
    span = (today - first_day).days
    Status, Outcome, Kind = Initiative.Status, Initiative.Outcome, Initiative.InitiatorKind
    Publication = Initiative.Publication

    def at(day: datetime.date, hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    rows = []
    for number in range(existing, count):
        # Interleave the new rows over the whole span, so that every size has all five years.
        arrived = first_day + datetime.timedelta(days=(number * 7919) % (span + 1))
        age = (today - arrived).days
        sample = SAMPLES[number % len(SAMPLES)]
        place = PLACES[number % len(PLACES)]
        municipality = municipalities[number % len(municipalities)]
        organ = organs[number % len(organs)]
        by_letter = number % 5 == 4
        initiative = Initiative(
            register_number=f"{BULK_PREFIX}{number + 1:05d}",
            arrival_year=arrived.year,
            arrived_on=arrived,
            notice_due_on=Initiative.notice_deadline_for(arrived),
            channel=[Initiative.Channel.WEB, Initiative.Channel.EMAIL, Initiative.Channel.PAPER][number % 3],
            initiator_kind=sample.kind,
            membership_grounds=sample.service and f"Palvelun käyttäjä: {sample.service}",
            service=sample.service,
            name=NAMES[number % len(NAMES)],
            home_municipality=municipality,
            email="" if by_letter else f"bench{number + 1}@example.invalid",
            postal_address=f"Esimerkkikatu {number % 90 + 1}\n28100 Pori" if by_letter else "",
            letter_language="sv" if number % 10 == 6 else "fi",
            name_publication_consent=number % 2 == 0,
            title=f"{sample.title} ({municipality.name}, {place})"[:200],
            text=f"{sample.text} {ADDITIONS[number % len(ADDITIONS)]} Koskee: {municipality.name}, {place}.",
            status=Status.RECEIVED,
        )
        if number % 97 == 13:
            initiative.status = Status.RECLASSIFIED
            initiative.reclassified_as = Initiative.Reclassification.FEEDBACK
            initiative.reclassification_message = "Viestisi on asiakaspalautetta, ja se on välitetty eteenpäin."
        elif age > 40 or number % 3:
            initiative.handling_organ = organ
            initiative.handler = handlers[number % len(handlers)]
            if age > 20:
                initiative.status = Status.IN_PROGRESS
                notice_day = min(arrived + datetime.timedelta(days=5 + number % 30), today)
                initiative.notice_sent_at = at(notice_day, 11)
                initiative.notice_method = Initiative.DeliveryMethod.LETTER if by_letter else "email"
                initiative.estimated_completion = arrived + datetime.timedelta(days=150)
            # Older initiatives are mostly decided and answered; a few stay open for years.
            if age > 120 and number % 17 != 5:
                outcome = [Outcome.YES, Outcome.PARTLY, Outcome.NO][number % 3]
                initiative.status = Status.DECIDED
                initiative.outcome = outcome
                initiative.measures = "" if outcome == Outcome.NO else sample.measures or "Asia otetaan huomioon."
                initiative.decision_organ = organ
                initiative.decision_date = arrived + datetime.timedelta(days=90 + number % 20)
                initiative.decision_section = f"§ {number % 300 + 1}"
                if number % 11 != 3:
                    initiative.status = Status.ANSWERED
                    initiative.final_notice_sent_at = at(initiative.decision_date + datetime.timedelta(days=7), 12)
                    initiative.final_notice_method = initiative.notice_method
        reviewed = initiative.status != Status.RECLASSIFIED and (number % 4 != 1 or age > 60)
        if reviewed and (sample.kind != Kind.SERVICE_USER or number % 2 == 0):
            initiative.publication_state = Publication.PUBLISHED
            initiative.published_at = at(min(arrived + datetime.timedelta(days=3), today), 15)
            if sample.kind == Kind.SERVICE_USER:
                initiative.public_text = f"{sample.title}. Aloitteen tekijä toivoo muutosta: {sample.service}."
        rows.append(initiative)

    with transaction.atomic():
        # Numbers after those the services gave, and the counters moved past them so the form goes on from there.
        last = dict(
            Initiative.objects.values("arrival_year").annotate(last=Max("sequence")).values_list("arrival_year", "last")
        )
        for counter in ReferenceCounter.objects.all():
            last[counter.year] = max(last.get(counter.year, 0), counter.last)
        for initiative in sorted(rows, key=lambda i: (i.arrived_on, i.register_number)):
            sequence = last.get(initiative.arrival_year, 0) + 1
            last[initiative.arrival_year] = sequence
            initiative.sequence = sequence
            initiative.reference = f"{initiative.arrival_year}-{sequence:04d}"
        Initiative.objects.bulk_create(rows, batch_size=1000)
        for year, sequence in last.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last": sequence})
    return len(rows)


def page_urls() -> dict[str, str]:
    """The concrete pages to measure in this database."""
    from django.urls import reverse

    from bodies.models import AdvisoryBody, Meeting
    from initiatives.models import Initiative

    published = Initiative.objects.published()
    initiative = published.filter(status=Initiative.Status.ANSWERED).order_by("-arrived_on", "-sequence")[50]
    body = AdvisoryBody.objects.order_by("order").first()
    meeting = Meeting.objects.filter(body=body, minutes_published_on__isnull=False).order_by("-starts_at").first()
    pages = published.count() // 20 + 1
    year = published.order_by("-arrival_year").values_list("arrival_year", flat=True).first()
    organ = published.exclude(handling_organ=None).values_list("handling_organ", flat=True).first()
    return {
        "detail": reverse("initiatives:detail", args=[initiative.reference]),
        "body": reverse("bodies:body", args=[body.slug]),
        "meeting": reverse("bodies:meeting", args=[body.slug, meeting.pk]),
        "deep_page": f"{reverse('initiatives:list')}?page={pages * 4 // 5}",
        "filter": f"{reverse('initiatives:list')}?status=answered&year={year - 1}&organ={organ}",
        "published": str(published.count()),
    }


if __name__ == "__main__":
    sys.exit(main())
