"""Staff roles: a Django group per role; administrators hold all; inactive and anonymous users hold none."""

from django.contrib.auth import get_user_model, load_backend
from django.contrib.auth.models import AnonymousUser, Group

from osallisuus.models import User
from osallisuus.roles import Role, has_role, user_roles
from tests.conftest import make_user


def test_every_role_has_its_group(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_superuser_holds_every_role(admin_user):
    assert all(has_role(admin_user, role) for role in Role)
    assert user_roles(admin_user) == frozenset(Role.values)


def test_member_of_a_group_holds_that_role_only(registry_user):
    assert has_role(registry_user, Role.REGISTRY)
    assert has_role(registry_user, Role.HANDLER, Role.REGISTRY)  # any of the given roles
    assert not has_role(registry_user, Role.HANDLER)
    assert not has_role(registry_user, Role.HYTE, Role.SECRETARY)


def test_user_with_two_roles(db):
    user = make_user("monitoiminen", Role.HANDLER, Role.SECRETARY)

    assert user_roles(user) == {"handler", "secretary"}


def test_inactive_user_holds_no_role(db):
    user = make_user("entinen", Role.HYTE, is_active=False)
    superuser = make_user("entinen-paakayttaja", superuser=True, is_active=False)

    assert not has_role(user, Role.HYTE)
    assert not has_role(superuser, Role.HYTE)


def test_anonymous_user_holds_no_role(db):
    assert not has_role(AnonymousUser(), *Role)
    assert user_roles(AnonymousUser()) == frozenset()


def test_groups_that_are_not_roles_give_nothing(db):
    user = make_user("tavallinen")
    user.groups.add(Group.objects.create(name="viestintä"))

    assert user_roles(user) == frozenset()


def test_roles_are_read_once_per_user_object(handler_user, django_assert_num_queries):
    user = User.objects.get(pk=handler_user.pk)

    with django_assert_num_queries(1):
        assert has_role(user, Role.HANDLER)
        assert not has_role(user, Role.HYTE)
        assert has_role(user, Role.HANDLER, Role.SECRETARY)


def test_a_role_taken_away_is_refused_from_the_next_request(client, registry_user):
    client.force_login(registry_user)
    assert "Kirjaa aloite" in client.get("/henkilosto/").text

    registry_user.groups.clear()

    assert client.get("/henkilosto/").status_code == 403


def test_the_user_of_a_request_comes_with_its_roles_in_one_query(db, django_assert_num_queries):
    user = make_user("kaksi-roolia", Role.HANDLER, Role.SECRETARY)
    user.groups.add(Group.objects.create(name="viestintä"), Group.objects.create(name="x,hyte"))
    backend = load_backend("osallisuus.roles.RolesBackend")

    with django_assert_num_queries(1):
        loaded = backend.get_user(user.pk)
        assert user_roles(loaded) == {"handler", "secretary"}  # neither "viestintä" nor a part of "x,hyte"
    assert isinstance(loaded, get_user_model())
    assert backend.get_user(make_user("entinen-2", Role.HYTE, is_active=False).pk) is None
    assert backend.get_user(10**9) is None
