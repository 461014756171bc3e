"""Production settings: the deployment checklist passes, a missing secret stops the start, and the headers hold."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

PRODUCTION_SECRET = "k" * 20 + "3f9Qz-LpV7rXa2Nw8Ty4Hb6Mc1Ue5Gd0Js" + "p" * 10  # 64 characters, not a real key


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with production defaults: DEBUG and the secrets come only from `env`."""
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest for this test process only.
    ours = {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DJANGO_SETTINGS_MODULE",
        "SECURE_SSL_REDIRECT",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    environment = {name: value for name, value in os.environ.items() if name not in ours}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    assert len(PRODUCTION_SECRET) == 64

    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="osallisuus.example.fi",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_debug_false_spelled_out_is_production_too():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="a.fi",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "secret",
    [
        None,  # not set at all
        "",
        "too-short-for-production",
        "django-insecure-" + "x" * 60,  # the kind of key startproject writes for development
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    env = {"ALLOWED_HOSTS": "osallisuus.example.fi"}
    if secret is not None:
        env["SECRET_KEY"] = secret

    result = manage("check", **env)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set to a random value" in result.stderr
    assert "secrets.token_urlsafe(64)" in result.stderr  # says how to make one


def test_development_runs_without_a_secret_key():
    result = manage("check", DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_misspelt_boolean_is_refused_with_its_name():
    result = manage("check", DEBUG="ture")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG must be true or false, not 'ture'" in result.stderr


def test_content_security_policy_allows_only_own_scripts(client, db):
    response = client.get("/")

    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";") if directive
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_every_response_carries_the_security_headers(client, db):
    response = client.get("/tietosuoja/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_page_has_an_inline_script(client, db, registry_user):
    """Scripts only from files ('self'), so no nonce is needed (settings.SECURE_CSP)."""
    pages = [client.get(path).content.decode() for path in ("/", "/aloitteet/", "/aloitteet/uusi/", "/ohjelma/")]
    client.force_login(registry_user)
    pages += [client.get(path).content.decode() for path in ("/henkilosto/", "/admin/")]

    scripts = [found for html in pages for found in re.findall(r"(<script\b[^>]*>)(.*?)</script>", html, re.DOTALL)]
    assert len(scripts) >= len(pages)
    assert all(" src=" in tag and not body.strip() for tag, body in scripts)


def test_https_redirect_spares_the_health_check(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    page = client.get("/tietosuoja/")
    assert page.status_code == 301
    assert page["Location"] == "https://testserver/tietosuoja/"
