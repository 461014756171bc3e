"""`manage.py seed_demo`: the region's shared vocabulary and the demo staff of the README, idempotent."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from osallisuus.models import Municipality, Organ, Unit, User
from tests.test_settings import PRODUCTION_SECRET, manage

# DOMAIN.md, "The 16 municipalities of Satakunta"
SATAKUNTA = [
    "Eura",
    "Eurajoki",
    "Harjavalta",
    "Huittinen",
    "Jämijärvi",
    "Kankaanpää",
    "Karvia",
    "Kokemäki",
    "Merikarvia",
    "Nakkila",
    "Pomarkku",
    "Pori",
    "Rauma",
    "Siikainen",
    "Säkylä",
    "Ulvila",
]
# README.md, "Demo staff": username and the roles (groups) each holds
DEMO_STAFF = {
    "admin": set(),
    "kirjaamo": {"registry"},
    "valmistelija": {"handler"},
    "hyte": {"hyte"},
    "sihteeri": {"secretary"},
}


def seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every row seed_demo makes in the foundation's tables, as plain values."""
    return {
        "municipalities": list(Municipality.objects.values_list("code", "name", "name_sv").order_by("code")),
        "organs": list(Organ.objects.values_list("name", "name_sv", "kind", "is_active").order_by("name")),
        "units": list(Unit.objects.values_list("name", "name_sv", "parent_area").order_by("name")),
        "users": list(
            User.objects.values_list(
                "username", "first_name", "last_name", "is_staff", "is_superuser", "password"
            ).order_by("username")
        ),
        "memberships": list(User.groups.through.objects.values_list("user__username", "group__name").order_by("pk")),
        "handled_organs": list(
            Organ.handlers.through.objects.values_list("user__username", "organ__name").order_by("pk")
        ),
        "groups": list(Group.objects.values_list("name", flat=True).order_by("name")),
    }


@pytest.mark.django_db
def test_seed_demo_creates_the_region_of_satakunta():
    output = seed_demo("--initiatives", "0")

    assert list(Municipality.objects.order_by("name").values_list("name", flat=True)) == SATAKUNTA
    assert Municipality.objects.get(name="Pori").name_sv == "Björneborg"
    assert Municipality.objects.get(name="Pori").code == "609"
    organs = dict(Organ.objects.values_list("name", "kind"))
    assert organs["Aluevaltuusto"] == Organ.Kind.COUNCIL
    assert organs["Aluehallitus"] == Organ.Kind.BOARD
    assert organs["Palvelulautakunta"] == Organ.Kind.COMMITTEE
    assert organs["Hyvinvointialuejohtaja"] == Organ.Kind.OFFICE_HOLDER
    units = set(Unit.objects.values_list("name", flat=True))
    assert {"Johto", "HYTE-yksikkö", "Viestintäyksikkö", "Asiakaspalveluyksikkö"} <= units
    assert "16 municipalities" in output
    assert "Demo data is ready." in output


@pytest.mark.django_db
def test_seed_demo_creates_the_demo_staff_with_their_roles(settings):
    settings.DEBUG = True  # `make run`

    seed_demo("--initiatives", "0")

    for username, roles in DEMO_STAFF.items():
        user = User.objects.get(username=username)
        assert user.is_staff
        assert user.is_active
        assert user.check_password("osallisuus-demo"), username
        assert set(user.groups.values_list("name", flat=True)) == roles
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()
    handler = User.objects.get(username="valmistelija")
    assert handler.handled_organs.filter(name="Aluehallitus").exists()


@pytest.mark.django_db
def test_demo_staff_get_no_password_when_debug_is_off(settings):
    settings.DEBUG = False

    output = seed_demo("--initiatives", "0")

    for username in DEMO_STAFF:
        user = User.objects.get(username=username)
        assert not user.has_usable_password(), username
    assert "no password (DEBUG is off)" in output


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    seed_demo("--initiatives", "0")
    before = snapshot()

    seed_demo("--initiatives", "0")

    assert snapshot() == before
    assert Municipality.objects.count() == 16


@pytest.mark.django_db
def test_seed_demo_keeps_what_people_changed(settings):
    settings.DEBUG = True
    seed_demo("--initiatives", "0")
    hyte = User.objects.get(username="hyte")
    hyte.set_password("a-new-secret-password")
    hyte.save()
    Organ.objects.create(name="Kehittämisjaosto", kind=Organ.Kind.SUBCOMMITTEE)

    seed_demo("--initiatives", "0")

    assert User.objects.get(username="hyte").check_password("a-new-secret-password")
    assert Organ.objects.filter(name="Kehittämisjaosto").exists()


def test_production_has_no_demo_county():
    """The demo app, whose staff have a known password, is installed only when DEBUG is on."""
    result = manage("seed_demo", SECRET_KEY=PRODUCTION_SECRET, ALLOWED_HOSTS="osallisuus.example.fi")

    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr
