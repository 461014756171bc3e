"""Middleware of the whole portal: security headers and limits that hold for every view."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

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


class RequestSizeLimitMiddleware:
    """A request whose declared body is larger than MAX_REQUEST_BYTES gets 413 before any of the body is read.

    It must come before CsrfViewMiddleware, which reads the body of every POST to find the token."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
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
