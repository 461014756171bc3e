"""The page cache (osallisuus/pagecache.py): public pages for visitors without a session, and the workspace for the
user whose session rendered it, read from the cache in one query until the data changes, and never shown to anyone
else."""

import contextlib
import datetime
import functools
import re

import pytest
import time_machine
from django.contrib import messages
from django.contrib.auth.models import Group
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import post_delete
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative, OutboxMessage
from osallisuus import pagecache
from osallisuus.models import Organ
from tests.browser import crawl_data
from tests.initiatives.factories import make_initiative, make_published

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)
# Every cached page: a resident's reading pages, none with a form. Pages with forms, downloads, feeds and the private
# tracking page are rendered for each request.
PUBLIC_PAGES = {
    "home",
    "accessibility",
    "privacy",
    "initiatives:list",
    "initiatives:detail",
    "bodies:index",
    "bodies:body",
    "bodies:term",
    "bodies:meeting",
    "bodies:statement",
    "ladder:index",
}
PERSONAL_PAGES = {"initiatives:workspace"}


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block run as a transaction of its own that commits: what the test wrote before it counts as committed too.

    The test's own transaction never commits, so the page cache's callbacks of earlier writes would stay pending and
    (rightly, within one transaction) stand in for the block's. They are run first, as their commit would run them;
    the block's own callbacks then run at its end."""

    @contextlib.contextmanager
    def block():
        for _, callback, _ in connection.run_on_commit:
            if isinstance(callback, pagecache.RetirePages) and not callback.done:
                callback()
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return block


@pytest.fixture
def queries_of(django_assert_max_num_queries):
    """The number of queries `client` makes for a GET of `path`, which must answer 200 (1: read from the cache)."""

    def count(client: Client, path: str) -> int:
        with django_assert_max_num_queries(50) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    return count


@pytest.fixture
def published(hyte_user, committed) -> Initiative:
    with committed():
        return make_published(hyte_user, title="Penkkejä puistoon")


def cache_kinds() -> dict[str, str]:
    """URL name -> "public" / "personal" for every view wrapped by the page cache."""
    found = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                view = pattern.callback
                while view is not None and not hasattr(view, "page_cache"):
                    view = getattr(view, "__wrapped__", None)
                if view is not None:
                    found[namespace + pattern.name] = view.page_cache

    walk(get_resolver().url_patterns)
    return found


def test_the_cached_pages_are_the_reading_pages_and_the_workspace():
    kinds = cache_kinds()

    assert {name for name, kind in kinds.items() if kind == "public"} == PUBLIC_PAGES
    assert {name for name, kind in kinds.items() if kind == "personal"} == PERSONAL_PAGES


def test_every_cached_public_page_is_read_in_one_query_and_equals_a_fresh_one(settings, django_assert_num_queries):
    data = crawl_data.build()
    paths = [
        "/",
        "/saavutettavuus/",
        "/tietosuoja/",
        "/aloitteet/",
        "/aloitteet/?q=valaistaan&page=2",
        f"/aloitteet/{data.initiative.reference}/",
        "/toimielimet/",
        f"/toimielimet/{data.body.slug}/",
        f"/toimielimet/{data.body.slug}/toimikausi/{data.old_term.pk}/",
        f"/toimielimet/{data.body.slug}/kokoukset/{data.held.pk}/",
        f"/toimielimet/{data.body.slug}/lausunnot/{data.statement.pk}/",
        "/ohjelma/",
    ]
    client = Client()
    cached = {}
    for path in paths:
        first = client.get(path)
        assert first.status_code == 200, path
        with django_assert_num_queries(1):
            again = client.get(path)
        assert again.content == first.content, path
        assert again["Content-Type"] == first["Content-Type"]
        assert set(again["Vary"].split(", ")) >= {"Cookie", "HX-Request", "Accept-Language"}
        assert not again.cookies
        cached[path] = again.content

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    assert {path: client.get(path).content for path in paths} == cached


def test_a_committed_change_shows_at_once(client, published, hyte_user, committed):
    assert "Penkkejä puistoon" in client.get("/aloitteet/").text
    detail = f"/aloitteet/{published.reference}/"
    assert client.get(detail).status_code == 200

    with committed():
        services.initiative_unpublish(initiative=published, user=hyte_user, reason="Julkaistu vahingossa")
        make_published(hyte_user, title="Valoja kävelytielle")

    listed = client.get("/aloitteet/").text
    assert "Penkkejä puistoon" not in listed
    assert "Valoja kävelytielle" in listed
    assert client.get(detail).status_code == 404


def test_a_saved_row_of_any_app_retires_the_pages(client, published, committed):
    organ = Organ.objects.create(name="Aluehallitus", kind=Organ.Kind.BOARD)
    Initiative.objects.filter(pk=published.pk).update(handling_organ=organ)
    with committed():
        pagecache.content_changed()
    assert "Aluehallitus" in client.get("/aloitteet/").text

    organ.name = "Aluevaltuusto"
    with committed():
        organ.save()  # as the admin saves it

    assert "Aluevaltuusto" in client.get("/aloitteet/").text


def test_a_bulk_write_shows_only_after_content_changed(client, published, committed):
    client.get("/aloitteet/")
    Initiative.objects.filter(pk=published.pk).update(title="Penkkejä rantaan")  # no signal

    assert "Penkkejä rantaan" not in client.get("/aloitteet/").text
    with committed():
        pagecache.content_changed()
    assert "Penkkejä rantaan" in client.get("/aloitteet/").text


def test_a_transaction_retires_the_pages_once_and_only_when_it_commits(
    published, hyte_user, committed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.initiative_unpublish(initiative=published, user=hyte_user, reason="Julkaistu vahingossa")
        make_initiative(title="Toinen aloite")
    assert len([callback for callback in callbacks if isinstance(callback, pagecache.RetirePages)]) == 1

    with committed():  # everything so far committed: no callback of the page cache waits
        pass
    version = caches["pages"].get(pagecache.VERSION_KEY)
    with (  # noqa: PT012
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        make_initiative(title="Peruttu aloite")
        raise RuntimeError("rolled back")
    assert not [callback for callback in callbacks if isinstance(callback, pagecache.RetirePages)]
    assert caches["pages"].get(pagecache.VERSION_KEY) == version


def test_logins_logs_and_the_outbox_leave_the_pages_and_keep_fast_deletes(client, published, registry_user, committed):
    client.get("/aloitteet/")
    with committed():  # the fixtures' rows
        pass
    version = caches["pages"].get(pagecache.VERSION_KEY)

    with committed():
        assert Client().login(username=registry_user.username, password="test-password-123")  # saves last_login
        OutboxMessage.objects.filter(initiative=published).update(attempts=1)
        message = OutboxMessage.objects.filter(initiative=published).first()
        message.save()

    assert caches["pages"].get(pagecache.VERSION_KEY) == version
    shown = pagecache.shown_models()
    assert Initiative in shown
    assert Organ in shown
    assert Group in shown
    assert OutboxMessage not in shown
    assert Initiative.history.model not in shown
    assert not post_delete.has_listeners(Session)  # Django deletes sessions without loading them
    assert not post_delete.has_listeners(OutboxMessage)
    assert post_delete.has_listeners(Initiative)


def test_made_up_parameters_are_answered_but_never_stored(published, queries_of):
    client = Client()
    queries = functools.partial(queries_of, client)

    queries("/aloitteet/?q=penkki&status=received&page=1")
    assert queries("/aloitteet/?q=penkki&status=received&page=1") == 1  # the form's own parameters
    queries("/aloitteet/?utm_source=x")
    assert queries("/aloitteet/?utm_source=x") > 1
    queries("/toimielimet/?anything=1")
    assert queries("/toimielimet/?anything=1") > 1


def test_a_cached_page_carries_every_security_header_of_a_fresh_one(published):
    client = Client()
    names = [
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Permissions-Policy",
        "Content-Language",
        "Content-Type",
    ]
    for path in ["/", "/aloitteet/", f"/aloitteet/{published.reference}/", "/tietosuoja/"]:
        fresh = client.get(path)
        cached = client.get(path)
        assert {name: cached.get(name) for name in names} == {name: fresh.get(name) for name in names}, path
        assert all(cached.get(name) for name in names)
        assert set(cached["Vary"].split(", ")) == set(fresh["Vary"].split(", "))
        assert "Set-Cookie" not in cached
        assert not cached.cookies


def test_each_language_and_each_htmx_partial_is_a_page_of_its_own(published):
    finnish, swedish = Client(), Client()
    swedish.cookies["django_language"] = "sv"

    for _ in range(2):
        assert '<html lang="fi">' in finnish.get("/aloitteet/").text
        assert '<html lang="sv">' in swedish.get("/aloitteet/").text
        partial = finnish.get("/aloitteet/", headers={"HX-Request": "true", "HX-Target": "results"}).text
        assert "<html" not in partial
        assert "Penkkejä puistoon" in partial


def test_a_visitor_with_a_session_or_another_cookie_gets_a_fresh_page(
    registry_user, published, django_assert_max_num_queries
):
    anonymous, staff = Client(), Client()
    anonymous.get("/")
    staff.force_login(registry_user)

    assert "Henkilöstön työtila" in staff.get("/").text
    assert "Henkilöstön työtila" in staff.get("/").text
    assert "Henkilöstön työtila" not in anonymous.get("/").text
    anonymous.get("/aloitteet/")
    anonymous.cookies["tracking"] = "anything the portal did not set"
    with django_assert_max_num_queries(50) as fresh:
        anonymous.get("/aloitteet/")
    assert "osallisuus_page_cache" not in " ".join(query["sql"] for query in fresh.captured_queries)


def test_errors_and_pages_with_a_token_are_never_stored(published, rf: RequestFactory, django_assert_max_num_queries):
    client = Client()
    assert client.get("/aloitteet/2020-9999/").status_code == 404
    with django_assert_max_num_queries(50) as again:
        assert client.get("/aloitteet/2020-9999/").status_code == 404
    assert len(again) > 1

    with_form = engines["django"].from_string("<form>{% csrf_token %}</form>")

    @pagecache.public_page
    def form_page(request):
        return HttpResponse(with_form.render({}, request))

    request = rf.get("/lomake/")
    request.session = SessionStore()
    first = form_page(request).content
    request = rf.get("/lomake/")
    request.session = SessionStore()
    assert form_page(request).content != first  # a new token each time: rendered again, not read from the cache


def test_pages_are_rendered_again_after_a_minute_and_on_a_new_day(published, queries_of):
    client = Client()
    queries = functools.partial(queries_of, client)

    with time_machine.travel(NOW, tick=False) as clock:
        queries("/aloitteet/")
        assert queries("/aloitteet/") == 1
        clock.shift(datetime.timedelta(seconds=61))  # PUBLIC_PAGE_CACHE_SECONDS: a meeting may have started
        assert queries("/aloitteet/") > 1
        assert queries("/aloitteet/") == 1

        clock.move_to(datetime.datetime(2026, 11, 16, 23, 59, 30, tzinfo=timezone.get_current_timezone()))
        queries("/ohjelma/")
        assert queries("/ohjelma/") == 1
        clock.shift(datetime.timedelta(seconds=40))  # a new day in Helsinki: deadlines and appeal periods moved on
        assert queries("/ohjelma/") > 1


# --- The workspace, for its own session only ---------------------------------------------------------------------


def test_the_workspace_is_read_from_the_cache_by_its_own_session(
    registry_user, handler_user, committed, django_assert_num_queries
):
    with committed():
        make_initiative(title="Uusi aloite odottaa")
    registry, handler = Client(), Client()
    registry.force_login(registry_user)
    handler.force_login(handler_user)

    registry.get("/henkilosto/")  # sets the CSRF cookie: a page made with a new one is not kept
    first = registry.get("/henkilosto/")
    # The session (through the cache), the user, the roles, and the page.
    with django_assert_num_queries(4):
        again = registry.get("/henkilosto/")
    assert again.content == first.content
    assert "Uusi aloite odottaa" in again.text
    assert "Kirjaa aloite" in again.text
    assert {"no-store", "private"} <= set(again["Cache-Control"].split(", "))

    # The same CSRF cookie as the registry's: only the user and the session tell the two keys apart.
    handler.cookies["csrftoken"] = registry.cookies["csrftoken"].value
    for _ in range(2):
        handlers_page = handler.get("/henkilosto/").text
        assert "Kirjaa aloite" not in handlers_page  # the handler's own page, not the registry's
        assert "Uusi aloite odottaa" not in handlers_page  # not yet assigned to the handler's organ


def test_the_workspace_shows_a_change_at_once_and_a_lost_role_is_refused_at_once(registry_user, committed):
    client = Client()
    client.force_login(registry_user)
    client.get("/henkilosto/")
    with committed():
        make_initiative(title="Juuri saapunut aloite")
    assert "Juuri saapunut aloite" in client.get("/henkilosto/").text

    registry_user.groups.clear()  # not committed: the permission check, not the cache, refuses

    assert client.get("/henkilosto/").status_code == 403


def test_a_new_session_renders_the_workspace_again_and_its_token_works(
    registry_user, django_assert_num_queries, django_assert_max_num_queries
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(registry_user)
    client.get("/henkilosto/")  # sets the CSRF cookie
    client.get("/henkilosto/")  # stored
    with django_assert_num_queries(4):
        cached = client.get("/henkilosto/")  # read from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', cached.text).group(1)

    assert client.post("/henkilosto/kirjaudu-ulos/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get("/henkilosto/").status_code == 302  # to the login page

    client.force_login(registry_user)
    with django_assert_max_num_queries(20) as fresh:
        assert client.get("/henkilosto/").status_code == 200
    assert len(fresh) > 4


@pytest.mark.parametrize("storage", ["cookie", "session"])
def test_a_waiting_message_is_shown_not_a_cached_page(registry_user, rf: RequestFactory, settings, storage):
    if storage == "session":
        settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    client = Client()
    client.force_login(registry_user)
    for _ in range(2):
        client.get("/henkilosto/")

    request = rf.get("/henkilosto/")
    request.session = client.session
    waiting = CookieStorage(request) if storage == "cookie" else SessionStorage(request)
    waiting.add(messages.SUCCESS, "Aloite on kirjattu.")
    response = HttpResponse()
    waiting.update(response)
    request.session.save()
    if storage == "cookie":
        client.cookies["messages"] = response.cookies["messages"].value

    assert "Aloite on kirjattu." in client.get("/henkilosto/").text
    assert "Aloite on kirjattu." not in client.get("/henkilosto/").text  # shown once
