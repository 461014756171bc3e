"""The rules of accessibility feedback: its answer deadline, the open/overdue/due-soon twins, the services, the mail
and the daily command."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accessibility import services
from accessibility.models import AccessibilityFeedback, AnswerState, answer_deadline_for
from osallisuus.models import OutboxMessage
from tests.accessibility.factories import make_feedback

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        (datetime.date(2026, 12, 1), datetime.date(2026, 12, 15)),  # Tuesday: two weeks later, a Tuesday
        (datetime.date(2026, 12, 10), datetime.date(2026, 12, 28)),  # 24.12 Christmas Eve, 25-27 holidays/weekend
        (datetime.date(2026, 11, 21), datetime.date(2026, 12, 7)),  # Saturday 5.12 → Monday 7.12
        (datetime.date(2026, 11, 22), datetime.date(2026, 12, 7)),  # Sunday 6.12, Independence Day → Monday 7.12
        (datetime.date(2026, 6, 5), datetime.date(2026, 6, 22)),  # Midsummer Eve 19.6 → Monday 22.6
    ],
)
def test_the_answer_is_due_two_weeks_after_arrival_on_a_working_day(received_on, due_on):
    assert answer_deadline_for(received_on) == due_on


def test_the_deadline_counts_from_the_helsinki_day_of_arrival():
    # 00:30 in Helsinki on 1 December is still 30 November in UTC.
    with time_machine.travel(datetime.datetime(2026, 11, 30, 22, 30, tzinfo=datetime.UTC), tick=False):
        feedback = services.accessibility_feedback_receive(message="Teksti on liian pientä.")
    assert feedback.received_on == datetime.date(2026, 12, 1)
    assert feedback.answer_due_on == datetime.date(2026, 12, 15)


def test_the_due_date_is_arrival_plus_fourteen_days_with_time_frozen(client, monkeypatch):

    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 0)
    with time_machine.travel(datetime.datetime(2027, 1, 12, 9, 0, tzinfo=datetime.UTC), tick=False):
        token = client.get("/saavutettavuus/palaute/").context["form"]["form_token"].value()
        client.post("/saavutettavuus/palaute/", {"message": "Palaute.", "form_token": token})
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.answer_due_on == datetime.date(2027, 1, 12) + datetime.timedelta(days=14)


def test_the_queryset_rules_and_the_answer_state_agree(registry_user):
    today = datetime.date(2026, 12, 14)  # Monday
    received = {
        "overdue": datetime.datetime(2026, 11, 26, 8, tzinfo=datetime.UTC),  # due 10.12
        "due_today": datetime.datetime(2026, 11, 30, 8, tzinfo=datetime.UTC),  # due 14.12
        "due_soon": datetime.datetime(2026, 12, 3, 8, tzinfo=datetime.UTC),  # due 17.12, 3 working days
        "on_time": datetime.datetime(2026, 12, 4, 8, tzinfo=datetime.UTC),  # due 18.12, 4 working days
    }
    rows = {name: make_feedback(message=name, received_at=at) for name, at in received.items()}
    rows["answered"] = make_feedback(
        message="answered",
        received_at=received["overdue"],
        answered_at=datetime.datetime(2026, 12, 9, tzinfo=datetime.UTC),
        answered_by=registry_user,
        answer_note="Vastattu.",
    )
    states = {name: feedback.answer_state(today) for name, feedback in rows.items()}
    assert states == {
        "overdue": AnswerState.OVERDUE,
        "due_today": AnswerState.DUE_SOON,
        "due_soon": AnswerState.DUE_SOON,
        "on_time": AnswerState.ON_TIME,
        "answered": AnswerState.ANSWERED,
    }
    objects = AccessibilityFeedback.objects
    assert set(objects.overdue(today).values_list("message", flat=True)) == {
        name for name, state in states.items() if state == AnswerState.OVERDUE
    }
    assert set(objects.due_soon(today).values_list("message", flat=True)) == {
        name for name, state in states.items() if state == AnswerState.DUE_SOON
    }
    assert set(objects.open().values_list("message", flat=True)) == {
        name for name, feedback in rows.items() if feedback.is_open
    }


def test_the_receive_service_refuses_an_empty_message_and_stores_nothing():
    with pytest.raises(ValidationError):
        services.accessibility_feedback_receive(message="   ")
    assert AccessibilityFeedback.objects.count() == 0


def test_the_receive_service_gives_the_same_feedback_for_the_same_submission_key():
    key = "0b8f2a4e-6a57-4f55-9d8e-8d2b1f6c3a10"
    first = services.accessibility_feedback_receive(message="Ensimmäinen.", submission_key=key)
    second = services.accessibility_feedback_receive(message="Toinen.", submission_key=key)
    assert first.pk == second.pk
    assert AccessibilityFeedback.objects.get().message == "Ensimmäinen."


def test_marking_answered_twice_is_refused(registry_user, hyte_user):
    feedback = make_feedback()
    services.accessibility_feedback_mark_answered(feedback=feedback, user=registry_user, note="Vastattu puhelimessa.")
    with pytest.raises(ValidationError) as error:
        services.accessibility_feedback_mark_answered(feedback=feedback, user=hyte_user, note="Toinen vastaus.")
    assert error.value.messages == ["Tämä palaute on jo merkitty vastatuksi."]
    feedback.refresh_from_db()
    assert feedback.answered_by == registry_user
    assert feedback.answer_note == "Vastattu puhelimessa."
    assert [h.history_user for h in feedback.history.all()] == [registry_user, None]


def test_an_answered_feedback_must_have_a_note_in_the_database(registry_user):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        make_feedback(answered_at=datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC), answer_note="")


def test_the_mail_goes_through_the_outbox_and_its_delivery_is_recorded_on_the_feedback(
    mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    arrived = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(arrived, tick=False), django_capture_on_commit_callbacks(execute=True):
        feedback = services.accessibility_feedback_receive(message="Palaute.", email="maija@example.invalid")
    feedback.refresh_from_db()
    assert (feedback.receipt_sent_at, feedback.registry_notified_at) == (None, None)
    stored = {message.kind: message for message in OutboxMessage.objects.about(feedback)}
    receipt, copy = stored[OutboxMessage.Kind.FEEDBACK_RECEIPT], stored[OutboxMessage.Kind.FEEDBACK_COPY]
    assert (receipt.recipient, receipt.reply_to) == ("maija@example.invalid", settings.ACCESSIBILITY_FEEDBACK_EMAIL)
    assert (copy.recipient, copy.reply_to) == (settings.ACCESSIBILITY_FEEDBACK_EMAIL, "maija@example.invalid")
    assert [(m.attempts, m.sent_at) for m in (receipt, copy)] == [(1, None), (1, None)]  # tried once, kept

    monkeypatch.undo()
    later = arrived + datetime.timedelta(minutes=5)  # past the first back-off
    with time_machine.travel(later, tick=False):
        call_command("send_outbox", stdout=StringIO())
        call_command("send_outbox", stdout=StringIO())
    assert sorted((message.to, message.reply_to) for message in mailoutbox) == [
        ([settings.ACCESSIBILITY_FEEDBACK_EMAIL], ["maija@example.invalid"]),
        (["maija@example.invalid"], [settings.ACCESSIBILITY_FEEDBACK_EMAIL]),
    ]
    feedback.refresh_from_db()
    receipt.refresh_from_db()
    copy.refresh_from_db()
    assert feedback.receipt_sent_at == receipt.sent_at == later
    assert feedback.registry_notified_at == copy.sent_at == later


def test_an_anonymous_feedback_gets_only_the_registry_copy(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        feedback = services.accessibility_feedback_receive(message="Nimetön palaute.")
    assert [m.kind for m in OutboxMessage.objects.about(feedback)] == [OutboxMessage.Kind.FEEDBACK_COPY]
    (copy,) = mailoutbox
    assert copy.to == [settings.ACCESSIBILITY_FEEDBACK_EMAIL]
    assert copy.reply_to == []


def test_the_daily_command_puts_mail_that_never_reached_the_outbox_there_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    # Feedback stored before its mail went through the outbox, its receipt and copy never sent; and an anonymous
    # one whose registry copy was sent, with nothing missing.
    waiting = make_feedback(email="maija@example.invalid")
    make_feedback(email="", registry_notified_at=waiting.received_at)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_feedback_reminders", stdout=out)
    assert "2 missing messages put in the outbox" in out.getvalue()
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        ["maija@example.invalid", settings.ACCESSIBILITY_FEEDBACK_EMAIL]
    )
    waiting.refresh_from_db()
    assert waiting.receipt_sent_at is not None
    assert waiting.registry_notified_at is not None

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_feedback_reminders", stdout=out)
    assert "0 missing messages put in the outbox" in out.getvalue()
    assert len(mailoutbox) == 2


def test_the_daily_reminder_lists_overdue_and_due_soon_feedback_once_a_day(
    mailoutbox, registry_user, django_capture_on_commit_callbacks
):
    now = datetime.datetime(2026, 12, 14, 5, 0, tzinfo=datetime.UTC)  # Monday 14.12.2026 07.00 in Helsinki
    common = {"receipt_sent_at": now, "registry_notified_at": now}
    make_feedback(
        message="Myöhässä oleva.", received_at=datetime.datetime(2026, 11, 26, 8, tzinfo=datetime.UTC), **common
    )
    make_feedback(
        message="Pian erääntyvä.", received_at=datetime.datetime(2026, 12, 2, 8, tzinfo=datetime.UTC), **common
    )
    make_feedback(
        message="Ajoissa oleva.", received_at=datetime.datetime(2026, 12, 10, 8, tzinfo=datetime.UTC), **common
    )
    make_feedback(
        message="Vastattu.",
        received_at=datetime.datetime(2026, 11, 20, 8, tzinfo=datetime.UTC),
        answered_at=now,
        answer_note="Vastattu.",
        **common,
    )
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("send_feedback_reminders", stdout=out)
        call_command("send_feedback_reminders", stdout=StringIO())
    assert "2 listed in today's reminder" in out.getvalue()
    (reminder,) = mailoutbox
    assert reminder.to == [settings.ACCESSIBILITY_FEEDBACK_EMAIL]
    assert reminder.subject == "2 saavutettavuuspalautetta odottaa vastausta"
    assert "10.12.2026 (Vastaus myöhässä): Myöhässä oleva." in reminder.body
    assert "16.12.2026 (Vastauksen määräpäivä lähellä): Pian erääntyvä." in reminder.body
    assert "Ajoissa oleva." not in reminder.body
    assert "Vastattu." not in reminder.body
    assert f"{settings.SITE_URL}/henkilosto/saavutettavuuspalaute/" in reminder.body

    with (
        time_machine.travel(now + datetime.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_feedback_reminders", stdout=StringIO())
    assert len(mailoutbox) == 2  # the next day again
