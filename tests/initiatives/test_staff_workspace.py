"""The staff workspace: deadline badges, the order of what needs action, filters, htmx paging and query counts."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative, NoticeState
from tests.conftest import make_user
from tests.initiatives.factories import make_initiative, make_noticed, make_organ

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
URL = reverse("initiatives:workspace")


@pytest.fixture(autouse=True)
def _english(client):
    # The page texts below are the English msgids; the Finnish and Swedish pages are the same templates.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def _today():
    # Tuesday 24 November 2026 (DOMAIN.md's worked example: arrived 24.11.2026 → due Mon 28.12.2026).
    with time_machine.travel(datetime.datetime(2026, 11, 24, 12, 0, tzinfo=HELSINKI), tick=False):
        yield


@pytest.fixture
def deadlines(handler_user):
    """One initiative in each deadline state, arrived on the dates that give it."""
    return {
        "on_time": make_initiative(title="Uusi aloite", arrived_on=datetime.date(2026, 11, 24)),
        "due_soon": make_initiative(title="Pian erääntyvä", arrived_on=datetime.date(2026, 10, 26)),
        "overdue": make_initiative(title="Myöhässä oleva", arrived_on=datetime.date(2026, 10, 1)),
        "sent_late": make_noticed(handler_user, title="Myöhään ilmoitettu", arrived_on=datetime.date(2026, 9, 1)),
    }


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_body_secretary_lands_in_the_bodies_workspace(client, secretary_user):
    client.force_login(secretary_user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("bodies:staff-index")


def test_each_open_initiative_shows_its_due_date_and_deadline_state_in_words(client, registry_user, deadlines):
    client.force_login(registry_user)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.text
    assert "28.12.2026" in page  # 24.11.2026 + one month is Christmas Eve → Monday 28.12.
    for label in ["On time", "Notice due soon", "Notice overdue", "Notice sent late"]:
        assert label in page
    assert 'class="badge badge--danger">Notice overdue' in page
    rows = [row.reference for row in response.context["rows"]]
    # What needs action first: awaiting notice by deadline, then those whose notice was sent.
    order = ["overdue", "due_soon", "on_time", "sent_late"]
    assert rows == [deadlines[key].reference for key in order]
    assert [row.notice_state for row in response.context["rows"]] == [
        NoticeState.OVERDUE,
        NoticeState.DUE_SOON,
        NoticeState.ON_TIME,
        NoticeState.SENT_LATE,
    ]


def test_the_summary_counts_overdue_and_due_soon(client, registry_user, deadlines):
    client.force_login(registry_user)
    page = client.get(URL).text
    assert "1 notice overdue" in page
    assert "1 notice due within 5 working days" in page


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("overdue", ["overdue"]),
        ("due_soon", ["due_soon"]),
        ("awaiting_notice", ["overdue", "due_soon", "on_time"]),
        ("notice_sent_late", ["sent_late"]),
    ],
)
def test_filter_by_deadline_state(client, registry_user, deadlines, state, expected):
    client.force_login(registry_user)
    response = client.get(URL, {"state": state})
    assert [row.reference for row in response.context["rows"]] == [deadlines[key].reference for key in expected]


def test_filter_by_organ_and_handler(client, registry_user, handler_user):
    board = make_organ("Aluehallitus")
    committee = make_organ("Palvelulautakunta", "committee")
    other_handler = make_user("toinen", "handler")
    for_board = make_noticed(handler_user, organ=board)
    for_committee = make_noticed(other_handler, organ=committee)
    client.force_login(registry_user)

    by_organ = client.get(URL, {"organ": committee.pk}).context["rows"]
    assert [row.reference for row in by_organ] == [for_committee.reference]
    by_handler = client.get(URL, {"handler": handler_user.pk}).context["rows"]
    assert [row.reference for row in by_handler] == [for_board.reference]
    # Each row names its competent authority and its handler.
    assert (by_handler[0].organ, by_handler[0].handler) == ("Aluehallitus", str(handler_user))


def test_closed_and_reclassified_are_not_in_the_default_list(client, registry_user):
    make_initiative(title="Avoin")
    closed = make_initiative(title="Palaute")
    closed.status = Initiative.Status.RECLASSIFIED
    closed.reclassified_as = Initiative.Reclassification.FEEDBACK
    closed.save()
    client.force_login(registry_user)
    titles = [row.title for row in client.get(URL).context["rows"]]
    assert titles == ["Avoin"]
    everything = [row.title for row in client.get(URL, {"state": "all"}).context["rows"]]
    assert sorted(everything) == ["Avoin", "Palaute"]


def test_a_handler_sees_only_their_organs_and_assigned_initiatives(client, handler_user):
    mine, theirs = make_organ("Palvelulautakunta", "committee"), make_organ("Pelastuslautakunta", "committee")
    mine.handlers.add(handler_user)
    other = make_user("toinen", "handler")
    of_my_organ = make_noticed(other, organ=mine, title="Oman toimielimen")
    make_noticed(other, organ=theirs, title="Toisen toimielimen")
    assigned = make_noticed(handler_user, organ=theirs, title="Minulle osoitettu")
    make_initiative(title="Kirjaamossa")  # not yet assigned to anyone
    client.force_login(handler_user)
    rows = {row.reference for row in client.get(URL).context["rows"]}
    assert rows == {of_my_organ.reference, assigned.reference}


def test_htmx_request_gets_only_the_rows_fragment(client, registry_user, deadlines):
    client.force_login(registry_user)
    response = client.get(URL, {"state": "overdue"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="rows"')
    assert "<html" not in response.text
    assert "Myöhässä oleva" in response.text
    assert "Uusi aloite" not in response.text
    assert "HX-Request" in response["Vary"]


def test_full_page_filter_form_and_paging_work_without_javascript(client, registry_user):
    for number in range(30):
        make_initiative(title=f"Aloite {number}", arrived_on=datetime.date(2026, 11, 1))
    client.force_login(registry_user)
    page = client.get(URL).text
    assert 'id="rows"' in page
    assert f'action="{URL}"' in page
    assert f'hx-get="{URL}"' in page
    # The paging link keeps its href (works without JavaScript) and htmx pushes the same URL.
    assert 'href="?page=2" hx-get="?page=2" hx-target="#rows" hx-swap="outerHTML" hx-push-url="true"' in page
    second = client.get(URL, {"page": 2})
    assert len(second.context["rows"]) == 5
    assert "Page 2 of 2" in second.text


def test_paging_keeps_the_filters(client, registry_user):
    organ = make_organ()
    for _number in range(30):
        initiative = make_initiative(arrived_on=datetime.date(2026, 11, 1))
        initiative.handling_organ = organ
        initiative.save()
    client.force_login(registry_user)
    page = client.get(URL, {"organ": organ.pk, "state": "awaiting_notice"}).text
    assert f'href="?organ={organ.pk}&amp;state=awaiting_notice&amp;page=2"' in page


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("role", ["registry", "handler"])
def test_query_count_does_not_grow_with_rows(
    client, registry_user, handler_user, django_assert_num_queries, role, htmx
):
    # Session, the user with its roles, the rows' count and the rows; the whole page counts the unfiltered rows with
    # the deadline counts and reads the organs' and handlers' choices of the filters, and for the registry, who sees
    # the outbox, the count of email undelivered for too long; the session's save (three statements,
    # SESSION_SAVE_EVERY_REQUEST).
    expected = 7 if htmx else (10 if role == "registry" else 9)
    organ = make_organ()
    organ.handlers.add(handler_user)
    client.force_login(registry_user if role == "registry" else handler_user)
    headers = {"HX-Request": "true"} if htmx else {}
    make_noticed(handler_user, organ=organ)
    with django_assert_num_queries(expected):
        client.get(URL, headers=headers)
    for number in range(20):
        # Rows in every deadline state, assigned and not, with and without an organ.
        arrived_on = datetime.date(2026, 9, 1) + datetime.timedelta(days=4 * number)
        initiative = make_initiative(arrived_on=arrived_on)
        if number % 2:
            services.initiative_assign(
                initiative=initiative, user=registry_user, handling_organ=organ, handler=handler_user
            )
    with django_assert_num_queries(expected):
        response = client.get(URL, headers=headers)
    assert len(response.context["rows"]) == (21 if role == "registry" else 11)


def test_rows_are_read_without_the_initiatives_text_and_contact_details(client, registry_user, deadlines):
    # Issue 14: a row shows the reference, title, dates, states, organ and handler; the rest stays in the database.
    client.force_login(registry_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert "Myöhässä oleva" in response.text
    rows_query = next(q["sql"] for q in queries.captured_queries if '"initiatives_initiative"."title"' in q["sql"])
    for column in ("text", "email", "phone", "postal_address", "tracking_token"):
        assert f'"initiatives_initiative"."{column}"' not in rows_query
    assert '"osallisuus_user"."password"' not in rows_query


def test_filter_choices_are_read_with_plain_queries(client, registry_user, handler_user):
    # Issue 14: Django's choice iterator opened a server-side cursor per select (declare, fetch, close).
    make_organ("Palvelulautakunta", "committee")
    client.force_login(registry_user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(URL).text
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DECLARE")]
    assert '<option value="" selected>All</option>' in page
    assert f'<option value="{handler_user.pk}">{handler_user}</option>' in page
    assert ">Palvelulautakunta</option>" in page


def test_deadline_and_status_badges_follow_the_language(client, registry_user, deadlines):
    # The badges are rendered once per process and language (osallisuus/templatetags/fixed.py).
    client.force_login(registry_user)
    english = client.get(URL).text
    finnish = client.get(URL, headers={"Accept-Language": "fi"}).text
    swedish = client.get(URL, headers={"Accept-Language": "sv"}).text
    assert 'class="badge badge--danger">Notice overdue</span>' in english
    assert 'class="badge badge--danger">Ilmoitus myöhässä</span>' in finnish
    assert 'class="badge badge--danger">Notice overdue</span>' not in swedish
    assert finnish.count('class="badge badge--danger">') == english.count('class="badge badge--danger">') == 1
    assert 'class="badge badge--info">Received</span>' in english


def test_the_deadline_rules_in_sql_and_in_python_agree(deadlines):
    # Today is Tuesday 24.11.2026; five working days on is Tuesday 1.12.2026.
    boundaries = {
        "due_yesterday": make_initiative(arrived_on=datetime.date(2026, 10, 23)),  # due Mon 23.11.
        "due_today": make_initiative(arrived_on=datetime.date(2026, 10, 24)),  # due Tue 24.11.
        "due_on_the_fifth_working_day": make_initiative(arrived_on=datetime.date(2026, 11, 1)),  # due Tue 1.12.
        "due_on_the_sixth_working_day": make_initiative(arrived_on=datetime.date(2026, 11, 2)),  # due Wed 2.12.
    }
    reclassified = make_initiative(arrived_on=datetime.date(2026, 10, 1))
    Initiative.objects.filter(pk=reclassified.pk).update(
        status=Initiative.Status.RECLASSIFIED, reclassified_as=Initiative.Reclassification.FEEDBACK
    )
    today = datetime.date(2026, 11, 24)
    states = {initiative.pk: initiative.notice_state(today) for initiative in Initiative.objects.all()}
    overdue = {pk for pk, state in states.items() if state == NoticeState.OVERDUE}
    due_soon = {pk for pk, state in states.items() if state == NoticeState.DUE_SOON}

    assert set(Initiative.objects.overdue(today).values_list("pk", flat=True)) == overdue
    assert set(Initiative.objects.due_soon(today).values_list("pk", flat=True)) == due_soon
    assert Initiative.objects.deadline_counts(today) == {
        "all": len(states),
        "overdue": len(overdue),
        "due_soon": len(due_soon),
    }
    assert overdue == {deadlines["overdue"].pk, boundaries["due_yesterday"].pk}
    assert due_soon == {
        deadlines["due_soon"].pk,
        boundaries["due_today"].pk,
        boundaries["due_on_the_fifth_working_day"].pk,
    }
    assert states[reclassified.pk] == NoticeState.NOT_APPLICABLE


def test_a_handler_counts_an_initiative_seen_both_as_its_handler_and_through_its_organ_once(
    client, registry_user, handler_user
):
    organ = make_organ("Palvelulautakunta", "committee")
    organ.handlers.add(handler_user, make_user("toinen", "handler"))
    overdue = make_initiative(title="Myöhässä oleva", arrived_on=datetime.date(2026, 10, 1))
    services.initiative_assign(initiative=overdue, user=registry_user, handling_organ=organ, handler=handler_user)
    client.force_login(handler_user)
    response = client.get(URL)
    assert "1 notice overdue" in response.text
    assert "0 notices due within 5 working days" in response.text
    assert [row.reference for row in response.context["rows"]] == [overdue.reference]
