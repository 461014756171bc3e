"""Pages served from the shared cache until the data changes: public pages for visitors without a session, and the
staff workspace for the one user who had it rendered.

A public page is the same for every visitor who has no session: its content depends only on the data, the language,
the day and the address. The views marked `@public_page` keep their rendered response in the shared database cache
(a table of its own, read by every server process) and answer from it until the data changes. `@personal_page` does
the same for a logged-in user's own page, keyed by that user's session.

The rules, each tested in tests/test_pagecache.py:

- **Who gets a cached page:** a GET whose only cookies are the language and CSRF cookies (and, for a personal
  page, the session of a logged-in user with no message waiting). Any other cookie, such as a flash message, may make
  the page different, so it is rendered fresh.
- **What is stored:** a plain 200 that set no cookie or header of its own, changed no session and said nothing
  against caching, for an address whose parameters are all ones the page reads. A public page with a form (and so a
  CSRF token) is never stored; nor is an error, a redirect or a download.
- **The key:** the address with its query, the host, the language, the day in Helsinki (deadlines and the appeal
  period move with the date) and the htmx headers that choose a partial; for a personal page also the user, the
  session and the CSRF cookie (its forms carry a token made from that cookie). Keys are hashes: no address, user or
  cookie is readable in the cache table.
- **Invalidation:** every entry carries the content version it was rendered at. The version changes after each
  commit that saved or deleted a row a cached page may show (model signals: the admin, every service and management
  command are covered without each remembering to) and where rows are written in bulk without signals
  (`content_changed()`). An entry of an older version is never served.
- **Staleness without a write:** entries expire after `PUBLIC_PAGE_CACHE_SECONDS` (60 s), the bound for what moves
  with the clock inside a day (a meeting starting becomes a past meeting). The expiry is stamped by the clock of the
  server that stored the entry: the servers' clocks must be kept in time (NTP).
- **Permissions stay with the views:** `@personal_page` sits inside the login and role checks, which run on every
  request; a user who loses a role is refused before the cache is read (and the change retires the entries anyway).

A hit costs one query (the version and the entry are read together) and no rendering.
"""

import functools
import hashlib
import time
from collections.abc import Callable, Iterable

from django.apps import apps as registry
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from simple_history.models import HistoricalChanges

CACHE = "pages"  # settings.CACHES: a table of its own, so that pages never push out rate limits or sessions
VERSION_KEY = "pagecache:version"
# django.contrib.messages' SessionStorage keeps a waiting message here (the default FallbackStorage in a cookie).
MESSAGES_SESSION_KEY = "_messages"
# The apps whose rows appear on the cached pages; auth for the groups (roles), which change what a workspace shows.
APPS = frozenset({"osallisuus", "initiatives", "bodies", "ladder", "auth"})
# Their models that no cached page shows and that are written often or in bulk: logs, staff-only feedback, the
# reference counter and the outbox's delivery attempts. (History rows always come with a row of their model.)
UNSHOWN = frozenset(
    {
        "osallisuus.accessrequestexport",
        "osallisuus.retentionrun",
        "osallisuus.accessibilityfeedback",
        "initiatives.referencecounter",
        "initiatives.outboxmessage",
    }
)
# htmx request headers that choose which partial a view renders (request.htmx.target, .history_restore_request).
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request", "HX-Boosted")
# The response headers a view may set on a page that is stored; the middleware around the view adds the rest on every
# response, hit or not. A response with any other header (HX-Trigger, Cache-Control, ...) is not stored.
KEPT_HEADERS = frozenset({"content-type", "vary", "content-language"})


def public_page(view: Callable | None = None, /, *, query: Iterable[str] = ()) -> Callable:
    """Serve `view`'s response from the shared cache to visitors without a session (the module's rules).

    `query`: the names of the parameters the page reads. A request with any other parameter is answered but its page
    is not stored, so that made-up addresses cannot fill the cache and push out the pages residents read."""
    if view is None:
        return functools.partial(public_page, query=query)
    return _cached(view, personal=False, query=frozenset(query))


def personal_page(view: Callable | None = None, /, *, query: Iterable[str] = ()) -> Callable:
    """Serve `view`'s response from the shared cache to the logged-in user who had it rendered, and to nobody else.

    For a page that every action of staff changes but that is read far more often than that (the workspace). The
    decorator goes inside the permission checks: the cache never decides who may see a page. `query` as for
    public_page."""
    if view is None:
        return functools.partial(personal_page, query=query)
    return _cached(view, personal=True, query=frozenset(query))


def _cached(view: Callable[..., HttpResponse], *, personal: bool, query: frozenset[str]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _is_cacheable_read(request, personal=personal):
            return _varying(view(request, *args, **kwargs))
        key = _entry_key(request, personal=personal)
        found = caches[CACHE].get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or _first_version()
        entry = found.get(key)
        if entry is not None and entry["version"] == version:
            return _response_of(entry)
        response = view(request, *args, **kwargs)
        if set(request.GET) <= query and _is_storable(request, response, personal=personal):
            caches[CACHE].set(key, _entry_of(response, version), timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
        return _varying(response)

    cached_view.page_cache = "personal" if personal else "public"
    return cached_view


def content_changed() -> None:
    """Retire every cached page once the current transaction commits (at once outside a transaction).

    Called by the model signals below and by code that writes rows in bulk (queryset.update, bulk_create), which
    sends no signals. Several changes in one transaction retire the pages once."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        isinstance(callback, RetirePages) and not callback.done for _, callback, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(RetirePages(), robust=True)


class RetirePages:
    """The on-commit callback of content_changed: a new content version, so that no older entry is served again."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        self.done = True
        caches[CACHE].set(VERSION_KEY, time.time_ns(), timeout=None)


def connect_signals() -> None:
    """Every saved or deleted row that a cached page may show retires the cached pages (called from
    AppConfig.ready).

    Signals rather than calls in each service: the page cache is not the apps' business, and the admin, the services
    and the management commands then cannot forget it. Connected model by model, so that the models no cached page
    shows keep Django's fast deletes and their writes keep the cache."""
    for model in shown_models():
        uid = model._meta.label_lower
        post_save.connect(_row_saved, sender=model, dispatch_uid=f"pagecache-save-{uid}")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"pagecache-delete-{uid}")
        m2m_changed.connect(_row_changed, sender=model, dispatch_uid=f"pagecache-m2m-{uid}")


def shown_models() -> list[type[Model]]:
    """The models of the apps in APPS (their many-to-many tables too) but their history and the write-only logs."""
    return [
        model
        for label in sorted(APPS)
        for model in registry.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label_lower not in UNSHOWN and not issubclass(model, HistoricalChanges)
    ]


def _row_saved(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login: no page shows it
    content_changed()


def _row_changed(sender, **kwargs) -> None:
    content_changed()


def _first_version() -> int:
    caches[CACHE].add(VERSION_KEY, time.time_ns(), timeout=None)
    return caches[CACHE].get(VERSION_KEY)


def _is_cacheable_read(request: HttpRequest, *, personal: bool) -> bool:
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or request.method not in {"GET", "HEAD"}:
        return False
    harmless = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    if not personal:
        return set(request.COOKIES) <= harmless
    return (
        set(request.COOKIES) <= harmless | {settings.SESSION_COOKIE_NAME}
        and request.user.is_authenticated
        and MESSAGES_SESSION_KEY not in request.session  # a message waits to be shown once
    )


def _entry_key(request: HttpRequest, *, personal: bool) -> str:
    parts = [
        request.get_host(),
        request.get_full_path(),
        get_language(),
        timezone.localdate().isoformat(),
        *(request.headers.get(name, "") for name in HTMX_HEADERS),
    ]
    if personal:
        # The session and CSRF cookies too: the page's forms carry a token made from that CSRF cookie.
        cookies = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        parts += [f"user {request.user.pk}", *(request.COOKIES.get(name, "") for name in cookies)]
    return "pagecache:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _is_storable(request: HttpRequest, response: HttpResponse, *, personal: bool) -> bool:
    cache_control = response.get("Cache-Control", "")
    if personal:
        # A token on the page is only good with the CSRF cookie of the key (not a new one made for this response).
        token_fits = request.META.get("CSRF_COOKIE") == request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    else:
        token_fits = not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a page with a token has a form: not stored
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and token_fits
        and not request.session.modified
        and "private" not in cache_control
        and "no-store" not in cache_control
        and all(name.lower() in KEPT_HEADERS for name in response.headers)
    )


def _entry_of(response: HttpResponse, version: int) -> dict:
    return {"version": version, "content": response.content, "headers": list(response.items())}


def _response_of(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    return _varying(response)


def _varying(response: HttpResponse) -> HttpResponse:
    """The page depends on the cookies (language, session) and, for htmx, is a partial of the same address (but when
    htmx restores its history)."""
    patch_vary_headers(response, ["Cookie", "HX-Request", "HX-History-Restore-Request"])
    return response
