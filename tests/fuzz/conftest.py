"""Shared set-up of the fuzz tests: a frozen clock, spam defences a test can pass, a small world of published rows
behind every public page, and hypothesis settings sized so the whole folder runs in well under a minute.

`FUZZ_SCALE=10` multiplies every example count and `FUZZ_RANDOM=1` draws fresh random examples (the default is
derandomised so that a run is reproducible); both are for exploring locally, CI uses the defaults."""

import datetime
import itertools
import os
from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bodies import services as body_services
from bodies.models import AdvisoryBody, Meeting, Statement
from initiatives import services
from initiatives.models import Initiative
from ladder import services as ladder_services
from ladder.models import Action, Programme
from ladder.quarters import Quarter
from osallisuus.models import Municipality, Organ, User
from osallisuus.roles import Role
from tests.bodies.factories import make_body, make_meeting, make_term
from tests.conftest import make_user
from tests.initiatives.factories import make_initiative
from tests.ladder.factories import make_principle, make_programme, make_unit

NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def fuzz_settings(examples: int) -> hypothesis_settings:
    """Settings of one property: `examples` inputs (times FUZZ_SCALE), no deadline (the machine is shared), the
    database and client fixtures reused across examples (each example checks the rows it may change)."""
    return hypothesis_settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        derandomize=os.environ.get("FUZZ_RANDOM") != "1",
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(autouse=True)
def _frozen_and_unlimited(monkeypatch):
    """A fixed clock, and a form token that is valid at once (no test waits three seconds)."""
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 0)
    with time_machine.travel(NOW, tick=False):
        yield


def forget_rate_limits() -> None:
    """Called before each example: the rate-limit slots taken by earlier examples are forgotten."""
    cache.clear()


@dataclass
class World:
    municipality: Municipality
    organ: Organ
    hyte: User
    initiative: Initiative
    body: AdvisoryBody
    meeting: Meeting
    statement: Statement
    programme: Programme
    action: Action


def build_world(text: str = "", *, hostile: bool = False) -> World:
    """One of each public thing: a published, decided and answered initiative, a body with a term, a meeting with
    an agenda and published minutes, a statement, and a current programme with an action and a progress note.

    Every free-text field holds a plain Finnish value followed by `text`; with `hostile`, each field is exactly
    `text` behind a formula character (=, +, -, @ in turn), cut to the field's length."""
    prefixes = itertools.cycle("=+-@")

    def v(plain: str, limit: int | None = None) -> str:
        value = f"{next(prefixes)}{text}" if hostile else f"{plain} {text}".strip()
        return value[:limit] if limit else value

    municipality = Municipality.objects.create(name=v("Pori", 200), code="609")
    organ = Organ.objects.create(name=v("Aluehallitus", 200), kind=Organ.Kind.BOARD)
    hyte = make_user("koordinaattori", Role.HYTE, superuser=True)
    initiative = make_initiative(
        name=v("Maija", 200),
        title=v("Penkki", 200),
        text=v("Ehdotan penkkiä."),
        home_municipality=municipality,
        arrived_on=datetime.date(2026, 1, 12),
        name_publication_consent=True,
        email="maija@example.invalid",
        postal_address=v("Katu 1"),
        letter_language="fi",
    )
    initiative = services.initiative_send_notice(
        initiative=initiative,
        user=hyte,
        handling_organ=organ,
        estimated_completion=datetime.date(2026, 6, 30),
        info_contact_name=v("Ville", 200),
        info_contact_email="ville@example.invalid",
    )
    initiative = services.initiative_record_decision(
        initiative=initiative,
        user=hyte,
        outcome=Initiative.Outcome.YES,
        measures=v("Hankitaan penkki."),
        decision_organ=organ,
        decision_date=datetime.date(2026, 2, 20),
        decision_section=v("§ 3", 20),
    )
    initiative = services.initiative_send_final_notice(initiative=initiative, user=hyte)
    initiative = services.initiative_publish(initiative=initiative, user=hyte)

    body = make_body(name=v("Vanhusneuvosto", 200), purpose=v("Tuo äänen päätöksiin."))
    make_term(body, datetime.date(2025, 6, 1), datetime.date(2029, 5, 31))
    meeting = make_meeting(body, datetime.datetime(2026, 2, 16, 15, tzinfo=datetime.UTC), place=v("Pori, sali", 300))
    body_services.agenda_item_add(meeting=meeting, title=v("Palveluverkko", 300), user=None)
    body_services.meeting_mark_held(meeting=meeting, user=None)
    body_services.meeting_minutes_update(meeting=meeting, text=v("Pöytäkirja."), user=None)
    body_services.meeting_minutes_publish(
        meeting=meeting, approved_on=datetime.date(2026, 2, 20), today=datetime.date(2026, 2, 20), user=None
    )
    make_meeting(body, datetime.datetime(2026, 4, 20, 14, tzinfo=datetime.UTC), place=v("Rauma", 300))
    statement = body_services.statement_create(
        body=body,
        subject=v("Lausunto", 300),
        given_on=datetime.date(2026, 2, 1),
        requested_by_other=v("Aluehallitus", 200),
        text=v("Lausunnon teksti."),
        user=None,
    )

    programme = make_programme(name=v("Osallisuusohjelma", 200), start_year=2025, end_year=2027)
    action = ladder_services.action_create(
        step=programme.steps.get(number=3),
        principle=make_principle(name=v("Aitoa kuuntelemista", 200)),
        title=v("Asiakasraati", 300),
        description=v("Raati kokoontuu."),
        start=Quarter.parse("Q1/2026"),
        end=Quarter.parse("Q4/2026"),
        user=hyte,
        reason="Lisätty",
        responsible_units=[make_unit(name=v("HYTE-yksikkö", 200))],
    )
    ladder_services.progress_note_add(action=action, noted_on=datetime.date(2026, 2, 1), text=v("Edistyi."), user=hyte)
    return World(
        municipality=municipality,
        organ=organ,
        hyte=hyte,
        initiative=initiative,
        body=body,
        meeting=meeting,
        statement=statement,
        programme=programme,
        action=action,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()
