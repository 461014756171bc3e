"""Fault: a mail server that accepts a message but acknowledges it only after the portal stopped waiting
(EMAIL_TIMEOUT; issue 19, finding 4). The portal cannot know the message arrived, so it tries again and the receiver
gets it twice: both copies must carry the one Message-ID the message got when it was written, so that the receiver
can tell they are the same message.

A real SMTP server on loopback takes the first copy but holds its answer until the sender has given up (1 s); the
retry is answered at once."""

import datetime
from collections.abc import Iterator
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from osallisuus.models import OutboxMessage
from tests.faults.mailserver import FaultyServer, faulty_smtp
from tests.initiatives.factories import make_initiative

pytestmark = pytest.mark.django_db
INITIATOR = "hidas@example.invalid"


@pytest.fixture
def smtp(settings) -> Iterator[FaultyServer]:
    yield from faulty_smtp(settings, timeout=1)


def test_a_message_acknowledged_too_late_is_sent_again_with_the_same_message_id(
    smtp, django_capture_on_commit_callbacks
):
    hold = smtp.hold(INITIATOR)
    smtp.start()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            initiative = make_initiative(email=INITIATOR)
        receipt = OutboxMessage.objects.about(initiative).get()
        assert hold.accepted.is_set()  # the server has taken the message…
        assert len(smtp.received) == 1
        assert receipt.sent_at is None  # …but the sender stopped waiting for its answer
        assert receipt.attempts == 1
        assert "timed out" in receipt.last_error
        hold.release.set()

        clock.shift(datetime.timedelta(minutes=2))
        call_command("send_outbox", stdout=StringIO())
    receipt.refresh_from_db()
    assert receipt.sent_at is not None
    assert receipt.attempts == 2
    first, second = smtp.received
    assert first[0] == second[0] == [INITIATOR]
    assert first[1]["Message-ID"] == second[1]["Message-ID"]  # the receiver can tell it is the same message
    assert second[1]["Message-ID"] == receipt.message_id
    assert receipt.message_id.endswith("@example.invalid>")  # the domain of DEFAULT_FROM_EMAIL
