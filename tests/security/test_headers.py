"""The security headers hold on every URL of the portal (walked from the URL resolver, as in the permission matrix),
with the production settings; staff pages and the admin are never stored by a browser or a proxy."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.security.portal import build_portal, walk
from tests.security.test_permission_matrix import identity_clients, url_for

pytestmark = pytest.mark.django_db

PRODUCTION_SECRET = "s" * 30 + "8hQ2-vLk5ZrN0aWc7Yt3Xe9Bm4Uj1Fp6Dg" + "q" * 6

SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS",
]


@pytest.fixture(scope="module")
def production() -> dict:
    """The security settings as production gets them: a fresh process with DEBUG and everything else unset."""
    ours = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT"}
    environment = {name: value for name, value in os.environ.items() if name not in ours}
    environment.update(SECRET_KEY=PRODUCTION_SECRET, ALLOWED_HOSTS="osallisuus.example.fi")
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_turn_on_https_only_and_a_year_of_hsts(production):
    assert production["DEBUG"] is False
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"


def csp_directives(header: str) -> dict[str, str]:
    return dict([*part.strip().split(" ", 1), ""][:2] for part in header.split(";") if part.strip())


def header_problems(response, url: str) -> list[str]:
    problems = []
    csp = csp_directives(response.get("Content-Security-Policy", ""))
    if csp.get("frame-ancestors") != "'none'":
        problems.append(f"{url}: CSP frame-ancestors {csp.get('frame-ancestors')!r}")
    if csp.get("default-src") != "'self'" or csp.get("object-src") != "'none'" or csp.get("base-uri") != "'none'":
        problems.append(f"{url}: CSP {response.get('Content-Security-Policy')!r}")
    script = csp.get("script-src", "")
    if "unsafe-inline" in script or "unsafe-eval" in script or csp.get("style-src") != "'self'":
        problems.append(f"{url}: CSP allows inline code: {response.get('Content-Security-Policy')!r}")
    if "max-age=31536000" not in response.get("Strict-Transport-Security", ""):
        problems.append(f"{url}: Strict-Transport-Security {response.get('Strict-Transport-Security')!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{url}: X-Content-Type-Options {response.get('X-Content-Type-Options')!r}")
    # The initiator's private page narrows it further (initiatives.views.public._private).
    if response.get("Referrer-Policy") not in {"same-origin", "strict-origin"}:
        problems.append(f"{url}: Referrer-Policy {response.get('Referrer-Policy')!r}")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"{url}: Permissions-Policy {response.get('Permissions-Policy')!r}")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"{url}: X-Frame-Options {response.get('X-Frame-Options')!r}")
    return problems


def test_every_url_carries_the_security_headers_for_everyone(settings, production):
    for name in ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"):
        setattr(settings, name, production[name])  # HSTS is sent only with production's values, over HTTPS
    portal = build_portal()
    clients = identity_clients(portal)
    problems, checked = [], 0

    for route in walk():
        url = url_for(route, portal)
        for identity in ("anonymous", "admin"):
            response = clients[identity].get(url, secure=True)
            checked += 1
            problems.extend(f"{identity}: {problem}" for problem in header_problems(response, url))

    assert problems == [], "\n".join(problems)
    assert checked == 2 * len(walk())
    print(f"\nsecurity headers: {len(walk())} URL patterns x 2 identities = {checked} responses")


def test_a_page_not_found_and_a_refused_request_carry_the_headers_too(settings, production, client):
    settings.SECURE_HSTS_SECONDS = production["SECURE_HSTS_SECONDS"]

    not_found = client.get("/ei-tallaista-sivua/", secure=True)
    forged = Client(enforce_csrf_checks=True).post("/henkilosto/kirjaudu/", {"username": "x"}, secure=True)

    assert (not_found.status_code, forged.status_code) == (404, 403)
    assert header_problems(not_found, "404") == []
    assert header_problems(forged, "csrf") == []


# That no staff or admin page is stored, whoever asks, is checked on every answer of the permission matrix
# (test_permission_matrix.test_every_url_answers_each_identity_as_the_table_declares).


def test_public_pages_may_be_cached(client, db):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_the_login_page_is_a_staff_page_and_never_stored():
    response = Client().get("/henkilosto/kirjaudu/")

    assert "no-store" in response["Cache-Control"]
