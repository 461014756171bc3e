"""Fault: two senders at once (cron's `send_outbox` while another run, the task worker or staff's "try all again"
is still sending; issue 19, finding 4). Each message is sent by one of them only, and each reports what it truly
did: a message the other one holds is skipped, neither delivered nor failed, and a message the other delivered in
the meantime is not counted again.

Each sender runs with its own database connection against PostgreSQL (transactional_db). The loopback SMTP server
takes the first message but holds its answer, so the first sender is still sending it (the message claimed, no row
locked) while staff ask to try everything again now and the second sender runs: the overlap happens every run, not by
chance."""

import threading
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from osallisuus.models import OutboxMessage
from osallisuus.outbox import outbox_retry_now
from tests.faults.mailserver import GUARD_SECONDS, FaultyServer, faulty_smtp

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
FIRST, SECOND = "eka@example.invalid", "toka@example.invalid"


@pytest.fixture
def smtp(settings) -> Iterator[FaultyServer]:
    yield from faulty_smtp(settings, timeout=GUARD_SECONDS)  # the held answer must not time out


def message(recipient: str) -> OutboxMessage:
    return OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.TRACKING_LINK,
        recipient=recipient,
        language="fi",
        subject=f"Aloitteesi: {recipient}",
        body="Linkit aloitteisiisi.\n",
    )


def test_two_senders_at_once_send_each_message_once_and_count_truly(transactional_db, smtp, settings):
    # Tasks queued here wait (as for db_worker), so that the senders are the two runs of the test.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    first, second = message(FIRST), message(SECOND)
    hold = smtp.hold(FIRST)
    smtp.start()
    outputs: dict[str, str] = {}
    errors: list[BaseException] = []

    def cron() -> None:
        out = StringIO()
        try:
            call_command("send_outbox", stdout=out)
        except BaseException as error:  # reported below: an exception in a thread would otherwise vanish
            errors.append(error)
        finally:
            outputs["cron"] = out.getvalue()
            connections.close_all()

    sender = threading.Thread(target=cron)
    sender.start()
    try:
        assert hold.accepted.wait(GUARD_SECONDS)  # the first sender is sending the first message
        with transaction.atomic():  # no row is locked while the mail server is talked to
            assert OutboxMessage.objects.select_for_update(nowait=True).get(pk=first.pk).sending_since is not None
        assert outbox_retry_now() == 2  # "try all again now" queues both, and takes no message from its sender
        out = StringIO()
        call_command("send_outbox", stdout=out)  # the second sender, meanwhile
        outputs["other"] = out.getvalue()
    finally:
        hold.release.set()
        sender.join(GUARD_SECONDS)

    assert errors == []
    # The first delivered the first message and found the second delivered by the other: not counted again.
    assert outputs["cron"] == (
        "Outbox: 1 delivered, 0 still undelivered (0 failed in this run and will be tried again, "
        "1 skipped: another sender had them).\n"
    )
    # The other passed over the first message (claimed, being sent), not counting it as failed.
    assert outputs["other"] == (
        "Outbox: 1 delivered, 1 still undelivered (0 failed in this run and will be tried again, "
        "1 skipped: another sender had them).\n"
    )
    assert sorted(recipients for recipients, _message in smtp.received) == [[FIRST], [SECOND]]
    for stored in (first, second):
        stored.refresh_from_db()
        assert stored.sent_at is not None
        assert stored.attempts == 1
    assert {received["Message-ID"] for _recipients, received in smtp.received} == {
        first.message_id,
        second.message_id,
    }
