"""Satakunta's shared vocabulary and demo staff, loaded by `manage.py seed_demo`. Every row is matched by its natural
key, so running it again changes nothing that is already there."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from osallisuus.models import Municipality, Organ, Unit, User
from osallisuus.roles import Role

# DOMAIN.md, "The 16 municipalities of Satakunta": (Finnish name, Swedish name, Statistics Finland code)
MUNICIPALITIES = [
    ("Eura", "", "050"),
    ("Eurajoki", "Euraåminne", "051"),
    ("Harjavalta", "", "079"),
    ("Huittinen", "Vittis", "102"),
    ("Jämijärvi", "", "181"),
    ("Kankaanpää", "", "214"),
    ("Karvia", "", "230"),
    ("Kokemäki", "Kumo", "271"),
    ("Merikarvia", "Sastmola", "484"),
    ("Nakkila", "", "531"),
    ("Pomarkku", "Påmark", "608"),
    ("Pori", "Björneborg", "609"),
    ("Rauma", "Raumo", "684"),
    ("Siikainen", "", "747"),
    ("Säkylä", "", "783"),
    ("Ulvila", "Ulvsby", "886"),
]

ORGANS = [
    ("Aluevaltuusto", "Välfärdsområdesfullmäktige", Organ.Kind.COUNCIL),
    ("Aluehallitus", "Välfärdsområdesstyrelsen", Organ.Kind.BOARD),
    ("Palvelulautakunta", "Servicenämnden", Organ.Kind.COMMITTEE),
    ("Pelastuslautakunta", "Räddningsnämnden", Organ.Kind.COMMITTEE),
    ("Tarkastuslautakunta", "Revisionsnämnden", Organ.Kind.COMMITTEE),
    ("Yksilöasioiden jaosto", "Sektionen för individärenden", Organ.Kind.SUBCOMMITTEE),
    ("Hyvinvointialuejohtaja", "Välfärdsområdesdirektören", Organ.Kind.OFFICE_HOLDER),
    (
        "Ikääntyneiden palveluiden toimialuejohtaja",
        "Sektordirektören för äldreomsorg",
        Organ.Kind.OFFICE_HOLDER,
    ),
    (
        "Lasten, nuorten ja perheiden palveluiden toimialuejohtaja",
        "Sektordirektören för tjänster för barn, unga och familjer",
        Organ.Kind.OFFICE_HOLDER,
    ),
]

# seeds/004 section III, "Osallisuuden vastuutahot", and the units named in section VI: (name, Swedish, area)
UNITS = [
    ("Johto", "Ledningen", ""),
    ("HYTE-yksikkö", "Enheten för främjande av hälsa och välfärd", "Strategia ja järjestäminen"),
    (
        "TKIO-yksikkö",
        "Enheten för forskning, utveckling, innovation och undervisning",
        "Strategia ja järjestäminen",
    ),
    ("Viestintäyksikkö", "Kommunikationsenheten", "Konsernipalvelut"),
    ("Asiakaspalveluyksikkö", "Kundtjänstenheten", "Konsernipalvelut"),
    ("Hallintopalvelut", "Förvaltningstjänster", "Konsernipalvelut"),
    ("HR-yksikkö", "HR-enheten", "Konsernipalvelut"),
    ("Henkilöstön kehittäminen", "Personalutveckling", "Konsernipalvelut"),
    ("Työkykypalvelut", "Arbetsförmågetjänster", "Konsernipalvelut"),
    (
        "Lasten, nuorten ja perheiden palveluiden toimialue",
        "Sektorn för tjänster för barn, unga och familjer",
        "",
    ),
    ("Aikuisten palveluiden toimialue", "Sektorn för vuxentjänster", ""),
    ("Ikääntyneiden palveluiden toimialue", "Sektorn för äldreomsorg", ""),
    ("Erityis- ja sairaalapalveluiden toimialue", "Sektorn för special- och sjukhustjänster", ""),
    ("Pelastustoimen toimialue", "Räddningsväsendets sektor", ""),
    ("Konsernipalveluiden toimialue", "Koncerntjänsternas sektor", ""),
]

# Demo staff (README): username, first and last name, job title, roles, superuser
DEMO_PASSWORD = "osallisuus-demo"  # noqa: S105 - documented demo credential, set only when DEBUG is on
DEMO_USERS = [
    ("admin", "Aino", "Ylläpitäjä", "Pääkäyttäjä", [], True),
    ("kirjaamo", "Kaisa", "Kirjaaja", "Kirjaaja", [Role.REGISTRY], False),
    ("valmistelija", "Ville", "Valmistelija", "Hallintosuunnittelija", [Role.HANDLER], False),
    ("hyte", "Helmi", "Hytönen", "Osallisuuskoordinaattori", [Role.HYTE], False),
    ("sihteeri", "Sanna", "Sihteeri", "Vaikuttamistoimielinten sihteeri", [Role.SECRETARY], False),
]


@transaction.atomic
def seed_region(*, log: Callable[[str], None]) -> None:
    for name, name_sv, code in MUNICIPALITIES:
        Municipality.objects.update_or_create(code=code, defaults={"name": name, "name_sv": name_sv})
    for name, name_sv, kind in ORGANS:
        Organ.objects.update_or_create(name=name, defaults={"name_sv": name_sv, "kind": kind})
    for name, name_sv, area in UNITS:
        Unit.objects.update_or_create(name=name, defaults={"name_sv": name_sv, "parent_area": area})
    log(f"Region: {len(MUNICIPALITIES)} municipalities, {len(ORGANS)} organs, {len(UNITS)} units.")


@transaction.atomic
def seed_staff(*, log: Callable[[str], None]) -> None:
    for username, first, last, title, roles, superuser in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "job_title": title,
                "email": f"{username}@example.invalid",
                "work_phone": "+358 2 000 0000",
                "is_staff": True,
                "is_superuser": superuser,
            },
        )
        if created:
            if settings.DEBUG:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name__in=roles))
    handler = User.objects.get(username="valmistelija")
    handler.handled_organs.add(*Organ.objects.exclude(kind=Organ.Kind.COUNCIL))
    password_note = f"password {DEMO_PASSWORD!r}" if settings.DEBUG else "no password (DEBUG is off)"
    log(f"Staff: {', '.join(u[0] for u in DEMO_USERS)} ({password_note}).")
