import pytest

from demo.region import seed_region
from ladder.demo import seed_programme
from ladder.models import (
    Action,
    Measurement,
    Metric,
    ParticipationKind,
    Partner,
    Principle,
    Programme,
    Step,
    TimelineEntry,
)

pytestmark = pytest.mark.django_db

MODELS = [Programme, Step, Principle, Action, ParticipationKind, Partner, Metric, Measurement, TimelineEntry]


def test_seed_programme_creates_the_programme_and_is_idempotent():
    lines: list[str] = []
    seed_region(log=lambda _: None)  # the programme's units and organs
    seed_programme(log=lines.append)
    counts = {model: model.objects.count() for model in MODELS}
    programme = Programme.objects.get()
    assert str(programme) == "Osallisuusohjelma 2024–2025"
    assert programme.adopted_by.name == "Aluehallitus"
    assert programme.adopted_on.isoformat() == "2024-02-13"
    assert programme.current_step == 3
    assert [s.title for s in programme.steps.order_by("number")][2] == "Kokemustiedon hyödyntäminen palveluissa"
    assert counts[Principle] == 6
    assert counts[ParticipationKind] == 3
    assert counts[Step] == 5
    assert counts[Action] == 18
    assert counts[TimelineEntry] == 4
    assert set(Metric.objects.values_list("name", flat=True)) == {
        "Palautteen määrä",
        "Palautteen vaikutukset toimintaan",
        "Asiakastyytyväisyys",
        "Aloitteiden määrä",
        "Vaikuttamistoimielinten toteutuneet kokoukset",
        "Osallisuusindikaattori",
    }
    assert Metric.objects.get(name="Aloitteiden määrä").computed_key == "initiatives_received"
    action = Action.objects.get(title="Osallisuustyöryhmän aloitus")
    assert action.schedule == "Q1/2024"
    assert {u.name for u in action.responsible_units.all()} == {
        "Johto",
        "Viestintäyksikkö",
        "Asiakaspalveluyksikkö",
        "HYTE-yksikkö",
    }
    assert action.history.first().history_change_reason == "Demo data (seeds/004)"

    seed_region(log=lambda _: None)  # the programme's units and organs

    seed_programme(log=lines.append)
    assert {model: model.objects.count() for model in MODELS} == counts
    assert "(0 rows created)" in lines[-1]
