"""The initiative rules through their services: references, deadlines, every transition and the refused ones."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from initiatives import services
from initiatives.models import Initiative, NoticeState
from initiatives.selectors import initiative_figures
from osallisuus.models import OutboxMessage
from tests.initiatives.factories import make_decided, make_initiative, make_noticed, make_organ, send_final_notice

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def test_references_are_sequential_per_arrival_year():
    first = make_initiative(arrived_on=datetime.date(2025, 12, 31))
    second = make_initiative(arrived_on=datetime.date(2026, 1, 1))
    third = make_initiative(arrived_on=datetime.date(2026, 3, 5))
    assert [first.reference, second.reference, third.reference] == ["2025-0001", "2026-0001", "2026-0002"]


def test_notice_deadline_is_stored_from_the_arrival_date():
    initiative = make_initiative(arrived_on=datetime.date(2026, 11, 24))
    assert initiative.notice_due_on == datetime.date(2026, 12, 28)  # 24.12. is Christmas Eve (DOMAIN.md)


@time_machine.travel(datetime.datetime(2026, 1, 31, 22, 30, tzinfo=datetime.UTC))
def test_web_arrival_date_is_the_helsinki_date(client, municipality):
    # 00:30 in Helsinki on 1 February while UTC still says 31 January (DOMAIN.md, Deadlines).
    assert timezone.localdate() == datetime.date(2026, 2, 1)
    initiative = make_initiative(arrived_on=timezone.localdate())
    assert initiative.arrived_on == datetime.date(2026, 2, 1)
    assert initiative.notice_due_on == datetime.date(2026, 3, 2)  # 1.3.2026 is a Sunday


def test_create_stores_the_initiative_and_queues_a_receipt_in_its_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the email is sent after the transaction commits
        initiative = make_initiative(letter_language="sv", email="anna@example.invalid")
    assert initiative.status == Initiative.Status.RECEIVED
    message = OutboxMessage.objects.about(initiative).get()
    assert message.kind == OutboxMessage.Kind.RECEIPT
    assert message.language == "sv"
    assert message.sent_at is not None  # the immediate task backend delivered it after commit
    assert [m.to for m in mailoutbox] == [["anna@example.invalid"]]
    assert initiative.reference in mailoutbox[0].subject
    assert initiative.tracking_token in mailoutbox[0].body
    assert mailoutbox[0].body.rstrip().endswith("Satakunta välfärdsområde")  # signed in Swedish
    assert "Satakunnan hyvinvointialue" not in mailoutbox[0].body


def test_create_without_any_contact_is_refused():
    with pytest.raises(ValidationError):
        make_initiative(email="", postal_address="")
    assert not Initiative.objects.exists()


def test_same_submission_key_stores_one_initiative():
    key = "3f1c0d6e-8a4b-4a53-9f1e-2b7c5d9e0a11"
    first = make_initiative(submission_key=key)
    second = make_initiative(submission_key=key, title="Toinen otsikko")
    assert first.pk == second.pk
    assert Initiative.objects.count() == 1


def test_history_records_user_and_reason(handler_user):
    initiative = make_noticed(handler_user)
    delivered, prepared = initiative.history.all()[:2]
    assert prepared.history_user == handler_user
    # reasons are written in the language of the acting user (Finnish by default)
    assert prepared.history_change_reason == "Ilmoitus kuukauden kuluessa valmisteltu"
    # the notice counts as sent when its email is delivered: recorded by no person, in the county's language
    assert delivered.history_user is None
    assert delivered.history_change_reason == "Ilmoitus kuukauden kuluessa toimitettu sähköpostilla"
    assert delivered.notice_sent_at is not None
    assert prepared.notice_sent_at is None
    assert initiative.history.last().history_change_reason == "Saapui verkkolomakkeella"


def test_notice_records_time_method_and_status(handler_user, mailoutbox, django_capture_on_commit_callbacks):
    organ = make_organ("Palvelulautakunta", "committee")
    with django_capture_on_commit_callbacks(execute=True):
        initiative = make_noticed(handler_user, organ=organ)
    assert initiative.status == Initiative.Status.IN_PROGRESS
    assert initiative.handling_organ == organ
    assert initiative.handler == handler_user
    assert initiative.notice_method == Initiative.DeliveryMethod.EMAIL
    assert initiative.notice_state(timezone.localdate()) == NoticeState.SENT_ON_TIME
    stored = OutboxMessage.objects.get(kind=OutboxMessage.Kind.NOTICE)
    assert initiative.notice_sent_at == stored.sent_at  # sent when its email was delivered
    [notice] = [message for message in mailoutbox if message.subject == stored.subject]
    assert "Palvelulautakunta" in notice.body
    assert "Ville Valmistelija" in notice.body


def test_notice_without_email_is_a_letter(handler_user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative = make_noticed(handler_user, email="", postal_address="Esimerkkitie 1\n28100 Pori")
    assert initiative.notice_method == Initiative.DeliveryMethod.LETTER
    assert mailoutbox == []


def test_notice_twice_is_refused(handler_user):
    initiative = make_noticed(handler_user)
    with pytest.raises(services.TransitionError):
        services.initiative_send_notice(
            initiative=initiative,
            user=handler_user,
            handling_organ=initiative.handling_organ,
            estimated_completion=timezone.localdate(),
            info_contact_name="X",
            info_contact_phone="+358 2 000",
        )


def test_notice_needs_a_way_to_reach_the_contact(handler_user):
    initiative = make_initiative()
    with pytest.raises(ValidationError):
        services.initiative_send_notice(
            initiative=initiative,
            user=handler_user,
            handling_organ=make_organ(),
            estimated_completion=timezone.localdate(),
            info_contact_name="Ville",
        )
    initiative.refresh_from_db()
    assert initiative.notice_sent_at is None


def test_decision_before_notice_is_refused(handler_user):
    initiative = make_initiative()
    with pytest.raises(services.TransitionError):
        services.initiative_record_decision(
            initiative=initiative,
            user=handler_user,
            outcome=Initiative.Outcome.NO,
            measures="",
            decision_organ=make_organ(),
            decision_date=timezone.localdate(),
        )


def test_final_notice_before_decision_is_refused(handler_user):
    initiative = make_noticed(handler_user)
    with pytest.raises(services.TransitionError):
        services.initiative_send_final_notice(initiative=initiative, user=handler_user)
    initiative.refresh_from_db()
    assert initiative.final_notice_sent_at is None


def test_full_path_to_the_final_notice(handler_user, mailoutbox, django_capture_on_commit_callbacks):
    initiative = make_decided(handler_user, outcome=Initiative.Outcome.PARTLY)
    initiative = services.initiative_record_hearing(
        initiative=initiative, user=handler_user, offered_on=timezone.localdate(), held_on=timezone.localdate()
    )
    with django_capture_on_commit_callbacks(execute=True):
        initiative = services.initiative_send_final_notice(initiative=initiative, user=handler_user)
        assert initiative.final_notice_sent_at is None  # prepared: sent once its email is delivered, at commit
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.ANSWERED
    assert initiative.final_notice_sent_at == OutboxMessage.objects.get(kind=OutboxMessage.Kind.FINAL_NOTICE).sent_at
    with translation.override("fi"):
        assert str(Initiative.Outcome.PARTLY.label) in mailoutbox[-1].body
    assert "Pihaan hankitaan kaksi penkkiä" in mailoutbox[-1].body
    with pytest.raises(services.TransitionError):
        services.initiative_record_decision(
            initiative=initiative,
            user=handler_user,
            outcome=Initiative.Outcome.NO,
            measures="",
            decision_organ=initiative.handling_organ,
            decision_date=timezone.localdate(),
        )


def test_hearing_cannot_be_held_before_it_was_offered(handler_user):
    initiative = make_noticed(handler_user)
    with pytest.raises(ValidationError):
        services.initiative_record_hearing(
            initiative=initiative,
            user=handler_user,
            offered_on=timezone.localdate(),
            held_on=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_service_users_initiative_is_published_only_redacted(hyte_user):
    initiative = make_initiative(initiator_kind=Initiative.InitiatorKind.SERVICE_USER, service="Kotihoito")
    with pytest.raises(ValidationError):
        services.initiative_publish(initiative=initiative, user=hyte_user)
    assert not Initiative.objects.published().exists()
    services.initiative_publish(initiative=initiative, user=hyte_user, public_text="Kotihoidon käyntiajat.")
    assert list(Initiative.objects.published()) == [initiative]


def test_reclassified_leaves_lists_and_deadlines(registry_user, mailoutbox, django_capture_on_commit_callbacks):
    initiative = make_initiative(arrived_on=timezone.localdate() - datetime.timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_reclassify(
            initiative=initiative,
            user=registry_user,
            kind=Initiative.Reclassification.FEEDBACK,
            message="Välitimme palautteesi asiakaspalveluun.",
        )
    today = timezone.localdate()
    assert not Initiative.objects.initiatives().exists()
    assert not Initiative.objects.overdue(today).exists()
    assert "Välitimme palautteesi asiakaspalveluun." in mailoutbox[-1].body
    with pytest.raises(services.TransitionError):
        services.initiative_publish(initiative=initiative, user=registry_user)


@pytest.mark.parametrize(
    ("arrived_on", "today", "state"),
    [
        (datetime.date(2026, 11, 24), datetime.date(2026, 11, 30), NoticeState.ON_TIME),
        (datetime.date(2026, 11, 24), datetime.date(2026, 12, 21), NoticeState.DUE_SOON),  # due 28.12.
        (datetime.date(2026, 11, 24), datetime.date(2026, 12, 28), NoticeState.DUE_SOON),
        (datetime.date(2026, 11, 24), datetime.date(2026, 12, 29), NoticeState.OVERDUE),
        (datetime.date(2026, 11, 24), datetime.date(2026, 12, 14), NoticeState.ON_TIME),
    ],
)
def test_notice_state_and_its_queryset_twins_agree(arrived_on, today, state):
    initiative = make_initiative(arrived_on=arrived_on)
    assert initiative.notice_state(today) == state
    assert Initiative.objects.overdue(today).filter(pk=initiative.pk).exists() == (state == NoticeState.OVERDUE)
    assert Initiative.objects.due_soon(today).filter(pk=initiative.pk).exists() == (state == NoticeState.DUE_SOON)


def test_notice_sent_late_in_python_and_sql(handler_user):
    arrived = datetime.date(2026, 9, 1)
    with time_machine.travel(datetime.datetime(2026, 10, 2, 23, 30, tzinfo=HELSINKI)):  # due Thu 1.10.
        late = make_noticed(handler_user, arrived_on=arrived)
    with time_machine.travel(datetime.datetime(2026, 10, 1, 23, 30, tzinfo=HELSINKI)):  # the last day, late evening
        on_time = make_noticed(handler_user, arrived_on=arrived)
    assert late.notice_state(datetime.date(2026, 11, 1)) == NoticeState.SENT_LATE
    assert on_time.notice_state(datetime.date(2026, 11, 1)) == NoticeState.SENT_ON_TIME
    assert list(Initiative.objects.notice_sent_late()) == [late]
    assert list(Initiative.objects.notice_sent_on_time()) == [on_time]


def test_figures_for_a_period(handler_user):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=HELSINKI)):
        make_decided(handler_user, arrived_on=datetime.date(2026, 3, 2), outcome=Initiative.Outcome.YES)
        make_decided(handler_user, arrived_on=datetime.date(2026, 3, 4), outcome=Initiative.Outcome.NO)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=HELSINKI)):
        make_noticed(handler_user, arrived_on=datetime.date(2026, 3, 20))  # notice late (due 20.4.)
    make_initiative(arrived_on=datetime.date(2025, 12, 31))  # outside the period
    figures = initiative_figures(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    assert figures.received == 3
    assert figures.notified_within_month == 2
    assert figures.notified_within_month_share == pytest.approx(2 / 3)
    assert figures.median_days_to_notice == 8  # 8, 6 and 73 days
    assert figures.led_to_measures == 1
    assert figures.led_to_measures_share == pytest.approx(0.5)


def test_figures_count_days_to_the_helsinki_day_and_take_the_middle_of_an_even_count(handler_user):
    arrived = datetime.date(2026, 9, 1)  # notice due Thu 1.10.
    with time_machine.travel(datetime.datetime(2026, 9, 11, 12, tzinfo=HELSINKI)):
        decided = make_decided(handler_user, arrived_on=arrived, outcome=Initiative.Outcome.PARTLY)  # 10 days
    # 00:30 on 2.10. in Helsinki is still 1.10. in UTC: 31 days, and late.
    with time_machine.travel(datetime.datetime(2026, 10, 2, 0, 30, tzinfo=HELSINKI)):
        past_midnight = make_noticed(handler_user, arrived_on=arrived)
    with time_machine.travel(datetime.datetime(2026, 10, 11, 12, tzinfo=HELSINKI)):
        make_decided(handler_user, arrived_on=arrived, outcome=Initiative.Outcome.NO)  # 40 days
    with time_machine.travel(datetime.datetime(2026, 10, 16, 12, tzinfo=HELSINKI)):
        make_noticed(handler_user, arrived_on=arrived)  # 45 days
    with time_machine.travel(datetime.datetime(2026, 12, 1, 0, 30, tzinfo=HELSINKI)):
        send_final_notice(decided, handler_user)  # 91 days (90 in UTC)
    make_initiative(arrived_on=arrived)  # no notice yet, no outcome
    past_midnight.refresh_from_db()
    assert past_midnight.notice_sent_at.astimezone(datetime.UTC).date() == datetime.date(2026, 10, 1)

    figures = initiative_figures(start=arrived, end=arrived)
    assert figures.received == 5
    assert figures.notified_within_month == 1
    assert figures.notified_within_month_share == pytest.approx(1 / 5)
    assert figures.median_days_to_notice == 35.5  # 10, 31, 40 and 45 days: halfway between the middle two
    assert figures.median_days_to_final_notice == 91
    assert figures.led_to_measures == 1  # partly; the initiative still without an outcome is not counted
    assert figures.led_to_measures_share == pytest.approx(1 / 2)


def test_figures_of_no_initiatives_are_zero_and_none():
    make_initiative(arrived_on=datetime.date(2026, 3, 2))
    figures = initiative_figures(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
    assert figures.received == 0
    assert figures.notified_within_month == 0
    assert figures.notified_within_month_share is None
    assert figures.median_days_to_notice is None
    assert figures.median_days_to_final_notice is None
    assert figures.led_to_measures == 0
    assert figures.led_to_measures_share is None


def test_figures_take_one_query_whatever_the_number_of_initiatives(handler_user, django_assert_num_queries):
    def processed(count: int) -> None:
        with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=HELSINKI)):
            for _ in range(count):
                decided = make_decided(handler_user, arrived_on=datetime.date(2026, 3, 2))
                send_final_notice(decided, handler_user)

    period = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}
    processed(2)
    with django_assert_num_queries(1):
        assert initiative_figures(**period).median_days_to_final_notice == 8
    processed(5)
    with django_assert_num_queries(1):
        assert initiative_figures(**period).received == 7


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_submissions_get_distinct_references():
    from django.db import connections

    municipality = make_initiative(arrived_on=datetime.date(2026, 5, 4)).home_municipality
    barrier = threading.Barrier(8)
    references, errors = [], []

    def submit(number: int) -> None:
        try:
            barrier.wait()
            initiative = services.initiative_create(
                initiator_kind=Initiative.InitiatorKind.RESIDENT,
                name=f"Samanaikainen {number}",
                title=f"Samanaikainen aloite {number}",
                text="Teksti",
                arrived_on=datetime.date(2026, 5, 4),
                email=f"s{number}@example.invalid",
                home_municipality=municipality,
            )
            references.append(initiative.reference)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(references) == [f"2026-{n:04d}" for n in range(2, 10)]
