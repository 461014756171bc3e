import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from demo.region import seed_region
from ladder.demo import seed_programme
from ladder.models import Action, EvidenceLink, Metric, ParticipationKind, Partner, ProgressNote
from tests.conftest import make_user
from tests.ladder.factories import (
    make_action,
    make_measurement,
    make_metric,
    make_principle,
    make_programme,
    make_unit,
)

pytestmark = pytest.mark.django_db
S = Action.State
URL = "/ohjelma/"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2024, 10, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


def _fill(programme, n: int) -> None:
    listen, speak = make_principle("Aitoa kuuntelemista", 3), make_principle("Selkeää viestimistä", 4)
    hyte, viestinta = make_unit("HYTE-yksikkö"), make_unit("Viestintäyksikkö")
    for i in range(n):
        make_action(
            programme,
            step=2 + i % 2,
            title=f"Toimenpide {i}",
            start="Q1/2024",
            end="Q2/2024" if i % 3 else "Q4/2024",
            state=[S.PLANNED, S.IN_PROGRESS, S.DONE][i % 3],
            principle=listen if i % 2 else speak,
            units=[hyte] if i % 2 else [hyte, viestinta],
        )
    metric = make_metric(programme, name=f"Palautteen määrä {n}")
    metric.measurements.create(period_start=datetime.date(2024, 1, 1), period_end=datetime.date(2024, 12, 31), value=n)


def test_url_names():
    assert reverse("ladder:index") == URL
    assert reverse("ladder:staff-index") == "/henkilosto/ohjelma/"


def test_page_without_a_programme(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "The participation programme has not been published yet." in response.text


def test_page_shows_the_ladder_actions_timeline_and_metrics(client):
    seed_region(log=lambda _: None)  # the programme's units and organs
    seed_programme(log=lambda _: None)
    response = client.get(URL)
    html = response.text
    assert response.status_code == 200
    assert "Osallisuusohjelma 2024–2025" in html
    assert 'aria-current="step"' in html
    assert "Kokemustiedon hyödyntäminen palveluissa" in html
    assert html.count('class="ladder__step ') == 5
    assert "Osallisuustyöryhmän aloitus" in html
    assert "Q1/2024–Q2/2024" in html
    assert "Schedule of the actions by quarter" in html
    assert re.search(r'<th scope="row">[^<]+ <span class="muted">\(step \d, [a-z ]+\)</span></th>', html)
    assert "Palautteen määrä" in html
    assert "4820" in html
    assert "Aloitteiden määrä" in html  # computed from the initiatives app
    assert "ten fixed statements" in html
    assert "Muutosohjelma 2.2 b" in html
    assert "Vanhusneuvosto" in html
    assert "style=" not in html
    assert "<script>" not in html


def test_late_actions_are_flagged_on_the_page(client):
    programme = make_programme()
    make_action(programme, title="Myöhässä oleva", start="Q2/2024", state=S.IN_PROGRESS)
    make_action(programme, title="Valmis ajallaan", start="Q2/2024", state=S.DONE)
    response = client.get(URL)
    late_badge = '<span class="badge badge--danger">Late</span>'
    assert response.text.count(late_badge) == 1
    assert response.text.index("Myöhässä oleva") < response.text.index(late_badge)


def test_filters_narrow_the_actions(client):
    programme = make_programme()
    _fill(programme, 6)
    principle = make_principle("Aitoa kuuntelemista")
    viestinta = make_unit("Viestintäyksikkö")
    response = client.get(URL, {"step": 2, "state": "planned"})
    assert response.status_code == 200
    assert "Toimenpide 0" in response.text
    assert "Toimenpide 3" not in response.text
    assert "Toimenpide 1" not in response.text  # step 3
    response = client.get(URL, {"principle": principle.pk})
    assert "Toimenpide 1" in response.text
    assert "Toimenpide 0" not in response.text
    response = client.get(URL, {"unit": viestinta.pk})
    assert "Toimenpide 0" in response.text
    assert "Toimenpide 1" not in response.text
    assert "3 actions shown." in response.text


def test_filter_choices_are_the_ways_of_working_and_units_of_the_actions_in_their_order(client):
    programme = make_programme()
    make_principle("Unused way of working", 0)
    make_unit("Ei toimenpiteitä")
    second, first = make_principle("Selkeää viestimistä", 2), make_principle("Aitoa kuuntelemista", 1)
    viestinta, hyte = make_unit("Viestintäyksikkö"), make_unit("HYTE-yksikkö")
    make_action(programme, step=2, title="Toinen", principle=second, units=[viestinta])
    make_action(programme, step=3, title="Ensimmäinen", principle=first, units=[hyte, viestinta])
    html = client.get(URL).text
    principles = html[html.index('name="principle"') : html.index("</select>", html.index('name="principle"'))]
    units = html[html.index('name="unit"') : html.index("</select>", html.index('name="unit"'))]
    assert re.findall(r">([^<]+)</option>", principles) == ["All", "Aitoa kuuntelemista", "Selkeää viestimistä"]
    assert re.findall(r">([^<]+)</option>", units) == ["All", "HYTE-yksikkö", "Viestintäyksikkö"]
    # The actions follow the steps, then the ways of working in their order.
    assert html.index("Toinen") < html.index("Ensimmäinen")


def test_unknown_filter_values_do_not_break_the_page(client):
    make_programme()
    response = client.get(URL, {"step": "9", "principle": "x", "state": "<b>", "unit": "999999"})
    assert response.status_code == 200


def test_htmx_request_gets_only_the_actions_fragment(client):
    programme = make_programme()
    _fill(programme, 4)
    response = client.get(URL, {"step": 3}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="programme-actions">')
    assert "<html" not in response.text
    assert "Metrics" not in response.text
    assert "Toimenpide 1" in response.text
    assert "Toimenpide 0" not in response.text


def _grow(programme, n: int) -> None:
    """`n` more actions, each with units, two notes and a link, and `n` more metrics with a measurement each."""
    _fill(programme, n)
    for action in Action.objects.filter(title__startswith="Toimenpide", notes__isnull=True):
        ProgressNote.objects.create(action=action, noted_on=datetime.date(2024, 3, 1), text="Aloitettiin")
        ProgressNote.objects.create(action=action, noted_on=datetime.date(2024, 9, 1), text="Edistyi")
        EvidenceLink.objects.create(action=action, title="Uutinen", url="https://example.invalid/uutinen")
    for i in range(n):
        metric = make_metric(programme, name=f"Mittari {n} {i}", target=Decimal(5))
        make_measurement(metric, year=2024, value=Decimal(i))


# The public page: the programme, its steps, actions, kinds of participation, the units of each (three) and the
# units themselves, the actions' notes and links, the kinds' partners, the metrics with their measurements, and the
# change programme's timeline. The htmx fragment leaves out the partners, metrics and timeline.
PAGE_QUERIES = {False: 14, True: 10}


@pytest.mark.parametrize("htmx", [False, True])
def test_query_count_is_fixed_whatever_the_rows_and_filters(client, django_assert_num_queries, htmx):
    """Filtering reads no more: the actions are filtered as read, and the filter's choices come from them."""
    headers = {"HX-Request": "true"} if htmx else {}
    programme = make_programme()
    kind = ParticipationKind.objects.create(programme=programme, kind="resident")
    kind.responsible_units.set([make_unit("HYTE-yksikkö")])
    Partner.objects.create(participation_kind=kind, name="Vanhusneuvosto", scope=Partner.Scope.INTERNAL)
    programme.steps.get(number=2).responsible_units.set([make_unit("Viestintäyksikkö")])
    _grow(programme, 2)
    with django_assert_num_queries(PAGE_QUERIES[htmx]):
        client.get(URL, headers=headers)
    _grow(programme, 30)
    with django_assert_num_queries(PAGE_QUERIES[htmx]):
        response = client.get(URL, headers=headers)
    assert "32 actions shown." in response.text
    principle, unit = make_principle("Aitoa kuuntelemista"), make_unit("Viestintäyksikkö")
    query = {"step": 2, "principle": principle.pk, "state": "planned", "unit": unit.pk, "kind": "resident"}
    with django_assert_num_queries(PAGE_QUERIES[htmx]):
        assert client.get(URL, query, headers=headers).status_code == 200


def test_staff_page_is_for_the_hyte_coordinator(client, hyte_user):
    programme = make_programme()
    make_action(programme, title="Myöhässä oleva", start="Q2/2024", state=S.IN_PROGRESS)
    response = client.get("/henkilosto/ohjelma/")
    assert response.status_code == 302
    client.force_login(make_user("kirjaaja2", "registry"))
    assert client.get("/henkilosto/ohjelma/").status_code == 403
    client.force_login(hyte_user)
    response = client.get("/henkilosto/ohjelma/")
    assert response.status_code == 200
    assert "Myöhässä oleva" in response.text
    assert '<span class="badge badge--info">In progress</span> <span class="badge badge--danger">Late</span>' in (
        response.text
    )


def test_staff_can_download_the_report(client, hyte_user):
    make_programme()
    client.force_login(hyte_user)
    response = client.get("/henkilosto/ohjelma/raportti/", {"year": "2024"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get("/henkilosto/ohjelma/raportti/", {"year": "abc"}).status_code == 400


def test_computed_metric_values_come_from_the_portal(client, monkeypatch):
    from ladder import metrics

    programme = make_programme()
    make_metric(programme, name="Aloitteiden määrä", source=Metric.Source.COMPUTED, computed_key="initiatives_received")
    calls = []

    def fake(figures):
        calls.append((figures.start, figures.end))
        return metrics.ComputedValue(value=metrics.Decimal(7))

    monkeypatch.setitem(
        metrics.COMPUTED_METRICS,
        "initiatives_received",
        metrics.ComputedMetric("initiatives_received", "x", fake),
    )
    response = client.get(URL)
    assert calls == [(datetime.date(2024, 1, 1), datetime.date(2024, 10, 15))]
    assert "<strong>7 kpl</strong>" in response.text
    assert "1.1.2024–15.10.2024" in response.text


def test_page_speaks_finnish_by_default(client):
    from django.utils import translation

    seed_region(log=lambda _: None)  # the programme's units and organs
    seed_programme(log=lambda _: None)
    with translation.override("fi"):
        response = client.get(URL, headers={"Accept-Language": "fi"})
    assert "Osallisuus etenee portaittain" in response.text
    assert "Olemme tässä" in response.text
    assert "Mikä on osallisuusindikaattori?" in response.text
    # The badges are rendered once per state and language ({% fixed_include %}): each in the page's language.
    assert '<span class="badge badge--info">Käynnissä</span>' in response.text
    assert '<span class="badge badge--danger">Myöhässä</span>' in response.text
    with translation.override("sv"):
        response = client.get(URL, headers={"Accept-Language": "sv"})
    assert '<span class="badge badge--info">Pågår</span>' in response.text


def _kinds_programme():
    """Resident participation is the HYTE unit's, staff participation the HR unit's; one action has no unit."""

    programme = make_programme()
    hyte, hr = make_unit("HYTE-yksikkö"), make_unit("Henkilöstöpalvelut")
    ParticipationKind.objects.create(programme=programme, kind="resident").responsible_units.set([hyte])
    ParticipationKind.objects.create(programme=programme, kind="staff").responsible_units.set([hr])
    make_action(programme, title="Asukasraati", units=[hyte])
    make_action(programme, title="Henkilöstökysely", units=[hr], state=S.DONE)
    make_action(programme, title="Yhteinen kehittämispäivä", units=[hyte, hr])
    make_action(programme, title="Ilman vastuutahoa")
    return programme


def _shown(html: str) -> set[str]:
    titles = {"Asukasraati", "Henkilöstökysely", "Yhteinen kehittämispäivä", "Ilman vastuutahoa"}
    return {title for title in titles if title in html}


def test_kind_filter_shows_the_actions_of_the_kinds_responsible_units(client):
    _kinds_programme()
    page = client.get(URL).text
    assert '<option value="resident">Resident participation</option>' in page
    assert '<option value="client">' not in page  # only the kinds the programme names
    assert _shown(page) == {"Asukasraati", "Henkilöstökysely", "Yhteinen kehittämispäivä", "Ilman vastuutahoa"}

    response = client.get(URL, {"kind": "resident"})
    assert response.status_code == 200
    assert '<option value="resident" selected>' in response.text  # the link restores the filter
    actions = response.text.split('id="programme-actions"')[1]
    assert _shown(actions) == {"Asukasraati", "Yhteinen kehittämispäivä"}
    assert "2 actions shown." in actions

    staff_done = client.get(URL, {"kind": "staff", "state": "done"}).text.split('id="programme-actions"')[1]
    assert _shown(staff_done) == {"Henkilöstökysely"}

    unknown = client.get(URL, {"kind": "alien"})
    assert unknown.status_code == 200
    assert "4 actions shown." in unknown.text  # a stale link still shows the page, unfiltered


def test_kind_filter_in_the_htmx_fragment(client):
    _kinds_programme()
    response = client.get(URL, {"kind": "staff"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="programme-actions">')
    assert "<h1" not in response.text
    assert "<svg" not in response.text
    assert _shown(response.text) == {"Henkilöstökysely", "Yhteinen kehittämispäivä"}
    assert response.text.count('class="ladder-action"') == 2


def test_actions_show_their_latest_note_and_their_links(client):
    from ladder.services import progress_note_add

    programme = make_programme()
    action = make_action(programme, title="Asiakasraati", units=[make_unit("HYTE-yksikkö")])
    progress_note_add(action=action, noted_on=datetime.date(2024, 3, 1), text="Ensimmäinen kokous", user=None)
    progress_note_add(action=action, noted_on=datetime.date(2024, 9, 2), text="Raati kokoontui", user=None)
    EvidenceLink.objects.create(action=action, title="Uutinen", url="https://example.invalid/uutinen")
    make_action(programme, title="Ilman muistiinpanoja")
    html = client.get(URL).text
    assert "<strong>Latest progress 2.9.2024:</strong> Raati kokoontui" in html
    assert "Ensimmäinen kokous" not in html
    assert html.count("Latest progress") == 1
    assert '<li><a href="https://example.invalid/uutinen">Uutinen</a></li>' in html
    assert "<dt>Responsible units</dt><dd>HYTE-yksikkö</dd>" in html
