"""When the retention clock of an initiator's data starts (InitiativeQuerySet.retention_started_before): on the later
of the day the final notice was sent and the day the initiative was declared fully processed, only once both have
happened. Each case through `manage.py apply_retention` on the last day the data is kept and on the next."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative
from osallisuus.roles import Role
from tests.conftest import make_user
from tests.initiatives.factories import committed, make_initiative, make_organ

pytestmark = pytest.mark.django_db

EMAIL = "maija@example.invalid"
FINAL_NOTICE_ON = datetime.date(2025, 9, 15)
DECLARED_ON = datetime.date(2026, 6, 10)
FAR_FUTURE = datetime.date(2035, 1, 1)


def at(day: datetime.date, hour: int = 12):
    return time_machine.travel(timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour)), tick=False)


def run(day: datetime.date) -> None:
    with at(day, hour=2):
        call_command("apply_retention", stdout=io.StringIO())


def kept(initiative: Initiative) -> bool:
    initiative.refresh_from_db()
    return initiative.email == EMAIL


@pytest.fixture
def registry(db):
    return make_user("kirjaaja", Role.REGISTRY)


@pytest.fixture
def decided(registry) -> Initiative:
    """An initiative of 2025, noticed and decided; no final notice sent, not declared fully processed."""
    with at(datetime.date(2025, 3, 3)):
        initiative = make_initiative(arrived_on=datetime.date(2025, 3, 3), email=EMAIL, postal_address="Kotikatu 1")
        organ = make_organ()
        with committed():  # its email is delivered as it commits
            initiative = services.initiative_send_notice(
                initiative=initiative,
                user=registry,
                handling_organ=organ,
                estimated_completion=datetime.date(2025, 9, 1),
                info_contact_name="Ville Valmistelija",
                info_contact_email="ville@example.invalid",
            )
    with at(datetime.date(2025, 5, 5)):
        return services.initiative_record_decision(
            initiative=initiative,
            user=registry,
            outcome=Initiative.Outcome.YES,
            measures="Penkit hankitaan.",
            decision_organ=organ,
            decision_date=datetime.date(2025, 5, 5),
        )


def send_final_notice(initiative: Initiative, registry, day: datetime.date) -> None:
    """Sent on `day`: its email delivered as the transaction commits (a notice counts as sent only then)."""
    with at(day), committed():
        services.initiative_send_final_notice(initiative=initiative, user=registry)


def declare(initiative: Initiative, registry, day: datetime.date) -> None:
    """The council's decision on `day`; an initiative without a final notice is declared with the staff's
    confirmation that the decision declared it all the same."""
    initiative.refresh_from_db()
    unfinished = [initiative] if initiative.final_notice_sent_at is None else []
    with at(day):
        services.initiatives_declare_processed(
            user=registry,
            organ=make_organ(),
            meeting_date=day,
            section="§ 40",
            list_year=2025,
            initiatives=[initiative],
            confirmed_unfinished=unfinished,
        )


def last_kept(settings, start: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=settings.RETENTION_INITIATOR_CONTACT_DAYS)


def test_neither_final_notice_nor_declaration_keeps_the_data(decided):
    run(FAR_FUTURE)
    assert kept(decided)


def test_final_notice_alone_keeps_the_data(decided, registry):
    send_final_notice(decided, registry, FINAL_NOTICE_ON)
    run(FAR_FUTURE)
    assert kept(decided)


def test_declared_alone_keeps_the_data_until_the_final_notice_too_has_been_sent(decided, registry, settings):
    """Declared fully processed without a final notice (confirmed): the clock waits for the final notice."""
    declare(decided, registry, DECLARED_ON)
    run(last_kept(settings, DECLARED_ON) + datetime.timedelta(days=1))
    run(FAR_FUTURE - datetime.timedelta(days=3000))
    assert kept(decided)

    final_notice_on = datetime.date(2027, 2, 1)  # long after the declaration: its day starts the clock
    send_final_notice(decided, registry, final_notice_on)
    run(last_kept(settings, final_notice_on))
    assert kept(decided)
    run(last_kept(settings, final_notice_on) + datetime.timedelta(days=1))
    assert not kept(decided)


def test_both_the_clock_starts_on_the_later_day_the_declaration(decided, registry, settings):
    send_final_notice(decided, registry, FINAL_NOTICE_ON)
    declare(decided, registry, DECLARED_ON)
    run(last_kept(settings, FINAL_NOTICE_ON) + datetime.timedelta(days=1))  # counted from the earlier day: too soon
    run(last_kept(settings, DECLARED_ON))
    assert kept(decided)
    run(last_kept(settings, DECLARED_ON) + datetime.timedelta(days=1))
    assert not kept(decided)


def test_the_final_notice_day_is_the_helsinki_day(decided, registry, settings):
    """Sent at 00:30 Helsinki time (still the previous day in UTC): the clock starts on the Helsinki day."""
    sent = timezone.make_aware(datetime.datetime(2026, 7, 1, 0, 30))
    with time_machine.travel(sent, tick=False), committed():
        services.initiative_send_final_notice(initiative=decided, user=registry)
    declare(decided, registry, DECLARED_ON)
    run(last_kept(settings, datetime.date(2026, 7, 1)))
    assert kept(decided)
    run(last_kept(settings, datetime.date(2026, 7, 1)) + datetime.timedelta(days=1))
    assert not kept(decided)


@pytest.mark.parametrize(
    ("final_notice_on", "declared_on", "starts_on"),
    [
        (None, None, None),
        (None, DECLARED_ON, None),
        (FINAL_NOTICE_ON, None, None),
        (FINAL_NOTICE_ON, DECLARED_ON, DECLARED_ON),
        (datetime.date(2026, 8, 3), DECLARED_ON, datetime.date(2026, 8, 3)),
    ],
)
def test_retention_started_before_each_case(decided, registry, final_notice_on, declared_on, starts_on):
    """The queryset method directly: the clock's first day is `starts_on` (None: not started)."""
    if declared_on and (final_notice_on is None or final_notice_on > declared_on):
        declare(decided, registry, declared_on)
    if final_notice_on:
        send_final_notice(decided, registry, final_notice_on)
    if declared_on and final_notice_on and final_notice_on <= declared_on:
        declare(decided, registry, declared_on)
    started = Initiative.objects.filter(pk=decided.pk).retention_started_before
    if starts_on is None:
        assert not started(FAR_FUTURE).exists()
    else:
        assert not started(starts_on).exists()
        assert started(starts_on + datetime.timedelta(days=1)).exists()


def test_reclassified_starts_its_clock_when_reclassified(registry, settings):
    with at(datetime.date(2025, 4, 1)):
        message = make_initiative(arrived_on=datetime.date(2025, 4, 1), email=EMAIL)
    with at(datetime.date(2025, 4, 7)):
        services.initiative_reclassify(
            initiative=message, user=registry, kind=Initiative.Reclassification.FEEDBACK, message="Hei, ..."
        )
    run(last_kept(settings, datetime.date(2025, 4, 7)))
    assert kept(message)
    run(last_kept(settings, datetime.date(2025, 4, 7)) + datetime.timedelta(days=1))
    assert not kept(message)
