"""The error pages (issue 19, finding 8): 400, 403, 404, 429, 500 and 503 in the portal's layout and the visitor's
language, where Django's own 403 (also its CSRF failure page) and 500 are bare English pages. The 500 and 503 pages
read nothing from the database, which may be what failed; a database that cannot be reached answers 503 with
Retry-After, any other fault 500."""

import logging
import re

import psycopg
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (address in tests/faults/failing_urls.py or the portal, status, its heading in Finnish, Swedish and English)
PAGES = {
    "400": (
        "/aloitteet/?q=%FF",
        400,
        "Pyyntöä ei voitu lukea",
        "Begäran kunde inte läsas",
        "The request could not be read",
    ),
    "403": ("/virhe/403/", 403, "Ei käyttöoikeutta", "Åtkomst nekad", "Access denied"),
    "404": ("/ei-tallaista-sivua/", 404, "Sivua ei löytynyt", "Sidan hittades inte", "Page not found"),
    "429": ("/virhe/429/", 429, "Liian monta lähetystä", "För många förfrågningar", "Too many requests"),
    "500": ("/virhe/500/", 500, "Jokin meni vikaan", "Något gick fel", "Something went wrong"),
    "503": (
        "/virhe/503/",
        503,
        "Palvelu ei ole tilapäisesti käytettävissä",
        "Tjänsten är tillfälligt otillgänglig",
        "The service is temporarily unavailable",
    ),
}
LANGUAGES = {"fi": 0, "sv": 1, "en": 2}


@pytest.fixture(autouse=True)
def _failing_addresses(settings):
    settings.ROOT_URLCONF = "tests.faults.failing_urls"


@pytest.fixture
def visitor(settings) -> Client:
    """A browser's client: its language cookie set by the test, the real response returned for every exception."""
    return Client(raise_request_exception=False)


def assert_portal_page(response, status: int, language: str, heading: str) -> str:
    html = response.content.decode()
    assert response.status_code == status, (response.status_code, html[:300])
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert re.search(r"<title>[^<]+ – (Satakunnan hyvinvointialue|Satakunta välfärdsområde)</title>", html), html[:600]
    assert '<a class="skip-link" href="#main">' in html
    assert '<form class="language-switcher"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<footer class="site-footer">' in html
    return html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_each_error_page_is_in_the_layout_and_the_visitors_language(visitor, settings, page, language):
    address, status, *headings = PAGES[page]
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = visitor.get(address)

    assert_portal_page(response, status, language, headings[LANGUAGES[language]])


def test_the_rate_limit_page_is_the_429_page_with_the_forms_own_explanation():
    context = {"registry_email": "kirjaamo@example.invalid"}
    generic = render_to_string("429.html", context)
    rate_limited = render_to_string("form_rate_limited.html", context)

    assert "<h1>Liian monta lähetystä</h1>" in generic
    assert "<h1>Liian monta lähetystä</h1>" in rate_limited
    assert generic.split("<h1>")[0] == rate_limited.split("<h1>")[0]
    assert generic != rate_limited


def test_a_staff_page_refused_to_a_user_without_the_role(client, secretary_user):
    client.force_login(secretary_user)

    response = client.get(reverse("initiatives:staff-outbox"))

    html = assert_portal_page(response, 403, "fi", "Ei käyttöoikeutta")
    assert "pääkäyttäjää" in html
    assert "not for you" not in html
    assert "Forbidden" not in html


@pytest.mark.parametrize(
    ("language", "heading"), [("fi", "Lomaketta ei voitu lähettää"), ("sv", "Formuläret kunde inte skickas")]
)
def test_a_form_sent_without_the_csrf_cookie_is_explained(settings, language, heading):
    browser = Client(enforce_csrf_checks=True)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = browser.post("/kieli/setlang/", {"language": "en", "next": "/"})

    html = assert_portal_page(response, 403, language, heading)
    assert "CSRF" not in html
    assert "django_language" not in response.cookies or response.cookies["django_language"].value == language


@pytest.mark.parametrize(("page", "status"), [("500", 500), ("503", 503)])
def test_the_500_and_503_pages_read_nothing_from_the_database(
    visitor, registry_user, django_assert_num_queries, page, status
):
    """A logged-in user's session and roles are in the database: the page must not read them (no user, no
    messages), so that it can be shown when the database is what failed."""
    visitor.force_login(registry_user)

    with django_assert_num_queries(0):
        response = visitor.get(PAGES[page][0])

    html = assert_portal_page(response, status, "fi", PAGES[page][2])
    assert "Satakunnan hyvinvointialue" in html.split("</header>")[0]
    assert "no-store" in response["Cache-Control"]


def test_an_unreachable_database_answers_503_with_retry_after_and_one_log_line(visitor, caplog):
    response = visitor.get("/virhe/503/")

    html = assert_portal_page(response, 503, "fi", "Palvelu ei ole tilapäisesti käytettävissä")
    assert int(response["Retry-After"]) > 0
    assert "kirjaamo@sata.fi" in html  # where an urgent matter can go meanwhile
    records = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(records) == 1, [record.getMessage() for record in records]
    assert records[0].exc_info is None
    assert "server closed the connection unexpectedly" in records[0].getMessage()
    assert "/virhe/503/" in records[0].getMessage()


def test_a_database_error_of_a_working_server_is_a_500(visitor):
    """A deadlock is a fault of the portal, not an outage: 500, and no Retry-After."""
    response = visitor.get("/virhe/lukkiutuma/")

    assert_portal_page(response, 500, "fi", "Jokin meni vikaan")
    assert "Retry-After" not in response


def test_a_database_lost_outside_a_view_answers_503_too(visitor, registry_user, monkeypatch):
    """The session is saved after the view, in SessionMiddleware: a server gone by then reaches handler500."""
    visitor.force_login(registry_user)

    def gone(self, must_create=False):
        try:
            raise psycopg.errors.AdminShutdown("terminating connection due to administrator command")
        except psycopg.Error as error:
            raise OperationalError(*error.args) from error

    monkeypatch.setattr(SessionStore, "save", gone)

    response = visitor.get("/tietosuoja/")

    assert_portal_page(response, 503, "fi", "Palvelu ei ole tilapäisesti käytettävissä")
    assert int(response["Retry-After"]) > 0


def test_a_failing_template_still_answers_in_the_visitors_language(visitor, settings, monkeypatch):
    """Should the 503 page itself fail to render, a bare page says the same in the visitor's language."""
    from django.template import loader

    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(loader, "render_to_string", broken)
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    response = visitor.get("/virhe/503/")

    assert response.status_code == 503
    assert '<html lang="sv">' in response.text
    assert "<h1>Tjänsten är tillfälligt otillgänglig</h1>" in response.text
