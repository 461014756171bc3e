"""Demo initiatives: realistic spread of years, organs and states, created through the services, idempotent."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from demo.region import seed_region, seed_staff
from initiatives.demo import seed_initiatives
from initiatives.models import Initiative, NoticeState
from osallisuus.models import OutboxMessage

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 6, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False):
        yield


@pytest.fixture
def region(settings):
    settings.DEBUG = False  # demo staff without passwords: faster, and nothing here logs in
    seed_region(log=lambda line: None)
    seed_staff(log=lambda line: None)


def test_demo_initiatives_cover_years_organs_and_states(region, mailoutbox, django_capture_on_commit_callbacks):
    lines: list[str] = []
    with django_capture_on_commit_callbacks(execute=True):
        seed_initiatives(count=40, log=lines.append)
    assert lines == ["Initiatives: 40 demo initiatives created, 0 were there already."]

    initiatives = list(Initiative.objects.select_related("handling_organ"))
    assert len(initiatives) == 40
    assert {i.register_number for i in initiatives} == {f"DEMO-{n:04d}" for n in range(1, 41)}
    assert {i.arrived_on.year for i in initiatives} >= {2024, 2025, 2026}
    assert min(i.arrived_on for i in initiatives) >= TODAY - datetime.timedelta(days=3 * 366)
    assert len({i.handling_organ for i in initiatives if i.handling_organ}) >= 5

    states = {i.notice_state(TODAY) for i in initiatives}
    assert {NoticeState.ON_TIME, NoticeState.DUE_SOON, NoticeState.OVERDUE} <= states
    assert {NoticeState.SENT_ON_TIME, NoticeState.SENT_LATE, NoticeState.NOT_APPLICABLE} <= states
    assert Initiative.objects.overdue(TODAY).exists()
    assert Initiative.objects.filter(status=Initiative.Status.ANSWERED).notice_sent_late().exists()
    assert Initiative.objects.filter(status=Initiative.Status.RECLASSIFIED).count() == 1
    assert Initiative.objects.published().count() >= 5
    service_users = Initiative.objects.filter(initiator_kind=Initiative.InitiatorKind.SERVICE_USER)
    assert service_users.exclude(publication_state=Initiative.Publication.PUBLISHED).exists()
    assert all(i.public_text for i in service_users.published())
    for status in Initiative.Status.values:
        assert Initiative.objects.filter(status=status).exists(), status

    # Timestamps are in the past, consistent with the deadlines, and the history follows them.
    answered = Initiative.objects.filter(status=Initiative.Status.ANSWERED).order_by("arrived_on").first()
    assert answered.notice_sent_at.date() < TODAY
    assert answered.final_notice_sent_at >= answered.notice_sent_at
    assert answered.history.earliest("history_date").history_date.date() == answered.arrived_on
    assert answered.estimated_completion < TODAY

    # No demo email is ever sent: the outbox shows them as delivered on their past dates.
    assert mailoutbox == []
    assert not OutboxMessage.objects.undelivered().exists()
    assert OutboxMessage.objects.filter(kind=OutboxMessage.Kind.FINAL_NOTICE).exists()


def test_demo_is_idempotent_and_adds_only_the_missing(region):
    seed_initiatives(count=10, log=lambda line: None)
    first = dict(Initiative.objects.values_list("register_number", "title"))
    lines: list[str] = []
    seed_initiatives(count=10, log=lines.append)
    assert lines == ["Initiatives: 0 demo initiatives created, 10 were there already."]
    seed_initiatives(count=12, log=lines.append)
    assert Initiative.objects.count() == 12
    assert {
        key: value for key, value in Initiative.objects.values_list("register_number", "title") if key in first
    } == (first)


def test_without_organs_nothing_is_created():
    lines: list[str] = []
    seed_initiatives(count=5, log=lines.append)
    assert lines == ["Initiatives: no organs; load the region first."]
    assert not Initiative.objects.exists()
