"""Settings of the Osallisuus portal: one module, every environment variable read once below with its default.

Development (`make run`, `make test`) sets DEBUG=true; production leaves it unset and must provide SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Environment: the only place os.environ is read ------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# Seconds a request waits for PostgreSQL before it answers 503 (osallisuus.error_pages): to connect, and for a
# connection from the pool.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Osallisuus <osallisuus@example.invalid>")
email_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
email_options = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25),
    "username": env_str("EMAIL_HOST_USER", ""),
    "password": env_str("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    "timeout": env_int("EMAIL_TIMEOUT", 10),
}
# The outbox (osallisuus.outbox): a message the mail server did not accept is tried again after 2, 4, 8… minutes, at
# most this many minutes apart, until it is delivered or staff give it up; one still undelivered this many hours after
# it was written is reported in the staff workspace and by the daily commands (non-zero exit status).
OUTBOX_RETRY_MAX_MINUTES = env_int("OUTBOX_RETRY_MAX_MINUTES", 60)
OUTBOX_UNDELIVERED_WARNING_HOURS = env_int("OUTBOX_UNDELIVERED_WARNING_HOURS", 24)
# The staff page of undelivered email (in the registry's workspace), named in the warnings of the daily commands.
OUTBOX_PAGE = "initiatives:staff-outbox"
# Production hands email and PDFs to `manage.py db_worker`; development runs tasks at once in the request.
TASKS_BACKEND = env_str(
    "TASKS_BACKEND",
    "django.tasks.backends.immediate.ImmediateBackend" if DEBUG else "django_tasks_db.DatabaseBackend",
)
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# The region: everything that differs between wellbeing services counties is data or one of these settings.
REGION_NAME = env_str("REGION_NAME", "Satakunnan hyvinvointialue")
REGION_NAME_SV = env_str("REGION_NAME_SV", "Satakunta välfärdsområde")
# The registry's public address (privacy notice, accessibility feedback).
REGION_REGISTRY_EMAIL = env_str("REGION_REGISTRY_EMAIL", "kirjaamo@sata.fi")
ACCESSIBILITY_FEEDBACK_EMAIL = env_str("ACCESSIBILITY_FEEDBACK_EMAIL", "kirjaamo@sata.fi")
# Month and day by which the yearly initiative list goes to the council (Satakunta: 30 June; Kainuu: March).
ANNUAL_LIST_DEADLINE = env_str("ANNUAL_LIST_DEADLINE", "06-30")
# Retention of personal data (GDPR art. 5(1)(e)); counted from the event named in the setting.
RETENTION_INITIATOR_CONTACT_DAYS = env_int("RETENTION_INITIATOR_CONTACT_DAYS", 365)
RETENTION_BODY_MEMBER_DAYS = env_int("RETENTION_BODY_MEMBER_DAYS", 365 * 2)
RETENTION_MINUTES_PERSONAL_DATA_DAYS = env_int("RETENTION_MINUTES_PERSONAL_DATA_DAYS", 30)
# THL participation indicator: groups smaller than this are refused so no respondent can be singled out.
THL_INDICATOR_MIN_GROUP = env_int("THL_INDICATOR_MIN_GROUP", 10)
# How many reverse proxies in front of the portal append to X-Forwarded-For (osallisuus/clients.py); 0 ignores it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

if not DEBUG and (not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
if DEBUG and not SECRET_KEY:
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105

# --- Applications -------------------------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    "osallisuus",
    "initiatives",
    "bodies",
    "ladder",
    "accessibility",
    "privacy",
    # The demo county of `make run` (seed_demo): development only, so production has no command that adds known
    # passwords. `make run` and `make test` set DEBUG=true.
    *(["demo"] if DEBUG else []),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "osallisuus.middleware.PermissionsPolicyMiddleware",
    "osallisuus.middleware.StaffNoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "osallisuus.middleware.AdminNulMiddleware",
    "osallisuus.middleware.RequestSizeLimitMiddleware",  # before anything reads the body (CSRF does)
    "osallisuus.middleware.MalformedRequestMiddleware",  # reads a form's body once, before CSRF does
    "osallisuus.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "osallisuus.middleware.HtmxVaryMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "osallisuus.urls"
WSGI_APPLICATION = "osallisuus.wsgi.application"
AUTH_USER_MODEL = "osallisuus.User"
# Django's model backend, reading each request's user with its roles in one query (osallisuus/roles.py).
AUTHENTICATION_BACKENDS = ["osallisuus.roles.RolesBackend"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "osallisuus.context_processors.region",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------------

DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's pool through Django; persistent connections (CONN_MAX_AGE) must then stay off.
    # While the server is down a request waits DATABASE_CONNECT_TIMEOUT, not 10 s, and the pool gives up a failed
    # reconnection as soon, so that it tries anew at the next request instead of waiting out a growing back-off.
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": 1,
            "max_size": 8,
            "timeout": DATABASE_CONNECT_TIMEOUT,
            "reconnect_timeout": DATABASE_CONNECT_TIMEOUT,
        },
        "connect_timeout": DATABASE_CONNECT_TIMEOUT,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # SQLite: wait for a writer instead of failing at once; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches: the database cache is shared by every server process (rate limits must hold across them) ----------

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "osallisuus_cache",
        # Rate limits and login pauses. When the table is full the cache deletes live entries too (the first by key,
        # login pauses among them), so it is kept well above what a busy hour leaves in it. No page is cached: every
        # page is rendered for its request.
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}

# --- Email (Django 6.1 mailers) ------------------------------------------------------------------------------

MAILERS = {
    "default": {
        "BACKEND": email_backend,
        "OPTIONS": email_options if email_backend.endswith("smtp.EmailBackend") else {},
    }
}

# --- History: every change is stored with its user and a reason, which may be longer than a line -----------------

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Background work ----------------------------------------------------------------------------------------

TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default"]}}

# --- Internationalisation -----------------------------------------------------------------------------------

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English pages write dates as the Finnish ones do (osallisuus/formats/en/formats.py).
FORMAT_MODULE_PATH = ["osallisuus.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "osallisuus.uploads.RandomNameStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files are never served by URL: views stream them to those allowed to see them. No route and no web server
# serves MEDIA_URL; it is set only because Django's test live server (browser tests) cannot start with None.
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Limits of uploads (osallisuus/uploads.py): a whole request (five 10 MB attachments and the form) and one file.
MAX_REQUEST_BYTES = 5 * 10 * 1024 * 1024 + 1024 * 1024
MAX_UPLOAD_FILE_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "osallisuus.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# --- Authentication -----------------------------------------------------------------------------------------

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/henkilosto/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff sessions end after an hour without activity (tests/security/test_login.py): each staff request saves its
# session, which moves the expiry an hour ahead. Only logged-in staff have a session, so the cost is one UPDATE per
# staff request; visitors have none and nothing is saved for them.
SESSION_COOKIE_AGE = 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
# Sessions in the database, read and written with one query each. (cached_db would add a cache write to every save,
# and in the database cache table sessions would crowd out the login pauses.) `clearsessions` removes expired ones.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Failed logins pause logging in for a while, never for good (osallisuus/login.py): as one username from one client
# network, as one username from anywhere (far higher, so that failing as someone cannot keep them out), and from one
# client network whatever the username (an office shares one address).
LOGIN_FAILURE_LIMIT_PER_USERNAME_AND_CLIENT = 5
LOGIN_FAILURE_LIMIT_PER_USERNAME = 50
LOGIN_FAILURE_LIMIT_PER_CLIENT = 20
LOGIN_COOLOFF_SECONDS = 15 * 60
# The public forms' spam defence (osallisuus.spam.SpamProtectedForm): a form sent sooner after it was shown than this
# is refused as a robot's (tests set 0), and one shown longer ago than this is asked to be sent again.
FORM_MIN_FILL_SECONDS = 3
FORM_MAX_AGE_SECONDS = 24 * 60 * 60

# --- Security -----------------------------------------------------------------------------------------------

# Scripts only from the portal's own files. No page has an inline script (and htmx's allowScriptTags is off), so a
# nonce would add no protection.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "osallisuus.error_pages.csrf_failure"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG

# --- Logging: to standard error, where the process manager collects it --------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO" if not DEBUG else "WARNING"},
    # WeasyPrint and fontTools narrate every rendering step at INFO; only their problems belong in the log.
    # django.tasks logs every task's start and end at INFO.
    "loggers": {
        name: {"level": "WARNING"} for name in ("weasyprint", "weasyprint.progress", "fontTools", "django.tasks")
    },
}
