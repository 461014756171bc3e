import csv
import datetime
import io

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from ladder.models import Action, Metric, ProgressNote
from osallisuus.spreadsheets import spreadsheet_cell
from tests.ladder.factories import make_action, make_metric, make_principle, make_programme, make_unit

pytestmark = pytest.mark.django_db
S = Action.State
CHANGELIST = "/admin/ladder/action/"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2024, 10, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def programme():
    return make_programme()


@pytest.fixture
def hyte_client(client, hyte_user):
    client.force_login(hyte_user)
    return client


@pytest.fixture
def actions(programme):
    listen, speak = make_principle("Aitoa kuuntelemista", 3), make_principle("Selkeää viestimistä", 4)
    hyte, viestinta = make_unit("HYTE-yksikkö"), make_unit("Viestintäyksikkö")
    return {
        "late": make_action(programme, title="Välitystoiminta", start="Q2/2024", state=S.DELAYED, units=[hyte]),
        "done": make_action(programme, title="Työryhmä", start="Q1/2024", state=S.DONE, principle=speak),
        "running": make_action(
            programme,
            step=4,
            title="Datan hyödyntäminen",
            start="Q3/2024",
            end="Q4/2024",
            principle=listen,
            units=[viestinta],
        ),
    }


def _titles(response) -> set[str]:
    return {action.title for action in response.context["cl"].result_list}


def test_hyte_coordinator_has_the_permissions_from_the_migration(hyte_client, actions):
    assert hyte_client.get(CHANGELIST).status_code == 200
    assert hyte_client.get(f"{CHANGELIST}add/").status_code == 200
    assert hyte_client.get("/admin/ladder/metric/").status_code == 200


def test_other_staff_cannot_open_the_programme_admin(client, registry_user):
    client.force_login(registry_user)
    assert client.get(CHANGELIST).status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"step": "4"}, {"Datan hyödyntäminen"}),
        ({"state": "done"}, {"Työryhmä"}),
        ({"late": "yes"}, {"Välitystoiminta"}),
        ({"late": "no"}, {"Työryhmä", "Datan hyödyntäminen"}),
        ({"quarter": "20242"}, {"Välitystoiminta"}),
        ({"quarter": "20244"}, {"Datan hyödyntäminen"}),
        ({"q": "välitys"}, {"Välitystoiminta"}),
    ],
)
def test_changelist_filters_and_search(hyte_client, actions, query, expected):
    response = hyte_client.get(CHANGELIST, query)
    assert response.status_code == 200
    assert _titles(response) == expected


def test_changelist_filters_by_programme_way_of_working_and_unit(hyte_client, actions, programme):
    listen = make_principle("Aitoa kuuntelemista")
    viestinta = make_unit("Viestintäyksikkö")
    assert _titles(hyte_client.get(CHANGELIST, {"step__programme__id__exact": programme.pk})) == {
        a.title for a in actions.values()
    }
    assert _titles(hyte_client.get(CHANGELIST, {"principle__id__exact": listen.pk})) == {
        "Välitystoiminta",
        "Datan hyödyntäminen",
    }
    assert _titles(hyte_client.get(CHANGELIST, {"responsible_units__id__exact": viestinta.pk})) == {
        "Datan hyödyntäminen"
    }


def test_changelist_flags_late_actions(hyte_client, actions):
    response = hyte_client.get(CHANGELIST, {"o": "1"})
    rows = response.text.split("<tr")
    late_row = next(row for row in rows if "Välitystoiminta" in row)
    done_row = next(row for row in rows if "Työryhmä" in row)
    assert 'alt="True"' in late_row.split("Q2/2024")[1]
    assert 'alt="False"' in done_row.split("Q1/2024")[1]


def test_bulk_state_change_asks_for_a_reason_then_uses_the_service(hyte_client, hyte_user, actions):
    selected = [actions["late"].pk, actions["running"].pk]
    data = {"action": "change_state", ACTION_CHECKBOX_NAME: selected}
    response = hyte_client.post(CHANGELIST, data)
    assert response.status_code == 200
    assert "Välitystoiminta" in response.text
    assert 'name="reason"' in response.text
    response = hyte_client.post(CHANGELIST, data | {"apply": "1", "state": S.IN_PROGRESS, "reason": "Aloitettu"})
    assert response.status_code == 302
    for action in (actions["late"], actions["running"]):
        action.refresh_from_db()
        assert action.state == S.IN_PROGRESS
        record = action.history.first()
        assert (record.history_user, record.history_change_reason) == (hyte_user, "Aloitettu")


def test_bulk_state_change_without_reason_shows_the_form_again(hyte_client, actions):
    data = {"action": "change_state", ACTION_CHECKBOX_NAME: [actions["late"].pk], "apply": "1", "state": S.DONE}
    response = hyte_client.post(CHANGELIST, data | {"reason": ""})
    assert response.status_code == 200
    assert "This field is required." in response.text
    actions["late"].refresh_from_db()
    assert actions["late"].state == S.DELAYED


def test_csv_export_is_excel_friendly_and_injection_safe(hyte_client, actions, hyte_user):
    action = actions["late"]
    action.title = '=HYPERLINK("http://evil.invalid")'
    action.description = "+1 ja -2 ja @SUM(A1)"
    action.save()
    ProgressNote.objects.create(action=action, noted_on=datetime.date(2024, 9, 1), text="Vastuut sopimatta")
    response = hyte_client.post(
        CHANGELIST, {"action": "export_csv", ACTION_CHECKBOX_NAME: [a.pk for a in actions.values()]}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["Programme", "Step", "Way of working", "Means of participation (29 §)", "Action"]
    row = next(r for r in rows if "HYPERLINK" in r[4])
    assert row[4] == '\'=HYPERLINK("http://evil.invalid")'
    assert row[5] == "'+1 ja -2 ja @SUM(A1)"
    assert row[6] == "HYTE-yksikkö"
    assert row[7] == "Q2/2024"
    assert row[9] == "yes"
    assert row[10] == "01.09.2024 Vastuut sopimatta"
    assert len(rows) == 4
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_neutralise_prefixes_formula_triggers(text):
    assert spreadsheet_cell(text) == "'" + text
    assert spreadsheet_cell("Asiakasraati = hyvä") == "Asiakasraati = hyvä"


def _form_data(programme, **fields) -> dict:
    data = {
        "step": programme.steps.get(number=3).pk,
        "principle": make_principle().pk,
        "means": "",
        "title": "Uusi toimenpide",
        "description": "",
        "schedule": "Q1/2024–Q2/2024",
        "state": S.PLANNED,
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    return data | fields


def test_add_form_parses_the_schedule_and_records_history(hyte_client, hyte_user, programme):
    response = hyte_client.post(
        f"{CHANGELIST}add/",
        _form_data(
            programme, **{"notes-TOTAL_FORMS": "1", "notes-0-noted_on": "2024-03-01", "notes-0-text": "Aloitettu"}
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    action = Action.objects.get(title="Uusi toimenpide")
    assert action.schedule == "Q1/2024–Q2/2024"
    assert action.history.get().history_user == hyte_user
    note = action.notes.get()
    assert (note.author, note.history.get().history_user) == (hyte_user, hyte_user)


def test_add_form_refuses_a_reversed_schedule_clearly(hyte_client, programme):
    response = hyte_client.post(f"{CHANGELIST}add/", _form_data(programme, schedule="Q3/2024–Q1/2024"))
    assert response.status_code == 200
    assert "The schedule ends (Q1/2024) before it starts (Q3/2024)." in response.text
    assert not Action.objects.exists()


def test_change_form_refuses_a_state_transition_not_allowed(hyte_client, actions, programme):
    action = actions["done"]
    data = _form_data(
        programme, title=action.title, state=S.CANCELLED, schedule="Q1/2024", principle=action.principle_id
    )
    response = hyte_client.post(f"{CHANGELIST}{action.pk}/change/", data)
    assert response.status_code == 200
    assert "cannot be marked" in response.text
    data["state"] = S.IN_PROGRESS
    assert hyte_client.post(f"{CHANGELIST}{action.pk}/change/", data).status_code == 302
    action.refresh_from_db()
    assert action.state == S.IN_PROGRESS
    assert action.history.first().history_change_reason == "Changed in the administration: State"


def test_history_view_is_available(hyte_client, actions):
    response = hyte_client.get(f"{CHANGELIST}{actions['late'].pk}/history/")
    assert response.status_code == 200


def test_thl_measurement_inline_refuses_a_small_group(hyte_client, programme):
    metric = make_metric(programme, name="Osallisuusindikaattori", unit="pistettä", thl_indicator=True)
    data = {
        "programme": programme.pk,
        "name": metric.name,
        "description": "",
        "unit": "pistettä",
        "direction": "up",
        "baseline": "",
        "target": "",
        "source": "entered",
        "computed_key": "",
        "thl_indicator": "on",
        "position": "0",
        "measurements-TOTAL_FORMS": "1",
        "measurements-INITIAL_FORMS": "0",
        "measurements-0-period_start": "2024-01-01",
        "measurements-0-period_end": "2024-12-31",
        "measurements-0-value": "70",
        "measurements-0-respondents": "5",
        "measurements-0-group": "Nuoret",
        "measurements-0-survey": "Kysely",
    }
    response = hyte_client.post(f"/admin/ladder/metric/{metric.pk}/change/", data)
    assert response.status_code == 200
    assert "The group has only 5 respondents" in response.text
    data["measurements-0-respondents"] = "12"
    assert hyte_client.post(f"/admin/ladder/metric/{metric.pk}/change/", data).status_code == 302
    assert Metric.objects.get(pk=metric.pk).measurements.get().respondents == 12


def test_action_links_evidence_from_the_other_apps_by_identifier(hyte_client, programme):
    from tests.initiatives.factories import make_initiative

    initiative = make_initiative(arrived_on=datetime.date(2024, 3, 1))
    response = hyte_client.post(f"{CHANGELIST}add/", _form_data(programme, initiatives=str(initiative.pk)))
    assert response.status_code == 302
    assert list(Action.objects.get().initiatives.all()) == [initiative]
