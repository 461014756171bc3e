"""Issue #19, finding 5: every public form counts a client as the network it controls. An IPv6 subscriber holds a
whole /64 and can send each form from a new address of it, so the /64 is one client; an IPv4 address written as
IPv6 (::ffff:a.b.c.d) is that IPv4 client. Each initiative costs the county a statutory notice."""

import pytest
from django.conf import settings as django_settings

from accessibility.models import AccessibilityFeedback
from initiatives.models import Initiative
from tests.accessibility.test_form import URL as FEEDBACK
from tests.accessibility.test_form import form_data as feedback_data
from tests.initiatives.test_public_form import URL as CREATE
from tests.initiatives.test_public_form import form_data as initiative_data

pytestmark = pytest.mark.django_db

RESEND = "/aloitteet/linkki/"
REFUSED_FI = "Verkostasi on lähetetty viimeisen tunnin aikana monta lomaketta"  # the rate-limit page
LIMIT = 5  # each form's limit per client and hour


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(monkeypatch):
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 0)


def send_initiative(client, municipality, address: str, number: int):
    return client.post(CREATE, initiative_data(client, municipality, title=f"Aloite {number}"), REMOTE_ADDR=address)


def test_addresses_of_one_ipv6_64_share_the_initiative_forms_limit(client, municipality):
    for number in range(LIMIT):
        assert send_initiative(client, municipality, f"2001:db8:77:1::{number + 1:x}", number).status_code == 302

    refused = send_initiative(client, municipality, "2001:db8:77:1:ffff:ffff:ffff:fffe", LIMIT)

    assert refused.status_code == 429
    assert REFUSED_FI in refused.content.decode()
    assert Initiative.objects.count() == LIMIT


def test_another_ipv6_64_has_its_own_limit(client, municipality):
    for number in range(LIMIT):
        assert send_initiative(client, municipality, f"2001:db8:77:1::{number + 1:x}", number).status_code == 302

    assert send_initiative(client, municipality, "2001:db8:77:2::1", LIMIT).status_code == 302
    assert Initiative.objects.count() == LIMIT + 1


def test_an_ipv4_address_written_as_ipv6_is_the_same_client(client, municipality):
    for number in range(LIMIT):
        assert send_initiative(client, municipality, "192.0.2.50", number).status_code == 302

    assert send_initiative(client, municipality, "::ffff:192.0.2.50", LIMIT).status_code == 429
    assert Initiative.objects.count() == LIMIT


def test_addresses_of_one_ipv6_64_share_the_feedback_forms_limit(client):
    for number in range(LIMIT):
        data = feedback_data(client, message=f"Palaute {number}")
        assert client.post(FEEDBACK, data, REMOTE_ADDR=f"2001:db8:88:1::{number + 1:x}").status_code == 302

    data = feedback_data(client, message="Kuudes")
    refused = client.post(FEEDBACK, data, REMOTE_ADDR="2001:db8:88:1::beef")

    assert refused.status_code == 429
    assert REFUSED_FI in refused.content.decode()
    assert AccessibilityFeedback.objects.count() == LIMIT
    assert client.post(FEEDBACK, feedback_data(client), REMOTE_ADDR="2001:db8:88:2::1").status_code == 302


def test_addresses_of_one_ipv6_64_share_the_resend_forms_limit(client, mailoutbox):
    for number in range(LIMIT):
        data = {"email": f"osoite{number}@example.invalid"}
        assert client.post(RESEND, data, REMOTE_ADDR=f"2001:db8:99:1::{number + 1:x}").status_code == 302

    refused = client.post(RESEND, {"email": "kuudes@example.invalid"}, REMOTE_ADDR="2001:db8:99:1::beef")

    assert refused.status_code == 429
    assert REFUSED_FI in refused.content.decode()
    other = client.post(RESEND, {"email": "kuudes@example.invalid"}, REMOTE_ADDR="2001:db8:99:2::1")
    assert other.status_code == 302
