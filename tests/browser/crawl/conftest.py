"""The crawl's live server and data set, one per test module, so that pytest-xdist runs the modules side by side."""

from collections.abc import Iterator

import pytest
from django.test import modify_settings
from pytest_django.live_server_helper import LiveServer

from tests.browser.crawl import data as crawl_data
from tests.browser.crawl.support import Site


@pytest.fixture(scope="module")
def crawl_site(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Site]:
    """The module's live server; the database emptied at the module's end (when a test left rows in it)."""
    with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
        server = LiveServer("localhost")
        site = Site(server.url, tmp_path_factory.mktemp("crawl-media"))
        try:
            yield site
        finally:
            server.stop()
            if site.dirty:
                with django_db_blocker.unblock():
                    site.flush()


@pytest.fixture
def transactional_db(django_db_blocker, crawl_site) -> Iterator[None]:
    """The crawl's own: database access with the rows committed (the live server sees them), as pytest-django's
    transactional_db gives, but without its flush after every test: Site decides when the database is emptied.
    (By this name pytest-django also knows that the tests need the test database, and runs them with the other
    transactional tests.)"""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def site(crawl_site, transactional_db, settings) -> Site:
    """The module's site; the test's files in the data set's folder (tests.conftest gives each test a folder)."""
    settings.MEDIA_ROOT = crawl_site.media_root
    return crawl_site


@pytest.fixture
def data(site) -> crawl_data.CrawlData:
    return site.data()
