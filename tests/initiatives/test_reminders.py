"""`manage.py send_deadline_reminders`: one digest per handler and day, to the right people, idempotent."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from initiatives.models import Initiative
from osallisuus.models import OutboxMessage
from osallisuus.roles import Role
from tests.conftest import make_user
from tests.initiatives.factories import make_initiative, make_noticed, make_organ

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 7, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False):
        yield


def run() -> str:
    out = StringIO()
    call_command("send_deadline_reminders", stdout=out)
    return out.getvalue()


def reminders() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=OutboxMessage.Kind.REMINDER).order_by("recipient"))


def with_organ(organ, handler=None, **overrides) -> Initiative:
    initiative = make_initiative(**overrides)
    Initiative.objects.filter(pk=initiative.pk).update(handling_organ=organ, handler=handler)
    return initiative


def test_each_handler_gets_one_digest_of_due_soon_and_overdue(registry_user):
    organ = make_organ("Palvelulautakunta", "committee")
    anna, bertta = make_user("anna", Role.HANDLER), make_user("bertta", Role.HANDLER)
    organ.handlers.add(anna, bertta)
    overdue = with_organ(organ, anna, title="Myöhässä", arrived_on=datetime.date(2026, 10, 1))
    due_soon = with_organ(organ, anna, title="Pian", arrived_on=datetime.date(2026, 10, 26))
    with_organ(organ, anna, title="Aikaa on", arrived_on=datetime.date(2026, 11, 20))  # due 21.12.
    organ_only = with_organ(organ, None, title="Toimielimen", arrived_on=datetime.date(2026, 10, 2))
    unassigned = make_initiative(title="Kirjaamon", arrived_on=datetime.date(2026, 10, 5))
    make_noticed(anna, organ=organ, title="Ilmoitettu", arrived_on=datetime.date(2026, 10, 1))  # notice sent

    assert "Reminders: 3 new." in run()

    by_recipient = {message.recipient: message for message in reminders()}
    assert set(by_recipient) == {anna.email, bertta.email, registry_user.email}
    anna_body = by_recipient[anna.email].body
    for initiative in [overdue, due_soon, organ_only]:
        assert initiative.reference in anna_body
    assert "Aikaa on" not in anna_body
    assert "Ilmoitettu" not in anna_body
    assert unassigned.reference not in anna_body
    # Without a handler, the organ's handlers; without an organ, the registry.
    assert organ_only.reference in by_recipient[bertta.email].body
    assert overdue.reference not in by_recipient[bertta.email].body
    assert unassigned.reference in by_recipient[registry_user.email].body
    assert by_recipient[anna.email].subject == "Aloitteiden ilmoitukset: 2 myöhässä, 1 pian erääntyvä"  # in Finnish
    # No contact details of the initiators in a reminder.
    assert "@example.invalid" not in anna_body


def test_running_twice_on_the_same_day_sends_nothing_new(handler_user, mailoutbox, django_capture_on_commit_callbacks):
    with_organ(make_organ(), handler_user, arrived_on=datetime.date(2026, 10, 1))
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert len(reminders()) == 1
    delivered = [m for m in mailoutbox if m.to == [handler_user.email]]
    assert len(delivered) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert "Reminders: 0 new." in run()
    assert len(reminders()) == 1
    assert len([m for m in mailoutbox if m.to == [handler_user.email]]) == 1

    with time_machine.travel(datetime.datetime(2026, 11, 25, 7, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False):
        assert "Reminders: 1 new." in run()
    assert len(reminders()) == 2


def test_nothing_waiting_sends_nothing(handler_user):
    make_initiative(arrived_on=TODAY)
    assert "Reminders: 0 new." in run()
    assert reminders() == []


def test_reclassified_and_inactive_handlers_are_skipped(registry_user):
    organ = make_organ()
    gone = make_user("lahtenyt", Role.HANDLER, is_active=False)
    initiative = with_organ(organ, gone, arrived_on=datetime.date(2026, 10, 1))
    run()
    assert [m.recipient for m in reminders()] == [registry_user.email]
    assert initiative.reference in reminders()[0].body
    OutboxMessage.objects.all().delete()

    Initiative.objects.filter(pk=initiative.pk).update(
        status=Initiative.Status.RECLASSIFIED, reclassified_as="feedback"
    )
    with time_machine.travel(datetime.datetime(2026, 11, 25, 7, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False):
        run()
    assert reminders() == []
