"""The programme's status badges: each state says its tone in Python (osallisuus/badges.py), one rule of the models
gives the state, and the pages render it through includes/badge.html."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from ladder.models import Action, Metric
from tests.ladder.factories import make_action, make_measurement, make_metric, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2024, 10, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


def badge(tone: str, words: str) -> str:
    return f'<span class="badge badge--{tone}">{words}</span>'


def test_each_state_has_its_tone():
    assert {member: member.badge_tone for member in Metric.TargetStanding} == {
        Metric.TargetStanding.REACHED: "ok",
        Metric.TargetStanding.NOT_YET: "warn",
    }
    assert {member: member.badge_tone for member in Action.ScheduleStanding} == {Action.ScheduleStanding.LATE: "danger"}


def test_the_rules_give_the_states():
    up = Metric(direction=Metric.Direction.UP, target=Decimal(10))
    down = Metric(direction=Metric.Direction.DOWN, target=Decimal(10))
    assert up.target_standing(Decimal(10)) == Metric.TargetStanding.REACHED
    assert up.target_standing(9) == Metric.TargetStanding.NOT_YET
    assert down.target_standing(9) == Metric.TargetStanding.REACHED
    assert down.target_standing(11) == Metric.TargetStanding.NOT_YET
    assert up.target_standing(None) is None
    assert Metric(direction=Metric.Direction.UP, target=None).target_standing(9) is None

    ended = {"starts_in": 20242, "ends_in": 20242}  # Q2/2024; today is in Q4/2024
    assert Action(state=Action.State.IN_PROGRESS, **ended).schedule_standing == Action.ScheduleStanding.LATE
    assert Action(state=Action.State.DONE, **ended).schedule_standing is None
    assert Action(state=Action.State.IN_PROGRESS, starts_in=20244, ends_in=20244).schedule_standing is None


def test_the_pages_show_the_targets_and_late_actions(client, hyte_user):
    programme = make_programme()
    make_action(programme, title="Myöhässä oleva", start="Q2/2024", state=Action.State.IN_PROGRESS)
    make_action(programme, title="Valmis ajallaan", start="Q2/2024", state=Action.State.DONE)
    make_measurement(make_metric(programme, name="Palautteet", target=Decimal(10)), value=Decimal(12))
    make_measurement(make_metric(programme, name="Odotusaika", target=Decimal(5), direction="down"), value=Decimal(7))
    make_measurement(make_metric(programme, name="Ilman tavoitetta"), value=Decimal(3))

    page = client.get("/ohjelma/").text
    assert page.count(badge("ok", "Target reached")) == 1
    assert page.count(badge("warn", "Target not yet reached")) == 1
    assert page.index("Palautteet") < page.index("Target reached")
    assert page.count(badge("danger", "Late")) == 1
    client.force_login(hyte_user)
    staff = client.get("/henkilosto/ohjelma/").text
    assert f"{badge('info', 'In progress')} {badge('danger', 'Late')}" in staff

    with translation.override("fi"):
        finnish = client.get("/ohjelma/", headers={"Accept-Language": "fi"}).text
    assert badge("ok", "Tavoite saavutettu") in finnish
    assert badge("warn", "Tavoitetta ei vielä saavutettu") in finnish
    assert badge("danger", "Myöhässä") in finnish
