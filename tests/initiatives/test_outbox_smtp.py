"""The outbox against a real SMTP server on loopback (aiosmtpd): down, then up again.

When the server is down the initiative is still stored and its message kept with the error; once the server is up,
`send_outbox`, `send_deadline_reminders` (when the message's next attempt is due: 2 minutes after the first failure)
or the staff's "try again" (at once) deliver it, and the server really receives it. tests/faults/ has the longer
outages, the slow server and the concurrent senders."""

import datetime
from collections.abc import Iterator
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import task_backends
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from initiatives import annual_services
from initiatives.models import Initiative
from osallisuus import outbox
from osallisuus.models import OutboxMessage
from tests.initiatives.factories import make_initiative, make_organ
from tests.initiatives.smtp import SmtpServer, loopback_smtp

pytestmark = pytest.mark.django_db
OUTBOX_URL = reverse("initiatives:staff-outbox")


@pytest.fixture
def smtp(settings) -> Iterator[SmtpServer]:
    yield from loopback_smtp(settings)


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_mail_server_down_then_up(smtp, client, registry_user, django_capture_on_commit_callbacks):
    with time_machine.travel(
        datetime.datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False
    ) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            initiative = make_initiative(email="asukas@example.invalid", title="Lisää iltavastaanottoja")

        assert Initiative.objects.filter(pk=initiative.pk).exists()  # stored although the mail server is down
        receipt = OutboxMessage.objects.about(initiative).get()
        assert receipt.sent_at is None
        assert receipt.attempts == 1
        assert "Connection refused" in receipt.last_error or "ConnectionRefusedError" in receipt.last_error

        client.force_login(registry_user)
        page = client.get(OUTBOX_URL).text
        assert receipt.subject in page
        assert "asukas@example.invalid" in page
        assert receipt.last_error in page
        assert "next 24.11.2026 09:02" in page

        smtp.start()
        out = StringIO()
        call_command("send_outbox", stdout=out)  # its next attempt is not due yet
        assert "Outbox: 0 delivered, 1 still undelivered" in out.getvalue()
        traveller.shift(datetime.timedelta(minutes=2))
        out = StringIO()
        call_command("send_outbox", stdout=out)
        assert "1 delivered, 0 still undelivered" in out.getvalue()
        receipt.refresh_from_db()
        assert receipt.sent_at is not None
        assert receipt.attempts == 2
        assert receipt.last_error == ""
        [(recipients, message)] = smtp.received
        assert recipients == ["asukas@example.invalid"]
        assert message["Subject"] == receipt.subject
        assert message["Message-ID"] == receipt.message_id
        assert initiative.reference in message["Subject"]
        assert "Every message has been delivered." in client.get(OUTBOX_URL).text


def test_reminders_retry_what_failed_and_are_not_sent_twice(smtp, handler_user, django_capture_on_commit_callbacks):
    organ = make_organ()
    organ.handlers.add(handler_user)
    with time_machine.travel(
        datetime.datetime(2026, 11, 24, 7, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False
    ) as traveller:
        initiative = make_initiative(
            email="", postal_address="Kauppakatu 1, Pori", arrived_on=datetime.date(2026, 10, 1)
        )
        Initiative.objects.filter(pk=initiative.pk).update(handling_organ=organ)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_deadline_reminders", stdout=StringIO())
        reminder = OutboxMessage.objects.get(kind=OutboxMessage.Kind.REMINDER)
        assert reminder.sent_at is None
        assert reminder.attempts == 1

        smtp.start()
        traveller.shift(datetime.timedelta(hours=1))  # the same day, its next attempt due
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_deadline_reminders", stdout=out)
        assert "Reminders: 0 new. Outbox: 1 delivered" in out.getvalue()
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    [(recipients, message)] = smtp.received
    assert recipients == [handler_user.email]
    assert message["Subject"] == reminder.subject
    assert initiative.reference in message.get_content()


def test_staff_try_again_now(smtp, client, registry_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_initiative(email="eka@example.invalid")
        second = make_initiative(email="toka@example.invalid")
    client.force_login(registry_user)
    one = OutboxMessage.objects.about(first).get()

    # The request queues the attempt (the tests' task backend runs it at once, before the redirect is followed);
    # the page then shows how it went.
    response = client.post(OUTBOX_URL, {"message": one.pk}, follow=True)  # still down
    assert "1 message is being sent again in the background." in response.text
    one.refresh_from_db()
    assert one.attempts == 2
    assert one.subject in response.text  # still undelivered, still listed

    smtp.start()
    response = client.post(OUTBOX_URL, {"message": one.pk}, follow=True)
    assert "1 message is being sent again in the background." in response.text
    assert [recipients for recipients, _message in smtp.received] == [["eka@example.invalid"]]
    assert one.subject not in response.text

    response = client.post(OUTBOX_URL, {}, follow=True)  # every undelivered one
    assert "1 message is being sent again in the background." in response.text
    assert OutboxMessage.objects.about(second).get().sent_at is not None
    assert not OutboxMessage.objects.undelivered().exists()
    assert "Every message has been delivered." in response.text


def test_try_again_now_queues_the_delivery_and_sends_nothing_in_the_request(client, registry_user, settings):
    """With a task backend that only queues (as the database backend in production), the staff request makes the
    messages due and queues their tasks, and talks to no mail server itself."""
    make_initiative(email="eka@example.invalid")  # their receipts' on-commit delivery never runs: a test never commits
    make_initiative(email="toka@example.invalid")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client.force_login(registry_user)
    response = client.post(OUTBOX_URL, {}, follow=True)
    assert "2 messages are being sent again in the background." in response.text
    waiting = OutboxMessage.objects.awaiting_delivery()
    assert not waiting.filter(attempts__gt=0).exists()  # nothing was tried in the request
    queued = [(result.task.name, result.args) for result in task_backends["default"].results]
    assert sorted(queued) == sorted(("deliver_message", [pk]) for pk in waiting.values_list("pk", flat=True))
    assert all(message.next_attempt_at <= timezone.now() for message in waiting)


def test_a_refused_recipient_is_kept_with_the_servers_answer_but_the_address_only_once(
    smtp, client, registry_user, caplog, django_capture_on_commit_callbacks
):
    """The server's refusal names the address; the stored error text and the log line do not repeat it (the
    message's recipient is its one copy, which retention clears and the permission guards)."""
    smtp.refuse("Ei.Ole@example.invalid")
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        initiative = make_initiative(email="ei.ole@example.invalid")
    receipt = OutboxMessage.objects.about(initiative).get()
    assert receipt.sent_at is None
    assert receipt.attempts == 1
    assert "SMTPRecipientsRefused" in receipt.last_error
    assert "550" in receipt.last_error
    assert "Recipient address rejected" in receipt.last_error
    assert "@" not in receipt.last_error
    assert "ei.ole" not in caplog.text.lower()
    assert f"Outbox message {receipt.pk} not delivered" in caplog.text

    client.force_login(registry_user)
    page = client.get(OUTBOX_URL).text
    assert "ei.ole@example.invalid" in page  # the recipient column
    assert "Recipient address rejected" in page
    assert smtp.received == []


def test_a_message_whose_address_was_removed_is_never_sent(smtp, django_capture_on_commit_callbacks):
    """Retention clears the address of a message that may still be undelivered: it must not be "delivered" to no
    one (which would record a false proof of a notice) nor tried again."""
    with django_capture_on_commit_callbacks(execute=True):
        initiative = make_initiative(email="poistettu@example.invalid")
    receipt = OutboxMessage.objects.about(initiative).get()
    assert receipt.sent_at is None
    OutboxMessage.objects.filter(pk=receipt.pk).update(recipient="", body="", last_error="")
    smtp.start()
    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert "0 delivered, 0 still undelivered" in out.getvalue()
    receipt.refresh_from_db()
    assert receipt.sent_at is None
    assert receipt.attempts == 1
    assert smtp.received == []


def test_a_task_queued_under_its_old_path_still_finds_its_function():
    """The database backend stores each queued task's path: a retry queued before the tasks moved beside their
    features (osallisuus.outbox, initiatives.annual_services) runs after an upgrade all the same."""
    assert import_string("initiatives.tasks.deliver_message") is outbox.deliver_message
    assert import_string("initiatives.tasks.generate_annual_list_pdf") is annual_services.generate_annual_list_pdf
    assert outbox.deliver_message.module_path == "osallisuus.outbox.deliver_message"
