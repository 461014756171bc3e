"""The staff pages of accessibility feedback: who may see them, the list by deadline, marking answered, the admin."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accessibility.models import AccessibilityFeedback
from tests.accessibility.factories import make_feedback
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

LIST_URL = "/henkilosto/saavutettavuuspalaute/"
TODAY = datetime.datetime(2026, 12, 14, 9, 0, tzinfo=datetime.UTC)  # Monday 14.12.2026


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_the_staff_urls_are_the_documented_ones():
    assert reverse("accessibility-feedback-list") == LIST_URL
    assert reverse("accessibility-feedback-detail", args=[7]) == "/henkilosto/saavutettavuuspalaute/7/"
    assert reverse("accessibility-feedback") == "/saavutettavuus/palaute/"


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    feedback = make_feedback()
    for url in [LIST_URL, reverse("accessibility-feedback-detail", args=[feedback.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/henkilosto/kirjaudu/?next={url}"


@pytest.mark.parametrize("fixture", ["handler_user", "secretary_user"])
def test_other_roles_are_refused(client, request, fixture):
    feedback = make_feedback()
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(LIST_URL).status_code == 403
    detail = reverse("accessibility-feedback-detail", args=[feedback.pk])
    assert client.get(detail).status_code == 403
    assert client.post(detail, {"answer_note": "Vastattu."}).status_code == 403
    assert AccessibilityFeedback.objects.get().answered_at is None


def test_a_staff_user_without_any_role_is_refused(client):
    client.force_login(make_user("harjoittelija"))
    assert client.get(LIST_URL).status_code == 403


@pytest.mark.parametrize("fixture", ["registry_user", "hyte_user", "admin_user"])
def test_the_registry_hyte_and_administrators_see_the_list_and_its_link(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert f'<a href="{LIST_URL}">Saavutettavuuspalaute</a>' in response.content.decode()


def test_the_navigation_offers_the_list_only_to_those_who_may_open_it(client, handler_user):
    client.force_login(handler_user)
    html = client.get("/henkilosto/").content.decode()
    assert LIST_URL not in html


def test_the_list_shows_open_feedback_by_deadline_with_its_badge(client, registry_user):
    # Today is Monday 14.12.2026.
    on_time = make_feedback(
        message="Kontrasti on heikko.", received_at=datetime.datetime(2026, 12, 10, 8, tzinfo=datetime.UTC)
    )
    overdue = make_feedback(
        message="Video ilman tekstitystä.", received_at=datetime.datetime(2026, 11, 26, 8, tzinfo=datetime.UTC)
    )
    due_soon = make_feedback(
        message="Painike ei toimi näppäimistöllä.", received_at=datetime.datetime(2026, 12, 2, 8, tzinfo=datetime.UTC)
    )
    make_feedback(
        message="Jo vastattu palaute.",
        answered_at=TODAY,
        answered_by=registry_user,
        answer_note="Vastattu sähköpostilla.",
    )
    assert (overdue.answer_due_on, due_soon.answer_due_on, on_time.answer_due_on) == (
        datetime.date(2026, 12, 10),
        datetime.date(2026, 12, 16),
        datetime.date(2026, 12, 28),  # 24.12 is Christmas Eve: the next working day is Monday 28.12
    )
    client.force_login(registry_user)
    html = client.get(LIST_URL).content.decode()

    assert "3 palautetta" in html
    assert "1 vastaus myöhässä" in html
    assert "Jo vastattu palaute." not in html
    positions = [html.index(text) for text in ["Video ilman", "Painike ei toimi", "Kontrasti on heikko"]]
    assert positions == sorted(positions)
    assert '<span class="badge badge--danger">Vastaus myöhässä</span>' in html
    assert '<span class="badge badge--warn">Vastauksen määräpäivä lähellä</span>' in html
    assert '<span class="badge badge--info">' in html
    assert f'href="{reverse("accessibility-feedback-detail", args=[overdue.pk])}"' in html


def test_the_list_pages_with_htmx_swap_only_the_rows(client, registry_user):
    for number in range(55):
        make_feedback(message=f"Palaute numero {number:02d}.")
    client.force_login(registry_user)
    full = client.get(LIST_URL).content.decode()
    assert 'hx-get="?page=2"' in full
    assert "Palaute numero 49." in full
    assert "Palaute numero 50." not in full

    fragment = client.get(LIST_URL + "?page=2", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="rows"')
    assert "<html" not in fragment
    assert "Palaute numero 50." in fragment
    assert "Palaute numero 49." not in fragment
    assert "Sivu 2 / 2" in fragment


def test_the_answered_list_shows_who_answered(client, registry_user):
    make_feedback(message="Avoin palaute.")
    make_feedback(message="Vastattu palaute.", answered_at=TODAY, answered_by=registry_user, answer_note="Korjattu.")
    client.force_login(registry_user)
    html = client.get(LIST_URL + "?tila=vastatut").content.decode()
    assert "Vastattu palaute." in html
    assert "Avoin palaute." not in html
    assert "Kirjaaja Testinen" in html


@pytest.mark.parametrize("answered", [False, True])
def test_the_list_makes_the_same_number_of_queries_for_many_rows(
    client, registry_user, django_assert_max_num_queries, answered
):
    url = LIST_URL + ("?tila=vastatut" if answered else "")
    extra = {"answered_at": TODAY, "answered_by": registry_user, "answer_note": "Vastattu."} if answered else {}
    client.force_login(registry_user)
    make_feedback(message="Yksi palaute.", **extra)
    client.get(url)  # the first request after logging in also saves the session
    # session, user, roles, the page's count, its rows, the overdue count; the session's save (three statements)
    with django_assert_max_num_queries(9) as few:
        assert client.get(url).status_code == 200
    for number in range(60):
        make_feedback(message=f"Palaute {number}", **extra)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert "61 palautetta" in response.content.decode()


def test_the_detail_shows_the_registry_the_feedback_and_the_senders_contact(client, registry_user):
    feedback = make_feedback(sender_name="Maija Meikäläinen", email="maija@example.invalid", page_url="/ohjelma/")
    client.force_login(registry_user)
    html = client.get(reverse("accessibility-feedback-detail", args=[feedback.pk])).content.decode()
    assert "Kuvalta puuttuu tekstivastine." in html
    assert "Maija Meikäläinen" in html
    assert 'href="mailto:maija@example.invalid"' in html
    assert "/ohjelma/" in html
    assert "Vastattava viimeistään" in html
    assert "15.12.2026" in html
    assert 'name="answer_note"' in html


def test_hyte_sees_the_feedback_but_not_its_sender_and_cannot_mark_it_answered(client, hyte_user):
    feedback = make_feedback(sender_name="Maija Meikäläinen", email="maija@example.invalid", page_url="/ohjelma/")
    client.force_login(hyte_user)
    url = reverse("accessibility-feedback-detail", args=[feedback.pk])
    html = client.get(url).content.decode()
    assert "Kuvalta puuttuu tekstivastine." in html
    assert "/ohjelma/" in html
    assert "Maija" not in html
    assert "maija@example.invalid" not in html
    assert 'name="answer_note"' not in html
    assert "Kirjaamo vastaa palautteeseen" in html
    assert client.post(url, {"answer_note": "Vastattu."}).status_code == 403
    feedback.refresh_from_db()
    assert feedback.answered_at is None
    assert "maija@example.invalid" not in client.get(LIST_URL).content.decode()


def test_marking_answered_stores_who_how_and_writes_history(client, registry_user):
    feedback = make_feedback()
    client.force_login(registry_user)
    url = reverse("accessibility-feedback-detail", args=[feedback.pk])
    response = client.post(url, {"answer_note": "Vastattu sähköpostilla 14.12., tekstivastine lisätty."})
    assert response.status_code == 302
    assert response["Location"] == LIST_URL

    feedback.refresh_from_db()
    assert feedback.answered_at == TODAY
    assert feedback.answered_by == registry_user
    assert feedback.answer_note == "Vastattu sähköpostilla 14.12., tekstivastine lisätty."
    latest = feedback.history.first()
    assert latest.history_user == registry_user
    assert latest.history_change_reason == "Merkitty vastatuksi: Vastattu sähköpostilla 14.12., tekstivastine lisätty."
    assert latest.answered_at == TODAY

    page = client.get(LIST_URL).content.decode()
    assert "Palaute merkittiin vastatuksi." in page
    assert "Kuvalta puuttuu tekstivastine." not in page
    detail = client.get(url).content.decode()
    assert 'name="answer_note"' not in detail
    assert "tekstivastine lisätty" in detail


def test_marking_answered_without_a_note_is_refused(client, registry_user):
    feedback = make_feedback()
    client.force_login(registry_user)
    response = client.post(reverse("accessibility-feedback-detail", args=[feedback.pk]), {"answer_note": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Kerro, miten palautteen antajalle vastattiin." in html
    feedback.refresh_from_db()
    assert feedback.answered_at is None
    assert feedback.history.count() == 1


def test_marking_answered_feedback_again_shows_why_nothing_changed(client, registry_user, hyte_user):
    feedback = make_feedback(answered_at=TODAY, answered_by=hyte_user, answer_note="Vastattu puhelimessa.")
    client.force_login(registry_user)
    response = client.post(reverse("accessibility-feedback-detail", args=[feedback.pk]), {"answer_note": "Uudelleen."})
    assert response.status_code == 400
    assert "Tämä palaute on jo merkitty vastatuksi." in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.answer_note == "Vastattu puhelimessa."
    assert feedback.answered_by == hyte_user


def test_an_unknown_feedback_is_not_found(client, registry_user):
    client.force_login(registry_user)
    assert client.get(reverse("accessibility-feedback-detail", args=[999])).status_code == 404


def test_the_admin_lists_feedback_and_its_history(client, admin_user):
    feedback = make_feedback(email="maija@example.invalid")
    client.force_login(admin_user)
    changelist = client.get("/admin/accessibility/accessibilityfeedback/")
    assert changelist.status_code == 200
    assert "maija@example.invalid" in changelist.content.decode()
    assert client.get(f"/admin/accessibility/accessibilityfeedback/{feedback.pk}/history/").status_code == 200
    assert client.get("/admin/accessibility/accessibilityfeedback/add/").status_code == 403
