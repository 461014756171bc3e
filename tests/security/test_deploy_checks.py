"""`manage.py check --deploy` guards the portal's own defences: turning one off or misplacing it is an error."""

import pytest
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm

from osallisuus.checks import CSRF, NO_STORE, SIZE_LIMIT, portal_defences


def ids() -> list[str]:
    return [error.id for error in portal_defences(None)]


def test_the_settings_as_they_are_pass():
    assert portal_defences(None) == []


def test_the_size_limit_after_csrf_is_an_error(settings):
    middleware = [name for name in settings.MIDDLEWARE if name != SIZE_LIMIT]
    middleware.insert(middleware.index(CSRF) + 1, SIZE_LIMIT)
    settings.MIDDLEWARE = middleware

    assert ids() == ["osallisuus.E001"]


@pytest.mark.parametrize(("removed", "error"), [(SIZE_LIMIT, "osallisuus.E001"), (NO_STORE, "osallisuus.E002")])
def test_a_missing_middleware_is_an_error(settings, removed, error):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != removed]

    assert ids() == [error]


def test_upload_handlers_without_the_size_limit_first_are_an_error(settings):
    settings.FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.TemporaryFileUploadHandler"]

    assert ids() == ["osallisuus.E003"]


def test_a_negative_proxy_count_is_an_error(settings):
    settings.TRUSTED_PROXY_COUNT = -1

    assert ids() == ["osallisuus.E004"]


def test_an_admin_login_without_the_throttle_is_an_error(monkeypatch):
    monkeypatch.setattr(admin.site, "login_form", AdminAuthenticationForm)

    assert ids() == ["osallisuus.E005"]
