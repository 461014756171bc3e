"""What the portal lets clients and proxies keep (issue 14): no page is answered from a store of rendered pages;
what clients poll (the Atom feed, the calendars, the open data) answers a conditional GET with 304 while nothing it
shows has changed (osallisuus.conditional), and with the new version once something has."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils.http import http_date

from bodies import services as body_services
from initiatives import services
from tests.bodies.factories import helsinki, make_body, make_meeting, make_term
from tests.initiatives.factories import make_published

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def published(hyte_user):
    return make_published(hyte_user, title="Penkkejä puistoon")


@pytest.fixture
def meeting(db):
    body = make_body()
    make_term(body)
    return make_meeting(body, helsinki(2026, 12, 1, 17))


def assert_revalidates(client: Client, path: str, django_assert_max_num_queries) -> tuple[str, str]:
    """The first GET gives the validators; a GET with either gets 304 without building the output."""
    first = client.get(path)
    assert first.status_code == 200, path
    etag, last_modified = first["ETag"], first["Last-Modified"]
    with django_assert_max_num_queries(3):
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": last_modified}).status_code == 304
    return etag, last_modified


def test_the_feed_and_the_open_data_answer_304_until_an_initiative_changes(
    client, published, hyte_user, django_assert_max_num_queries
):
    for path in ["/aloitteet/syote/", "/aloitteet/avoin-data.csv", "/aloitteet/avoin-data.json"]:
        assert_revalidates(client, path, django_assert_max_num_queries)
        assert "Penkkejä puistoon" in client.get(path).content.decode()
    etags = {path: client.get(path)["ETag"] for path in ["/aloitteet/syote/", "/aloitteet/avoin-data.csv"]}

    services.initiative_unpublish(initiative=published, user=hyte_user, reason="Julkaistu vahingossa")

    for path, etag in etags.items():
        response = client.get(path, headers={"If-None-Match": etag})
        assert response.status_code == 200, path
        assert "Penkkejä puistoon" not in response.content.decode()
        assert response["ETag"] != etag


def test_the_feed_is_newer_after_an_initiative_is_unpublished_even_a_second_later(client, published, hyte_user, clock):
    last_modified = client.get("/aloitteet/syote/")["Last-Modified"]
    clock.shift(datetime.timedelta(seconds=1))

    services.initiative_unpublish(initiative=published, user=hyte_user, reason="Julkaistu vahingossa")

    response = client.get("/aloitteet/syote/", headers={"If-Modified-Since": last_modified})
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(NOW.timestamp() + 1)


def test_the_calendars_answer_304_until_a_meeting_changes(client, meeting, django_assert_max_num_queries):
    paths = [
        "/toimielimet/kalenteri.ics",
        f"/toimielimet/{meeting.body.slug}/kalenteri.ics",
        f"/toimielimet/{meeting.body.slug}/kokoukset/{meeting.pk}/kokous.ics",
    ]
    etags = {path: assert_revalidates(client, path, django_assert_max_num_queries)[0] for path in paths}

    body_services.meeting_update(
        meeting=meeting,
        starts_at=meeting.starts_at,
        ends_at=None,
        place="Rauma, kaupungintalo",
        remote_url="",
        user=None,
    )

    for path, etag in etags.items():
        response = client.get(path, headers={"If-None-Match": etag})
        assert response.status_code == 200, path
        assert "Rauma" in response.content.decode()


def test_a_calendar_is_new_each_day_its_window_moves(client, meeting, clock):
    etag = client.get("/toimielimet/kalenteri.ics")["ETag"]
    clock.shift(datetime.timedelta(days=1))

    assert client.get("/toimielimet/kalenteri.ics", headers={"If-None-Match": etag}).status_code == 200


def test_each_language_has_its_own_version(client, published):
    finnish = client.get("/aloitteet/syote/")
    swedish = Client()
    swedish.cookies["django_language"] = "sv"

    response = swedish.get("/aloitteet/syote/", headers={"If-None-Match": finnish["ETag"]})

    assert response.status_code == 200
    assert "Nya initiativ" in response.content.decode()


def test_no_page_is_stored_and_pages_say_they_vary_with_htmx(client, published):
    assert "osallisuus_page_cache" not in connection.introspection.table_names()
    for path in ["/", "/aloitteet/", f"/aloitteet/{published.reference}/", "/toimielimet/", "/ohjelma/"]:
        response = client.get(path)
        assert {"HX-Request", "HX-History-Restore-Request", "Cookie"} <= set(response["Vary"].split(", ")), path
        assert "ETag" not in response


def test_the_feed_reads_a_fixed_number_of_queries_whatever_the_number_of_initiatives(
    client, hyte_user, municipality, django_assert_max_num_queries
):
    for number in range(12):
        make_published(hyte_user, title=f"Aloite {number}", home_municipality=municipality)

    with django_assert_max_num_queries(6):
        response = client.get("/aloitteet/syote/")

    assert response.content.decode().count("<entry>") == 12
