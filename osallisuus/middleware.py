"""Middleware of the whole portal: security headers and limits that hold for every view, and the answers to requests
it cannot read (400) or cannot serve without its database (503)."""

import codecs
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.log import log_response

from osallisuus.error_pages import database_unavailable, unavailable

# The portal uses none of these browser features; saying so stops embedded content from asking for them.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# The staff workspace and the admin show personal data: neither the browser nor any proxy may keep a copy.
NO_STORE_PREFIXES = ("/henkilosto/", "/admin/")


class StaffNoStoreMiddleware:
    """Every response under NO_STORE_PREFIXES says `Cache-Control: no-store` (and private, no-cache)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(NO_STORE_PREFIXES):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


# The request headers with which the same address answers with a fragment instead of the page (osallisuus.fragments).
HTMX_VARY = ("HX-Request", "HX-History-Restore-Request")


class HtmxVaryMiddleware:
    """Every page says it varies with the htmx headers, so that a browser going back to an address that htmx pushed
    is never shown the fragment it keeps for that address instead of the page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, HTMX_VARY)
        return response


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:  # as Django reads it
        return 0


class RequestSizeLimitMiddleware:
    """A request whose declared body is larger than MAX_REQUEST_BYTES gets 413 before any of the body is read.

    It must come before CsrfViewMiddleware, which reads the body of every POST to find the token."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _content_length(request) > settings.MAX_REQUEST_BYTES:
            response = render(request, "too_large.html", status=413)
            # The body was not read: the connection cannot carry another request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class AdminNulMiddleware:
    """The admin builds its list filters straight from the query string, and PostgreSQL refuses a NUL in a query
    (a 500). A NUL in an admin query string is refused with 400 (templates/400.html) before the admin reads it.
    The portal's own views read their parameters through forms, which refuse NUL themselves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/admin/") and any(
            "\x00" in key + "".join(values) for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL in the query string")
        return self.get_response(request)


# A codec that reads UTF-8 and fails on anything else: the request's encoding while its form is read, so that Django's
# parsers refuse bytes that are not UTF-8 where they would replace them with U+FFFD.
STRICT_UTF8 = "osallisuus_strict_utf_8"


def _strict_utf8_search(name: str) -> codecs.CodecInfo | None:
    if name != STRICT_UTF8:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        name=STRICT_UTF8,
        encode=utf8.encode,
        # Strict whatever the caller asks: Django's multipart parser asks for errors="replace".
        decode=lambda data, errors="strict": utf8.decode(data, "strict"),
    )


codecs.register(_strict_utf8_search)


# Set in the WSGI environ by osallisuus.wsgi.application for a Content-Type header that does not parse.
UNREADABLE_CONTENT_TYPE = "osallisuus.unreadable_content_type"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# What Django raises when it cannot read a body: a multipart body that does not parse, a field too large or too many
# of them (SuspiciousOperation), the client gone half way (UnreadablePostError), an urlencoded body declared in
# another charset (BadRequest), and bytes that are not UTF-8 (read with STRICT_UTF8).
UNREADABLE_BODY = (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError, UnicodeDecodeError)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _unreadable(request: HttpRequest) -> str | None:
    """Why the portal cannot read `request`, or None. Reads (and so parses) a form's body: must run before anything
    else reads it, so that a body that cannot be read is read only once."""
    if request.META.get(UNREADABLE_CONTENT_TYPE):  # osallisuus.wsgi.application
        return "Content-Type header that does not parse"
    if not _is_utf8(unquote_to_bytes(get_bytes_from_wsgi(request.META, "QUERY_STRING", ""))):
        return "query string not in UTF-8"
    if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
        return None
    charset = request.content_params.get("charset")
    if charset is not None:
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            codec = None
        # The portal's pages are UTF-8, so browsers send its forms in UTF-8.
        if codec != "utf-8":
            return f"form in charset {charset!r}"
    if request.content_type == "multipart/form-data":
        request.encoding = STRICT_UTF8  # (Django reads an urlencoded form in UTF-8 only: checked below)
    try:
        fields, files = request.POST, request.FILES
    except UNREADABLE_BODY as error:
        # Answered at once with 400: nothing reads the body again (CSRF protection comes after this middleware).
        return f"form that does not parse: {type(error).__name__}"
    if request.content_type == "multipart/form-data":
        # An empty form is its closing delimiter alone ("--boundary--" and a line break or two); a longer body in which
        # Django found no part at all is not a form.
        delimiter = len(request.content_params.get("boundary", "")) + len("----\r\n\r\n")
        if not fields and not files and _content_length(request) > delimiter:
            return "multipart body without a part that parses"
    elif not _is_utf8(unquote_to_bytes(request.body)):
        # Django reads such a body as Latin-1, or its escaped bytes as U+FFFD.
        return "form not in UTF-8"
    return None


class MalformedRequestMiddleware:
    """A request the portal cannot read gets 400 with templates/400.html and one log line saying why:
    a form body in another charset than UTF-8, a query string or form fields with bytes that are not UTF-8, a form
    body that does not parse (multipart, too many fields, a field too large), a Content-Type header that does not
    parse.

    Django raises these errors where request.POST is first read, in CSRF protection, and its 400 view ran the CSRF
    check again, which read the body again: the second error made the answer the server's bare 500, with a traceback
    logged once per middleware. Here the body is read once, before CsrfViewMiddleware, and a body that failed is left
    empty for whatever reads it later; osallisuus.error_pages.bad_request no longer checks CSRF again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if problem := _unreadable(request):
            response = render(request, "400.html", status=400)
            log_response("Bad request (%s): %s", problem, request.path, response=response, request=request)
            return response
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database (the server is down or restarting, the connection pool found no
    connection within DATABASE_CONNECT_TIMEOUT seconds, the connection was lost half way) answers 503 with
    templates/503.html and Retry-After, logged in one line. Its transaction was rolled back, so nothing of the
    request was stored, and the form can be sent again. The page is rendered without the database
    (osallisuus.error_pages); a database fault outside a view reaches handler500, which answers the same."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if database_unavailable(exception):
            return unavailable(request, exception)
        return None
