"""Fault: the mail server is down, or refuses, across many retries (issue 19, finding 3). Nothing may be lost
silently: a message is tried again with a back-off capped at OUTBOX_RETRY_MAX_MINUTES until it is delivered or a
person gives it up; one undelivered for OUTBOX_UNDELIVERED_WARNING_HOURS is reported in the registry's workspace
and by the cron commands' output and exit status; and a notice counts as sent only when its email is delivered (or
its letter posted), so the initiative keeps awaiting its notice, and shows overdue, while the email waits.

A real SMTP server on loopback (tests/faults/mailserver.py), cron's `send_outbox` every 15 minutes over a frozen
clock (time-machine), the immediate task backend for the first attempt at commit."""

import datetime
from collections.abc import Iterator
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative, NoticeState
from osallisuus.models import OutboxMessage
from tests.conftest import make_user
from tests.faults.mailserver import FaultyServer, faulty_smtp
from tests.initiatives.factories import make_initiative, make_organ

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
START = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=HELSINKI)  # a Monday: the notice is due today
ARRIVED = datetime.date(2026, 10, 23)  # its notice due Mon 23.11.2026
INITIATOR = "asukas@example.invalid"
OUTBOX_URL = reverse("initiatives:staff-outbox")
CRON_EVERY = datetime.timedelta(minutes=15)


@pytest.fixture
def smtp(settings) -> Iterator[FaultyServer]:
    settings.OUTBOX_RETRY_MAX_MINUTES = 60
    settings.OUTBOX_UNDELIVERED_WARNING_HOURS = 24
    yield from faulty_smtp(settings)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def handler(db):
    user = make_user("valmistelija", "handler")
    make_organ("Palvelulautakunta", "committee").handlers.add(user)
    return user


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def send_outbox() -> tuple[str, CommandError | None]:
    """Cron's run: its output, and the error it exits with (None: status 0)."""
    out = StringIO()
    try:
        call_command("send_outbox", stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def noticed(handler, capture, **fields) -> Initiative:
    """An initiative and its notice sent by the handler; their emails tried at commit."""
    with capture(execute=True):
        initiative = make_initiative(arrived_on=ARRIVED, email=INITIATOR, **fields)
    with capture(execute=True):
        services.initiative_send_notice(
            initiative=initiative,
            user=handler,
            handling_organ=handler.handled_organs.get(),
            estimated_completion=datetime.date(2027, 3, 31),
            info_contact_name="Ville Valmistelija",
            info_contact_email="ville@example.invalid",
        )
    initiative.refresh_from_db()
    return initiative


def test_an_outage_of_a_day_loses_nothing_and_the_notice_is_sent_when_delivered(
    smtp, clock, client, handler, registry_user, django_capture_on_commit_callbacks
):
    initiative = noticed(handler, django_capture_on_commit_callbacks)
    receipt = OutboxMessage.objects.get(kind=OutboxMessage.Kind.RECEIPT)
    notice = OutboxMessage.objects.get(kind=OutboxMessage.Kind.NOTICE)
    assert (receipt.attempts, notice.attempts) == (1, 1)  # tried at commit: the server is down
    assert initiative.notice_sent_at is None  # not sent while its email is undelivered
    assert initiative.notice_prepared_at == timezone.now()
    assert initiative.notice_state(timezone.localdate()) == NoticeState.DUE_SOON  # due today, still awaited

    # Cron every 15 minutes for 26 hours, the server down all the time.
    delays, outputs, warned_at = [], [], []
    attempts = notice.attempts
    while timezone.now() < START + datetime.timedelta(hours=26):
        clock.shift(CRON_EVERY)
        output, error = send_outbox()
        outputs.append(output)
        if error is not None:
            assert error.returncode == 2
            warned_at.append(timezone.now())
        notice.refresh_from_db()
        if notice.attempts != attempts:
            attempts = notice.attempts
            delays.append((notice.next_attempt_at - notice.last_attempt_at) // datetime.timedelta(minutes=1))

    # Tried again and again: 2, 4, 8, 16, 32 minutes apart, then every hour, never given up by the portal.
    assert delays[:8] == [4, 8, 16, 32, 60, 60, 60, 60]  # after the 2nd, 3rd… attempt (the 1st waited 2 minutes)
    assert set(delays[4:]) == {60}
    assert notice.attempts > 20
    assert receipt.message_id != notice.message_id
    assert "Outbox: 0 delivered, 2 still undelivered" in outputs[-1]  # the truth, not "0 still undelivered"
    # The warning from the first run more than 24 hours after the messages were written, with exit status 2.
    assert warned_at[0] == START + datetime.timedelta(hours=24, minutes=15)
    assert warned_at[-1] == timezone.now()
    _, error = send_outbox()
    assert str(error) == (
        "2 email messages undelivered for more than 24 hours: see http://127.0.0.1:8000/henkilosto/viestit/, "
        "deliver them or give up those that cannot be delivered."
    )

    # The notice is still awaited, now overdue: the deadline was yesterday and nothing reached the initiator.
    initiative.refresh_from_db()
    today = timezone.localdate()
    assert initiative.notice_sent_at is None
    assert initiative.notice_state(today) == NoticeState.OVERDUE
    assert list(Initiative.objects.overdue(today)) == [initiative]
    client.force_login(handler)
    page = client.get(reverse("initiatives:staff-detail", args=[initiative.reference])).text
    assert "Email queued, not delivered yet" in page
    assert "Notice overdue" in page
    assert "undelivered for over" not in client.get(reverse("initiatives:workspace")).text  # not theirs to see
    client.force_login(registry_user)
    workspace = client.get(reverse("initiatives:workspace")).text
    assert "2 email messages have been undelivered for over 24 hours." in workspace
    assert f'href="{OUTBOX_URL}"' in workspace
    assert "Undelivered for over 24 hours" in client.get(OUTBOX_URL).text

    # The daily reminder says the same, and its own digest to the handler waits in the outbox too.
    out = StringIO()
    with pytest.raises(CommandError) as daily, django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", stdout=out)
    assert daily.value.returncode == 2
    assert "Reminders: 1 new. Outbox: 0 delivered, 3 still undelivered" in out.getvalue()
    assert "2 email messages undelivered for more than 24 hours" in str(daily.value)

    # The server comes back: within the hour every message is delivered, once, and the notice is sent then.
    smtp.start()
    back_at = timezone.now()
    while OutboxMessage.objects.awaiting_delivery().exists():
        assert timezone.now() - back_at <= datetime.timedelta(hours=1)
        clock.shift(CRON_EVERY)
        output, error = send_outbox()
    assert error is None
    assert "0 still undelivered" in output
    notice.refresh_from_db()
    initiative.refresh_from_db()
    assert notice.sent_at is not None
    assert initiative.notice_sent_at == notice.sent_at
    assert initiative.notice_state(today) == NoticeState.SENT_LATE
    assert sorted(recipients[0] for recipients, _message in smtp.received) == sorted(
        [INITIATOR, INITIATOR, handler.email]
    )
    stored = {message.subject: message.message_id for message in OutboxMessage.objects.all()}
    assert {message["Subject"]: message["Message-ID"] for _recipients, message in smtp.received} == stored
    assert "2 email messages" not in client.get(reverse("initiatives:workspace")).text
    row = initiative.history.first()
    assert (row.history_change_reason, row.history_user) == (
        "Ilmoitus kuukauden kuluessa toimitettu sähköpostilla",
        None,
    )


def test_a_refused_address_is_tried_until_a_person_gives_it_up_and_the_notice_goes_as_a_letter(
    smtp, clock, client, handler, registry_user, django_capture_on_commit_callbacks
):
    smtp.refuse(INITIATOR)  # 550: no such mailbox, answered to every attempt
    smtp.start()
    initiative = noticed(handler, django_capture_on_commit_callbacks, postal_address="Kauppakatu 1\n28100 Pori")
    notice = OutboxMessage.objects.get(kind=OutboxMessage.Kind.NOTICE)
    for _run in range(8):  # two hours of cron
        clock.shift(CRON_EVERY)
        send_outbox()
    notice.refresh_from_db()
    assert notice.attempts == 6  # at commit, then at 0:15, 0:30, 0:45, 1:15 and 2:00, each after its back-off
    assert "Recipient address rejected" in notice.last_error
    assert smtp.received == []

    # Only those who see the outbox give a message up.
    client.force_login(handler)
    assert client.post(OUTBOX_URL, {"message": notice.pk, "give_up": "1"}).status_code == 403
    client.force_login(registry_user)
    response = client.post(OUTBOX_URL, {"message": notice.pk, "give_up": "1"}, follow=True)
    assert "The message is no longer tried." in response.text
    notice.refresh_from_db()
    assert (notice.given_up_at, notice.given_up_by) == (timezone.now(), registry_user)
    assert notice.subject not in response.text  # it left the outbox; the receipt stays
    assert OutboxMessage.objects.get(kind=OutboxMessage.Kind.RECEIPT).subject in response.text

    # From now on it is not tried, and not warned about; the receipt is, until someone decides about it too.
    clock.shift(datetime.timedelta(hours=25))
    output, error = send_outbox()
    notice.refresh_from_db()
    assert notice.attempts == 6
    assert "Outbox: 0 delivered, 1 still undelivered" in output
    assert str(error).startswith("1 email message undelivered for more than 24 hours")

    # The notice is still awaited: it goes as a letter and counts as sent on the day the letter was posted.
    initiative.refresh_from_db()
    assert initiative.notice_sent_at is None
    assert initiative.notice_method == Initiative.DeliveryMethod.LETTER
    client.force_login(handler)
    detail = reverse("initiatives:staff-detail", args=[initiative.reference])
    page = client.get(detail).text
    assert "Letter prepared, the day it was posted not recorded yet" in page
    assert reverse("initiatives:staff-notice-letter", args=[initiative.reference]) in page
    assert "Given up" in page
    assert f"by {registry_user}" in page
    response = client.post(
        detail, {"record_notice_posted": "1", "record_notice_posted-posted_on": "2026-11-24"}, follow=True
    )
    assert "The day the notice letter was posted was recorded." in response.text
    initiative.refresh_from_db()
    assert timezone.localdate(initiative.notice_sent_at) == datetime.date(2026, 11, 24)
    assert initiative.notice_state(timezone.localdate()) == NoticeState.SENT_LATE
    assert not Initiative.objects.awaiting_notice().exists()


def test_a_server_that_says_try_again_later_gets_the_message_once(smtp, clock, django_capture_on_commit_callbacks):
    smtp.busy(INITIATOR, times=3)  # greylisting: 451 three times, then accepted
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        make_initiative(email=INITIATOR)
    receipt = OutboxMessage.objects.get()
    while receipt.sent_at is None:
        assert receipt.attempts < 4
        clock.shift(CRON_EVERY)
        send_outbox()
        receipt.refresh_from_db()
    assert receipt.attempts == 4
    [(recipients, message)] = smtp.received
    assert recipients == [INITIATOR]
    assert message["Message-ID"] == receipt.message_id
