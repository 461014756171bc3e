"""Fault: the same initiative form sent several times at the same moment (a double click, a resend while the first
request is still running). Every request must land on the one initiative stored; none may show the database's
"already exists" refusal, and the receipt goes once.

Each request runs in its own thread with its own database connection against PostgreSQL (transactional_db). A
barrier holds every request at the point where the initiative gets its reference, that is after each has found no
initiative with its submission key and before any has stored one: the race happens every run, not by chance."""

import threading

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative
from osallisuus.models import Municipality, OutboxMessage

URL = "/aloitteet/uusi/"
REQUESTS = 4  # below the form's hourly rate limit of one client address


@pytest.fixture
def empty_cache(transactional_db):
    # Rate limits live in the database cache, a table the flush after a transactional test does not empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def all_at_once(monkeypatch):
    """Holds each request at next_reference until all REQUESTS are there."""
    barrier = threading.Barrier(REQUESTS, timeout=60)  # a guard against a request that never comes, not a timing
    next_reference = services.next_reference

    def next_reference_together(year: int) -> tuple[int, str]:
        barrier.wait()
        return next_reference(year)

    monkeypatch.setattr(services, "next_reference", next_reference_together)
    return barrier


def test_racing_double_submits_all_land_on_the_stored_initiative(
    transactional_db, empty_cache, all_at_once, monkeypatch
):
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 0)
    municipality = Municipality.objects.create(name="Pori", name_sv="Björneborg", code="609")
    token = Client().get(URL).context["form"]["form_token"].value()
    data = {
        "initiator_kind": "resident",
        "name": "Maija Meikäläinen",
        "home_municipality": municipality.pk,
        "email": "maija@example.invalid",
        "letter_language": "fi",
        "title": "Penkki terveysaseman pihaan",
        "text": "Pihassa ei voi levätä.",
        "form_token": token,
        "homepage": "",
    }
    responses: list = [None] * REQUESTS
    errors: list[BaseException] = []

    def send(number: int) -> None:
        try:
            responses[number] = Client().post(URL, data)
        except BaseException as error:  # reported below: an exception in a thread would otherwise vanish
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(number,)) for number in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    initiative = Initiative.objects.get()
    pages = [response.content.decode() for response in responses]
    assert not any("Submission key" in page or "on jo olemassa" in page for page in pages)
    assert [response.status_code for response in responses] == [302] * REQUESTS
    track = reverse("initiatives:track", args=[initiative.tracking_token]) + "?sent=1"
    assert {response["Location"] for response in responses} == {track}
    assert OutboxMessage.objects.filter(kind=OutboxMessage.Kind.RECEIPT).count() == 1
    assert [message.to for message in mail.outbox] == [["maija@example.invalid"]]
