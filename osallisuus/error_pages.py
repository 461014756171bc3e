"""The portal's error pages (templates/400.html, 403.html, 404.html, 429.html, 500.html and 503.html) and the views
that answer with them where Django's own would not do (osallisuus/urls.py, CSRF_FAILURE_VIEW).

- 400: Django's view runs the CSRF check again (`requires_csrf_token`), and the check reads the body again. For a
  body that could not be read the second read failed as the first had, and the visitor got the server's bare 500.
  `bad_request` renders the page and reads nothing.
- 429: a public form refused by its rate limit gets the 429 page with the forms' own explanation
  (`form_rate_limited`).
- 403: Django's CSRF failure page is in English; `csrf_failure` explains in the visitor's language what to do.
- 500 and 503: rendered without the database (`render_without_database`), since the database may be the fault. When
  it is, because it cannot be reached (`database_unavailable`), the answer is 503 with Retry-After instead of 500.
"""

import contextlib
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.log import log_response
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from osallisuus.context_processors import region_settings

logger = logging.getLogger(__name__)


def form_rate_limited(request: HttpRequest) -> HttpResponse:
    """A public form sent too often from one client network: nothing was stored, and the page says when to try
    again and where to write meanwhile."""
    return render(request, "form_rate_limited.html", status=429)


# What a client is told to wait before asking again while the database cannot be reached.
RETRY_AFTER_SECONDS = 60
# SQLSTATEs of a server that is gone or not taking connections: connection exceptions (class 08), and shutting down
# (admin_shutdown, crash_shutdown) or starting up (cannot_connect_now).
UNAVAILABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03")


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether `exception` says the database cannot be reached now: no connection (refused, timed out, none free in
    the pool within its timeout), or the connection lost or closed by a server going down. Errors of a working
    server (a deadlock, a statement timeout, a broken query) are not: they are faults of the portal (500).

    Only PostgreSQL's errors (psycopg's, which carry a SQLSTATE, None for a failure on the client's side) count:
    SQLite's OperationalError is a local file's fault, such as a missing table."""
    if not isinstance(exception, (OperationalError, InterfaceError)):
        return False
    cause = exception.__cause__
    if not hasattr(cause, "sqlstate"):
        return False
    return cause.sqlstate is None or cause.sqlstate.startswith(UNAVAILABLE_SQLSTATES)


def render_without_database(request: HttpRequest, template_name: str, status: int) -> HttpResponse:
    """The page rendered from the region's settings, the request's address and its CSRF cookie, and nothing else: no
    context processor runs, so neither the user, the session nor the messages are read (each may need the database).

    Should the template itself fail, a bare page in the visitor's language is sent rather than the server's own."""
    context = {**region_settings(), "request": request, "csrf_token": get_token(request)}
    try:
        html = loader.render_to_string(template_name, context)
    except Exception:
        logger.exception("The error page %s could not be rendered", template_name)
        title = _("The service is temporarily unavailable") if status == 503 else _("Something went wrong")
        html = (
            f'<!doctype html><html lang="{get_language()}"><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<h1>{escape(title)}</h1><p>{escape(_('Please try again in a few minutes.'))}</p></html>"
        )
    response = HttpResponse(html, status=status)
    add_never_cache_headers(response)  # no proxy or browser may keep it as the page
    # A 5xx never saves the session, yet SessionMiddleware reads a logged-in user's session first (to set its
    # cookie's expiry, SESSION_SAVE_EVERY_REQUEST): without the database another wait and another error. Without
    # request.session it leaves the response and the session cookie as they are.
    with contextlib.suppress(AttributeError):
        del request.session
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def unavailable(request: HttpRequest, exception: BaseException) -> HttpResponse:
    """503 for a request that could not reach the database, logged in one line with the reason."""
    response = render_without_database(request, "503.html", 503)
    reason = str(exception).strip().splitlines()[0] if str(exception).strip() else type(exception).__name__
    log_response("Service unavailable (database: %s): %s", reason, request.path, response=response, request=request)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: templates/400.html, without Django's second CSRF check (see the module's docstring)."""
    return render(request, "400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: templates/500.html, or 503.html when the fault is an unreachable database (this view runs inside
    Django's handling of the exception, which is therefore the one being handled)."""
    if database_unavailable(sys.exception()):
        return render_without_database(request, "503.html", 503)
    return render_without_database(request, "500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without the portal's cookie or with an expired token (Django logs the reason)."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)
