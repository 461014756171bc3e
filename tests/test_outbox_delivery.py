"""Where a message of the outbox stands (OutboxMessage.delivery) and how the staff pages show it: one rule, one badge
partial, the tone from Delivery.tones."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from osallisuus.models import SENDING_LEASE, Delivery, OutboxMessage
from tests.initiatives.factories import make_initiative

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


def badge(tone: str, text: str) -> str:
    return f'<span class="badge badge--{tone}">{text}</span>'


@pytest.mark.parametrize(
    ("fields", "delivery", "tone"),
    [
        ({}, Delivery.NOT_TRIED, "neutral"),
        ({"attempts": 2, "last_error": "SMTPRecipientsRefused"}, Delivery.NOT_DELIVERED, "danger"),
        ({"attempts": 1, "sent_at": NOW}, Delivery.DELIVERED, "ok"),
        ({"attempts": 3, "given_up_at": NOW}, Delivery.GIVEN_UP, "neutral"),
    ],
)
def test_a_message_stands_by_its_attempts_its_delivery_and_its_giving_up(fields, delivery, tone):
    message = OutboxMessage(kind=OutboxMessage.Kind.RECEIPT, recipient="maija@example.invalid", **fields)
    assert message.delivery == delivery
    assert message.delivery.badge_tone == tone


@pytest.mark.django_db
def test_the_pages_show_each_message_with_its_badge(client, admin_user, settings):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.OUTBOX_UNDELIVERED_WARNING_HOURS = 24
    with time_machine.travel(NOW - datetime.timedelta(days=2), tick=False):
        initiative = make_initiative()  # its receipt waits, never tried (no commit in this test)
    refused = OutboxMessage.objects.about(initiative).get()
    OutboxMessage.objects.filter(pk=refused.pk).update(attempts=1, last_error="550 no such user")
    OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.TRACKING_LINK, recipient="maija@example.invalid", subject="Linkit", body="…"
    )
    detail_url = reverse("initiatives:staff-detail", args=[initiative.reference])

    with time_machine.travel(NOW, tick=False):
        client.force_login(admin_user)
        outbox = client.get(reverse("initiatives:staff-outbox")).text
        assert outbox.count(badge("danger", "Undelivered for over 24 hours")) == 1  # the refused one, two days old
        assert outbox.count(badge("neutral", "Not tried yet")) == 1  # the fresh one
        assert "550 no such user" in outbox

        assert badge("danger", "Not delivered") in client.get(detail_url).text
        OutboxMessage.objects.filter(pk=refused.pk).update(given_up_at=NOW)
        assert badge("neutral", "Given up") in client.get(detail_url).text


@pytest.mark.django_db
def test_a_message_a_sender_claimed_is_due_again_only_when_its_claim_has_lapsed():
    """A sender that died while talking to the mail server leaves its claim (`sending_since`): the message waits out
    SENDING_LEASE, then the next sender tries it."""
    message = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.TRACKING_LINK, recipient="maija@example.invalid", subject="Linkit", body="…"
    )
    due = OutboxMessage.objects.due
    assert list(due(NOW)) == [message]
    OutboxMessage.objects.filter(pk=message.pk).update(sending_since=NOW - datetime.timedelta(minutes=1))
    assert list(due(NOW)) == []
    assert list(due(NOW - datetime.timedelta(minutes=1) + SENDING_LEASE + datetime.timedelta(seconds=1))) == [message]
