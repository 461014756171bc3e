"""Fixtures shared by every test folder. App-specific factories live in tests/<app>/factories.py."""

import importlib

import pytest
from django.apps import AppConfig, apps
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.utils import translation

from osallisuus.models import Municipality, Organ, User
from osallisuus.roles import Role


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # A request in an earlier test leaves its language active in the thread: start each test in Finnish.
    with translation.override(settings.LANGUAGE_CODE):
        yield


# The rows the migrations make: the role groups and the programme's permissions of the hyte group.
ROLE_GROUPS = importlib.import_module("osallisuus.migrations.0002_role_groups")
HYTE_PERMISSIONS = importlib.import_module("ladder.migrations.0002_hyte_permissions")


@receiver(post_migrate)
def _migrated_rows_after_a_flush(sender: AppConfig, **kwargs) -> None:
    """A transactional test ends by emptying every table (TransactionTestCase's flush), the migrations' rows too, and
    the flush then sends post_migrate, on which Django makes the content types and permissions again; this makes the
    migrations' rows again. pytest-django runs those tests last, but pytest-xdist gives each process whole files in
    any order, so a test after one must still start from the migrated database. (After the ladder's permissions.)"""
    if sender.label == "ladder":
        ROLE_GROUPS.create_groups(apps, None)
        HYTE_PERMISSIONS.grant_to_group(Group, Permission)


def make_user(username: str, *roles: Role, superuser: bool = False, **fields) -> User:
    """A staff user holding `roles` (Django groups of the same names, created by a migration)."""
    user = User.objects.create_user(
        username=username,
        password="test-password-123",
        email=f"{username}@example.invalid",
        first_name=fields.pop("first_name", username.capitalize()),
        last_name=fields.pop("last_name", "Testinen"),
        is_staff=True,
        is_superuser=superuser,
        **fields,
    )
    # get_or_create: a transactional test's flush removes the groups that a migration made.
    user.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in roles))
    return user


@pytest.fixture
def municipality(db) -> Municipality:
    return Municipality.objects.create(name="Pori", name_sv="Björneborg", code="609")


@pytest.fixture
def organ(db) -> Organ:
    return Organ.objects.create(name="Aluehallitus", name_sv="Välfärdsområdesstyrelsen", kind=Organ.Kind.BOARD)


@pytest.fixture
def admin_user(db) -> User:
    return make_user("paakayttaja", superuser=True)


@pytest.fixture
def registry_user(db) -> User:
    return make_user("kirjaaja", Role.REGISTRY)


@pytest.fixture
def handler_user(db) -> User:
    return make_user("valmistelija", Role.HANDLER)


@pytest.fixture
def hyte_user(db) -> User:
    return make_user("koordinaattori", Role.HYTE)


@pytest.fixture
def secretary_user(db) -> User:
    return make_user("sihteeri", Role.SECRETARY)
