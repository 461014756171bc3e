"""Staff login: failed attempts pause logging in per username and client network, per username and per client
network for a cool-off period (never for good), the pause says so in the user's language, sessions end after an hour
without activity, and passwords must pass the validators."""

import datetime

import pytest
import time_machine
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError

from osallisuus.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/henkilosto/kirjaudu/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "test-password-123"
START = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)
PAUSED_FI = "Liian monta epäonnistunutta kirjautumista."


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def registry(db):
    return make_user("kirjaaja", Role.REGISTRY)


def attempt(client, username: str, password: str, *, address: str = "192.0.2.10", url: str = LOGIN, **headers):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username: str, times: int, **kwargs) -> None:
    for _ in range(times):
        response = attempt(client, username, "wrong-password-xyz", **kwargs)
        assert response.status_code == 200  # the login page again, with its error
        assert "_auth_user_id" not in client.session


def test_five_failures_for_a_username_pause_it_from_that_network_even_with_the_right_password(client, registry, clock):
    # Failing elsewhere never keeps the user out (tests/faults/test_login_throttle.py); a spread-out guesser meets
    # the username's own, far higher, limit there too.
    fail(client, "kirjaaja", 5, address="198.51.100.7")

    response = attempt(client, "kirjaaja", PASSWORD, address="198.51.100.7")

    assert response.status_code == 429
    assert PAUSED_FI in response.content.decode()
    assert "15 minuutin kuluttua" in response.content.decode()
    assert not logged_in(client)


def test_the_username_count_ignores_case_and_spaces(client, registry, clock):
    fail(client, "KIRJAAJA", 3)
    fail(client, " kirjaaja ", 2)

    assert attempt(client, "kirjaaja", PASSWORD).status_code == 429


def test_four_failures_do_not_pause(client, registry, clock):
    fail(client, "kirjaaja", 4)

    response = attempt(client, "kirjaaja", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_a_pause_ends_after_the_cool_off_and_the_count_starts_again(client, registry, clock, settings):
    fail(client, "kirjaaja", 5)
    clock.shift(datetime.timedelta(minutes=14))
    assert attempt(client, "kirjaaja", PASSWORD).status_code == 429
    assert "1 minuutin kuluttua" in attempt(client, "kirjaaja", PASSWORD).content.decode()

    clock.shift(datetime.timedelta(minutes=1, seconds=1))
    fail(client, "kirjaaja", 4)  # a fresh count: four failures are allowed again
    response = attempt(client, "kirjaaja", PASSWORD)

    assert settings.LOGIN_COOLOFF_SECONDS == 15 * 60
    assert response.status_code == 302
    assert logged_in(client)


def test_a_successful_login_clears_the_failures_of_its_username(client, registry, clock):
    fail(client, "kirjaaja", 4)
    assert attempt(client, "kirjaaja", PASSWORD).status_code == 302
    client.logout()

    fail(client, "kirjaaja", 4)

    assert attempt(client, "kirjaaja", PASSWORD).status_code == 302


def test_failures_older_than_the_cool_off_are_forgotten(client, registry, clock):
    fail(client, "kirjaaja", 4)
    clock.shift(datetime.timedelta(minutes=16))
    fail(client, "kirjaaja", 4)

    assert attempt(client, "kirjaaja", PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_pause_that_address_only(client, registry, clock):
    for number in range(20):
        fail(client, f"arvaus{number}", 1, address="192.0.2.66")

    paused = attempt(client, "kirjaaja", PASSWORD, address="192.0.2.66")
    assert paused.status_code == 429
    assert not logged_in(client)

    elsewhere = attempt(client, "kirjaaja", PASSWORD, address="192.0.2.67")
    assert elsewhere.status_code == 302
    assert logged_in(client)


def test_behind_a_trusted_proxy_each_forwarded_client_is_counted_apart(client, registry, clock, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.5"
    for number in range(20):
        # What the client itself wrote in X-Forwarded-For (left of the proxy's entry) is not believed.
        fail(client, f"arvaus{number}", 1, address=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 192.0.2.66")

    assert attempt(client, "kirjaaja", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.66").status_code == 429
    response = attempt(client, "kirjaaja", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.67")
    assert response.status_code == 302


def test_without_a_trusted_proxy_forwarded_addresses_are_ignored(client, registry, clock):
    for number in range(20):
        fail(client, f"arvaus{number}", 1, address="192.0.2.66", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    assert attempt(client, "kirjaaja", PASSWORD, address="192.0.2.66").status_code == 429


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Liian monta epäonnistunutta kirjautumista. Turvallisuussyistä kirjautuminen on tauolla"),
        ("sv", "För många misslyckade inloggningar. Av säkerhetsskäl är inloggningen tillfälligt spärrad"),
        ("en", "Too many failed logins. For your security logging in is paused: try again in 15 minutes."),
    ],
)
def test_the_pause_is_explained_in_the_users_language(client, registry, clock, language, message):
    client.cookies["django_language"] = language
    fail(client, "kirjaaja", 5)

    response = attempt(client, "kirjaaja", PASSWORD)

    assert response.status_code == 429
    assert message in response.content.decode()


def test_the_admin_login_is_paused_by_the_same_count(client, registry, clock):
    fail(client, "kirjaaja", 3)
    fail(client, "kirjaaja", 2, url=ADMIN_LOGIN)

    for url in (ADMIN_LOGIN, LOGIN):
        response = attempt(client, "kirjaaja", PASSWORD, url=url)
        assert PAUSED_FI in response.content.decode()
        assert not logged_in(client)


def test_the_counters_store_no_username_or_address_in_clear(client, registry, clock):
    from django.db import connection

    fail(client, "kirjaaja", 5, address="192.0.2.99")

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM osallisuus_cache")
        keys = " ".join(row[0] for row in cursor.fetchall())
    assert "ratelimit:login-pair:" in keys
    assert "kirjaaja" not in keys
    assert "192.0.2.99" not in keys


# --- Sessions ------------------------------------------------------------------------------------------------


def test_a_staff_session_ends_after_an_hour_without_activity(client, registry, clock, settings):
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    assert attempt(client, "kirjaaja", PASSWORD).status_code == 302

    # Activity moves the end ahead: three hours of work with a request every 50 minutes.
    for _ in range(4):
        clock.shift(datetime.timedelta(minutes=50))
        assert client.get("/henkilosto/").status_code == 200

    clock.shift(datetime.timedelta(minutes=61))
    response = client.get("/henkilosto/")

    assert response.status_code == 302
    assert response["Location"].startswith("/henkilosto/kirjaudu/?next=")


def test_each_staff_request_moves_the_end_of_its_session_an_hour_ahead(client, registry, clock):
    assert attempt(client, "kirjaaja", PASSWORD).status_code == 302
    key = client.cookies["sessionid"].value

    def expiry() -> datetime.datetime:
        return Session.objects.get(session_key=key).expire_date

    at_login = expiry()
    assert at_login == START + datetime.timedelta(hours=1)
    clock.shift(datetime.timedelta(seconds=30))
    response = client.get("/henkilosto/")

    assert response.status_code == 200
    assert expiry() == at_login + datetime.timedelta(seconds=30)
    assert response.cookies["sessionid"]["max-age"] == 3600
    assert response.cookies["sessionid"].value == key  # the same session, not a new one


def test_a_visitor_gets_no_session(client, db):
    for path in ["/", "/aloitteet/", "/ohjelma/"]:
        assert "sessionid" not in client.get(path).cookies
    assert not Session.objects.exists()


def test_the_session_cookie_is_http_only_and_same_site(client, registry, clock):
    response = attempt(client, "kirjaaja", PASSWORD)

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 3600


# --- Passwords -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "Lyhyt-1a",  # shorter than 12
        "123456789012345",  # only digits
        "password1234",  # a common password
        "kirjaaja1234!",  # like the username
    ],
)
def test_weak_passwords_are_refused(registry, password):
    with pytest.raises(ValidationError):
        password_validation.validate_password(password, user=registry)


def test_a_long_unusual_password_passes(registry):
    password_validation.validate_password("Kuusi-kissaa-kiipeää-9", user=registry)


# --- Redirects and session keys -------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["https://evil.example/henkilosto/", "//evil.example/", "javascript:alert(1)"])
def test_login_never_sends_to_another_site(client, registry, clock, target):
    response = client.post(f"{LOGIN}?next={target}", {"username": "kirjaaja", "password": PASSWORD, "next": target})

    assert response.status_code == 302
    assert response["Location"] == "/henkilosto/"


def test_logging_in_gives_a_new_session_key(client, registry, clock):
    client.get(LOGIN)
    client.cookies["sessionid"] = "attacker-chosen-session-key"

    attempt(client, "kirjaaja", PASSWORD)

    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"
    assert logged_in(client)


def test_logout_is_a_post_and_ends_the_session(client, registry, clock):
    attempt(client, "kirjaaja", PASSWORD)
    assert client.get("/henkilosto/kirjaudu-ulos/").status_code == 405  # a link or an image cannot log anyone out

    client.post("/henkilosto/kirjaudu-ulos/")

    assert not logged_in(client)
    assert client.get("/henkilosto/").status_code == 302


def test_the_login_page_tells_the_rule_before_anyone_is_paused(client, db):
    page = client.get(LOGIN).content.decode()

    assert "Jos kirjautuminen epäonnistuu 5 kertaa, kirjautuminen on tauolla 15 minuuttia." in page


def test_an_ipv6_client_cannot_escape_the_pause_by_changing_its_address(client, registry, clock):
    for number in range(20):
        fail(client, f"arvaus{number}", 1, address=f"2001:db8:5:6::{number + 1:x}")

    assert attempt(client, "kirjaaja", PASSWORD, address="2001:db8:5:6::beef").status_code == 429
    assert attempt(client, "kirjaaja", PASSWORD, address="2001:db8:5:7::1").status_code == 302
