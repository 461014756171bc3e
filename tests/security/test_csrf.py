"""Every form that changes something carries its CSRF token, the language switcher on every page too: a POST without
the token is refused (403) and changes nothing."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def language_form(html: str) -> str:
    return re.search(r'<form class="language-switcher".*?</form>', html, flags=re.DOTALL).group(0)


@pytest.mark.parametrize("path", ["/", "/aloitteet/", "/tietosuoja/"])
def test_the_language_form_carries_its_token(path):
    client = Client(enforce_csrf_checks=True)
    response = client.get(path)

    assert TOKEN.search(language_form(response.text))
    assert "csrftoken" in response.cookies


def test_choosing_a_language_without_the_token_is_refused_and_changes_nothing():
    client = Client(enforce_csrf_checks=True)
    client.get("/")

    response = client.post("/kieli/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 403
    assert "django_language" not in response.cookies
    assert '<html lang="fi">' in client.get("/").text


def test_a_forged_language_choice_from_another_site_is_refused():
    client = Client(enforce_csrf_checks=True)
    token = TOKEN.search(language_form(client.get("/").text)).group(1)
    client.cookies.clear()  # the other site's page has no cookie of the portal to send with its token

    response = client.post("/kieli/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})

    assert response.status_code == 403


def test_choosing_a_language_with_the_forms_token_works():
    client = Client(enforce_csrf_checks=True)
    token = TOKEN.search(language_form(client.get("/tietosuoja/").text)).group(1)

    response = client.post("/kieli/setlang/", {"language": "sv", "next": "/tietosuoja/", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert response["Location"] == "/tietosuoja/"
    assert '<html lang="sv">' in client.get("/tietosuoja/").text
