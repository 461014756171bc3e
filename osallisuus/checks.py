"""Deployment checks of the portal's own defences (`manage.py check --deploy`): each says what is missing or in the
wrong order, so a settings change that would quietly turn one off fails the deployment checklist."""

from django.conf import settings
from django.contrib import admin
from django.core.checks import Error, Tags, register

from osallisuus.login import ThrottledLoginMixin

SIZE_LIMIT = "osallisuus.middleware.RequestSizeLimitMiddleware"
NO_STORE = "osallisuus.middleware.StaffNoStoreMiddleware"
CSRF = "django.middleware.csrf.CsrfViewMiddleware"
UPLOAD_LIMIT = "osallisuus.uploads.UploadSizeLimitHandler"


@register(Tags.security, deploy=True)
def portal_defences(app_configs, **kwargs) -> list[Error]:
    errors = []
    middleware = list(settings.MIDDLEWARE)
    if SIZE_LIMIT not in middleware or (CSRF in middleware and middleware.index(SIZE_LIMIT) > middleware.index(CSRF)):
        errors.append(
            Error(f"{SIZE_LIMIT} must be installed before {CSRF}, which reads every POST body.", id="osallisuus.E001")
        )
    if NO_STORE not in middleware:
        errors.append(Error(f"{NO_STORE} must be installed: staff pages would be cached.", id="osallisuus.E002"))
    if list(settings.FILE_UPLOAD_HANDLERS)[:1] != [UPLOAD_LIMIT]:
        errors.append(Error(f"FILE_UPLOAD_HANDLERS must start with {UPLOAD_LIMIT}.", id="osallisuus.E003"))
    if settings.TRUSTED_PROXY_COUNT < 0:
        errors.append(Error("TRUSTED_PROXY_COUNT must be 0 or more.", id="osallisuus.E004"))
    if not issubclass(admin.site.login_form or object, ThrottledLoginMixin):
        errors.append(Error("The admin's login must count failed attempts (osallisuus.login).", id="osallisuus.E005"))
    return errors
