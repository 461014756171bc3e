"""The registry registers initiatives that came by paper or email, with their real arrival date."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from initiatives.models import Initiative

pytestmark = pytest.mark.django_db
URL = reverse("initiatives:staff-register")


@pytest.fixture(autouse=True)
def _english_on_a_fixed_day(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False):
        yield


def form_data(municipality, **overrides) -> dict:
    data = {
        "channel": Initiative.Channel.PAPER,
        "arrived_on": "2026-11-24",
        "register_number": "SATA/1234/2026",
        "title": "Esteetön kulku Porin keskussairaalan pääovelle",
        "text": "Pääovella on korkea kynnys, jonka yli pyörätuolilla on vaikea päästä.",
        "initiator_kind": Initiative.InitiatorKind.RESIDENT,
        "membership_grounds": "",
        "service": "",
        "name": "Maija Meikäläinen",
        "home_municipality": municipality.pk,
        "email": "",
        "postal_address": "Isolinnankatu 1\n28100 Pori",
        "phone": "",
        "letter_language": "fi",
    }
    data.update(overrides)
    return data


def test_registry_registers_a_paper_initiative_with_its_arrival_date(client, registry_user, municipality):
    client.force_login(registry_user)
    assert client.get(URL).status_code == 200
    response = client.post(URL, form_data(municipality), follow=True)
    initiative = Initiative.objects.get()
    assert initiative.channel == Initiative.Channel.PAPER
    assert initiative.arrived_on == datetime.date(2026, 11, 24)
    assert initiative.notice_due_on == datetime.date(2026, 12, 28)  # counted from the arrival, not from today
    assert initiative.register_number == "SATA/1234/2026"
    assert initiative.history.get().history_user == registry_user
    assert response.redirect_chain[-1][0] == reverse("initiatives:staff-detail", args=[initiative.reference])
    assert f"Initiative {initiative.reference} registered." in response.text
    assert "Registered by staff" in response.text
    # Due 28.12.2026 and today is 3.12.2026: more than five working days left.
    assert "On time" in response.text


def test_an_arrival_date_in_the_future_is_refused(client, registry_user, municipality):
    client.force_login(registry_user)
    response = client.post(URL, form_data(municipality, arrived_on="2026-12-04"))
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.text
    assert not Initiative.objects.exists()


def test_an_initiative_without_email_or_address_is_refused(client, registry_user, municipality):
    client.force_login(registry_user)
    response = client.post(URL, form_data(municipality, postal_address=""))
    assert "Give an email address or a postal address so that we can answer." in response.text
    assert not Initiative.objects.exists()


def test_email_initiative_gets_a_receipt(
    client, registry_user, municipality, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(registry_user)
    data = form_data(municipality, channel=Initiative.Channel.EMAIL, email="maija@example.invalid", postal_address="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data)
    assert Initiative.objects.get().channel == Initiative.Channel.EMAIL
    assert mailoutbox[-1].to == ["maija@example.invalid"]


@pytest.mark.parametrize("user_fixture", ["handler_user", "hyte_user"])
def test_only_the_registry_registers(client, request, user_fixture, municipality):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(municipality)).status_code == 403
    assert not Initiative.objects.exists()
