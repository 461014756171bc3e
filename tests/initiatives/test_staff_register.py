"""The registry registers initiatives that came by paper or email, with their real arrival date."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from initiatives.models import Initiative
from osallisuus.models import OutboxMessage
from tests.initiatives.factories import make_initiative, make_noticed

pytestmark = pytest.mark.django_db
URL = reverse("initiatives:staff-register")


@pytest.fixture(autouse=True)
def _english_on_a_fixed_day(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False):
        yield


def form_data(municipality, **overrides) -> dict:
    data = {
        "channel": Initiative.Channel.PAPER,
        "arrived_on": "2026-11-24",
        "register_number": "SATA/1234/2026",
        "title": "Esteetön kulku Porin keskussairaalan pääovelle",
        "text": "Pääovella on korkea kynnys, jonka yli pyörätuolilla on vaikea päästä.",
        "initiator_kind": Initiative.InitiatorKind.RESIDENT,
        "membership_grounds": "",
        "service": "",
        "name": "Maija Meikäläinen",
        "home_municipality": municipality.pk,
        "email": "",
        "postal_address": "Isolinnankatu 1\n28100 Pori",
        "phone": "",
        "letter_language": "fi",
    }
    data.update(overrides)
    return data


def test_registry_registers_a_paper_initiative_with_its_arrival_date(client, registry_user, municipality):
    client.force_login(registry_user)
    assert client.get(URL).status_code == 200
    response = client.post(URL, form_data(municipality), follow=True)
    initiative = Initiative.objects.get()
    assert initiative.channel == Initiative.Channel.PAPER
    assert initiative.arrived_on == datetime.date(2026, 11, 24)
    assert initiative.notice_due_on == datetime.date(2026, 12, 28)  # counted from the arrival, not from today
    assert initiative.register_number == "SATA/1234/2026"
    assert initiative.history.get().history_user == registry_user
    assert response.redirect_chain[-1][0] == reverse("initiatives:staff-detail", args=[initiative.reference])
    assert f"Initiative {initiative.reference} registered." in response.text
    assert "Registered by staff" in response.text
    # Due 28.12.2026 and today is 3.12.2026: more than five working days left.
    assert "On time" in response.text


def test_an_arrival_date_in_the_future_is_refused(client, registry_user, municipality):
    client.force_login(registry_user)
    response = client.post(URL, form_data(municipality, arrived_on="2026-12-04"))
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.text
    assert not Initiative.objects.exists()


def test_an_initiative_without_email_or_address_is_refused(client, registry_user, municipality):
    client.force_login(registry_user)
    response = client.post(URL, form_data(municipality, postal_address=""))
    assert "Give an email address or a postal address so that we can answer." in response.text
    assert not Initiative.objects.exists()


def test_email_initiative_gets_a_receipt(
    client, registry_user, municipality, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(registry_user)
    data = form_data(municipality, channel=Initiative.Channel.EMAIL, email="maija@example.invalid", postal_address="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data)
    assert Initiative.objects.get().channel == Initiative.Channel.EMAIL
    assert mailoutbox[-1].to == ["maija@example.invalid"]


@pytest.mark.parametrize("user_fixture", ["handler_user", "hyte_user"])
def test_only_the_registry_registers(client, request, user_fixture, municipality):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(municipality)).status_code == 403
    assert not Initiative.objects.exists()


# --- Late from the start: a backdated arrival warns before saving, and nothing promises a date already gone -------
# Today is Thursday 3.12.2026. Arrived 1.10.2026 → due Mon 2.11.2026 (1.11. is a Sunday): overdue. Arrived 6.11.2026
# → 6.12. is Independence Day and a Sunday → due Mon 7.12.2026: within five working days.

OVERDUE_ARRIVAL = "2026-10-01"


def test_an_overdue_arrival_comes_back_with_a_warning_and_stores_nothing(client, registry_user, municipality):
    client.force_login(registry_user)
    response = client.post(URL, form_data(municipality, arrived_on=OVERDUE_ARRIVAL))
    assert response.status_code == 200
    assert not Initiative.objects.exists()
    page = response.text
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_confirm_deadline"' in summary
    assert "The one-month notice deadline, 2.11.2026, has already passed." in summary
    assert "The receipt tells the initiator that the notice is late and comes as soon as possible." in summary
    assert "Check before registering" in page
    assert 'type="checkbox" name="confirm_deadline"' in page
    assert 'name="confirm_old_arrival"' not in page  # arrived this year
    assert 'value="Esteetön kulku Porin keskussairaalan pääovelle"' in page  # what was typed is kept


def test_an_overdue_arrival_is_stored_once_confirmed_and_the_staff_are_told_it_is_late(
    client, registry_user, municipality
):
    client.force_login(registry_user)
    response = client.post(URL, form_data(municipality, arrived_on=OVERDUE_ARRIVAL, confirm_deadline="on"), follow=True)
    initiative = Initiative.objects.get()
    assert initiative.notice_due_on == datetime.date(2026, 11, 2)
    assert initiative.notice_overdue
    assert (
        f"Initiative {initiative.reference} registered. Its notice deadline 2.11.2026 has already passed: send the "
        "notice as soon as possible."
    ) in response.text
    assert "The notice is due on" not in response.text
    assert 'class="badge badge--danger">Notice overdue' in response.text


def test_a_notice_due_within_five_working_days_needs_the_confirmation_too(client, registry_user, municipality):
    client.force_login(registry_user)
    warned = client.post(URL, form_data(municipality, arrived_on="2026-11-06"))
    assert "The one-month notice deadline, 7.12.2026, is within 5 working days." in warned.text
    assert not Initiative.objects.exists()
    response = client.post(URL, form_data(municipality, arrived_on="2026-11-06", confirm_deadline="on"), follow=True)
    initiative = Initiative.objects.get()
    assert not initiative.notice_overdue  # not yet late: the usual message with its date
    assert f"Initiative {initiative.reference} registered. The notice is due on 7.12.2026." in response.text


def test_an_arrival_on_time_asks_no_confirmation(client, registry_user, municipality):
    client.force_login(registry_user)
    assert "Check before registering" not in client.get(URL).text
    invalid = client.post(URL, form_data(municipality, postal_address=""))  # on time, but another error
    assert "Check before registering" not in invalid.text
    assert 'name="confirm_deadline"' not in invalid.text


def test_an_arrival_before_the_previous_year_needs_its_own_confirmation(client, registry_user, municipality):
    client.force_login(registry_user)
    only_deadline = client.post(URL, form_data(municipality, arrived_on="2020-01-01", confirm_deadline="on"))
    assert only_deadline.status_code == 200
    assert "The arrival date 1.1.2020 is before the previous calendar year. Check that it is right." in (
        only_deadline.text
    )
    assert 'href="#id_confirm_old_arrival"' in only_deadline.text
    assert 'href="#id_confirm_deadline"' not in only_deadline.text  # ticked: its warning stays as help
    assert "has already passed" in only_deadline.text
    assert not Initiative.objects.exists()
    client.post(URL, form_data(municipality, arrived_on="2020-01-01", confirm_deadline="on", confirm_old_arrival="on"))
    assert Initiative.objects.get().arrived_on == datetime.date(2020, 1, 1)


def test_an_arrival_last_year_needs_no_old_arrival_confirmation(client, registry_user, municipality):
    client.force_login(registry_user)
    client.post(URL, form_data(municipality, arrived_on="2025-01-02", confirm_deadline="on"))
    assert Initiative.objects.get().arrived_on == datetime.date(2025, 1, 2)


@pytest.mark.parametrize(
    ("language", "late_text"),
    [
        ("fi", "Olemme myöhässä:"),
        ("sv", "Vi är försenade:"),
    ],
)
def test_the_receipt_of_a_backdated_initiative_says_the_notice_is_late(
    client, registry_user, municipality, mailoutbox, django_capture_on_commit_callbacks, language, late_text
):
    client.force_login(registry_user)
    data = form_data(
        municipality,
        arrived_on=OVERDUE_ARRIVAL,
        confirm_deadline="on",
        channel=Initiative.Channel.EMAIL,
        email="maija@example.invalid",
        postal_address="",
        letter_language=language,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data)
    initiative = Initiative.objects.get()
    stored = OutboxMessage.objects.about(initiative).get(kind=OutboxMessage.Kind.RECEIPT)
    for body in (stored.body, mailoutbox[-1].body):
        assert late_text in body
        assert "1.10.2026" in body  # the arrival date
        assert "2.11.2026" not in body  # never the deadline already gone


def test_the_receipt_on_time_still_gives_the_deadline(
    client, registry_user, municipality, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(registry_user)
    data = form_data(municipality, channel=Initiative.Channel.EMAIL, email="maija@example.invalid", postal_address="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data)
    assert "28.12.2026" in mailoutbox[-1].body
    assert "Olemme myöhässä" not in mailoutbox[-1].body


def test_the_track_page_of_a_backdated_initiative_promises_no_past_date(client, registry_user, municipality):
    client.force_login(registry_user)
    client.post(URL, form_data(municipality, arrived_on=OVERDUE_ARRIVAL, confirm_deadline="on"))
    initiative = Initiative.objects.get()
    page = client.get(reverse("initiatives:track", args=[initiative.tracking_token]), {"sent": "1"}).text
    received = page.split('id="sent"')[1].split("</div>")[0]
    assert "We are late: we should already have told you which authority handles it" in received
    assert "2.11.2026" not in received


def test_the_workspace_shows_a_backdated_initiative_overdue_at_once(client, registry_user, municipality):
    client.force_login(registry_user)
    client.post(URL, form_data(municipality, arrived_on=OVERDUE_ARRIVAL, confirm_deadline="on"))
    initiative = Initiative.objects.get()
    page = client.get(reverse("initiatives:workspace")).text
    row = page.split(f">{initiative.reference}</a>")[1].split("</tr>")[0]
    assert "2.11.2026" in row
    assert 'class="badge badge--danger">Notice overdue' in row
    assert "1 notice overdue" in page


def test_notice_overdue_agrees_with_the_overdue_queryset(registry_user):
    late = make_initiative(arrived_on=datetime.date(2026, 10, 1))
    due_soon = make_initiative(arrived_on=datetime.date(2026, 11, 6))
    on_time = make_initiative(arrived_on=datetime.date(2026, 11, 24))
    noticed = make_noticed(registry_user, arrived_on=datetime.date(2026, 9, 1))
    today = datetime.date(2026, 12, 3)
    assert [i for i in (late, due_soon, on_time, noticed) if i.notice_overdue] == [late]
    assert list(Initiative.objects.overdue(today)) == [late]
