"""The printable letters: the one-month notice and the final notice as PDF, in the initiator's language."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from initiatives import letters, services
from initiatives.models import Initiative
from tests.initiatives.factories import make_initiative, make_organ

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False):
        yield


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def noticed(handler_user, organ, **overrides) -> Initiative:
    fields = {"email": "", "postal_address": "Kauppakatu 1\n28100 Pori", "name": "Maija Meikäläinen"}
    fields.update(overrides)
    initiative = make_initiative(**fields)
    return services.initiative_send_notice(
        initiative=initiative,
        user=handler_user,
        handling_organ=organ,
        estimated_completion=datetime.date(2027, 3, 31),
        info_contact_name="Ville Valmistelija",
        info_contact_email="ville.valmistelija@example.invalid",
        info_contact_phone="044 123 4567",
    )


@pytest.fixture
def organ():
    organ = make_organ("Palvelulautakunta", "committee")
    organ.name_sv = "Servicenämnden"
    organ.save()
    return organ


def test_notice_letter_in_finnish(handler_user, organ):
    text = pdf_text(letters.notice_letter_pdf(noticed(handler_user, organ)))
    assert "Palvelulautakunta" in text
    assert "31.3.2027" in text
    assert "Ville Valmistelija" in text
    assert "044 123 4567" in text
    assert "Maija Meikäläinen" in text
    assert "Kauppakatu 1" in text
    assert "Aloitettasi käsittelee" in text  # Finnish: who handles it
    assert "Arvioitu käsittelyaika" in text


def test_notice_letter_in_swedish(handler_user, organ):
    text = pdf_text(letters.notice_letter_pdf(noticed(handler_user, organ, letter_language="sv")))
    assert "Servicenämnden" in text
    assert "31.3.2027" in text
    assert "Ville Valmistelija" in text
    assert "Ditt initiativ behandlas av" in text
    assert "Aloitettasi" not in text
    assert "Satakunta välfärdsområde" in text  # the sender, in Swedish
    assert "Satakunnan hyvinvointialue" not in text


def test_the_letter_escapes_what_the_initiator_wrote(handler_user, organ):
    initiative = noticed(handler_user, organ, title='<a rel="attachment" href="file:///etc/passwd">liite</a>')
    pdf = letters.notice_letter_pdf(initiative)
    reader = PdfReader(io.BytesIO(pdf))
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])
    assert 'rel="attachment"' in pdf_text(pdf)  # shown as text, not followed


def test_final_letter_says_whether_it_led_to_measures(handler_user, organ):
    initiative = noticed(handler_user, organ)
    services.initiative_record_decision(
        initiative=initiative,
        user=handler_user,
        outcome=Initiative.Outcome.NO,
        measures="",
        decision_organ=organ,
        decision_date=datetime.date(2026, 11, 24),
        decision_section="§ 45",
    )
    initiative = services.initiative_send_final_notice(initiative=initiative, user=handler_user)
    text = pdf_text(letters.final_letter_pdf(initiative))
    assert "Ei johtanut toimenpiteisiin" in text
    assert "Palvelulautakunta" in text
    assert "§ 45" in text


def test_handler_downloads_the_letter_from_the_staff_page(client, handler_user, organ):
    organ.handlers.add(handler_user)
    initiative = noticed(handler_user, organ)
    client.force_login(handler_user)
    url = reverse("initiatives:staff-notice-letter", args=[initiative.reference])
    assert url in client.get(reverse("initiatives:staff-detail", args=[initiative.reference])).text
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Palvelulautakunta" in pdf_text(response.content)
    final_url = reverse("initiatives:staff-final-letter", args=[initiative.reference])
    assert client.get(final_url).status_code == 404  # no final notice yet


# --- The day a letter was posted: the notice counts as sent that day (Initiative.Notice) -------------------------


def detail_url(initiative: Initiative) -> str:
    return reverse("initiatives:staff-detail", args=[initiative.reference])


def posted(client, initiative: Initiative, day: str, step: str = "record_notice_posted"):
    return client.post(detail_url(initiative), {step: "1", f"{step}-posted_on": day}, follow=True)


def test_a_notice_letter_counts_as_sent_on_the_day_it_was_posted(client, handler_user, organ):
    organ.handlers.add(handler_user)
    client.force_login(handler_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with time_machine.travel(datetime.datetime(2026, 11, 23, 15, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False):
        initiative = noticed(handler_user, organ, arrived_on=datetime.date(2026, 10, 23))  # due Mon 23.11.
    assert initiative.notice_sent_at is None  # printed, not yet posted: the notice is still awaited
    assert list(Initiative.objects.awaiting_notice()) == [initiative]
    page = client.get(detail_url(initiative)).text
    assert "Letter prepared, the day it was posted not recorded yet" in page
    assert 'name="record_notice_posted"' in page
    assert "Notice overdue" in page  # today is 24.11.

    assert "The date cannot be in the future." in posted(client, initiative, "2026-11-25").text
    before = posted(client, initiative, "2026-11-22").text
    assert "The letter cannot have been posted before it was prepared on 23.11.2026." in before
    initiative.refresh_from_db()
    assert initiative.notice_sent_at is None

    page = posted(client, initiative, "2026-11-23").text
    assert "The day the notice letter was posted was recorded." in page
    initiative.refresh_from_db()
    # That day, but not before the letter was prepared (15.00): on time, the deadline was that day.
    assert initiative.notice_sent_at == initiative.notice_prepared_at
    assert initiative.notice_sent_on == datetime.date(2026, 11, 23)
    assert "Notice sent on time" in page
    assert 'name="record_notice_posted"' not in page
    row = initiative.history.first()
    assert (row.history_user, row.history_change_reason) == (
        handler_user,
        "One-month notice posted as a letter on 23.11.2026",
    )

    again = posted(client, initiative, "2026-11-24").text  # a stale page: recorded once
    assert "The day this letter was posted is recorded already, or the notice did not go as a letter." in again
    initiative.refresh_from_db()
    assert initiative.notice_sent_on == datetime.date(2026, 11, 23)


def test_a_letter_posted_on_a_later_day_counts_from_noon_of_that_day(handler_user, organ):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 16, 0, tzinfo=ZoneInfo("Europe/Helsinki")), tick=False):
        initiative = noticed(handler_user, organ)
    services.initiative_record_notice_posted(
        initiative=initiative, user=handler_user, posted_on=datetime.date(2026, 11, 23)
    )
    initiative.refresh_from_db()
    assert initiative.notice_sent_at == datetime.datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


def test_an_email_notice_has_no_posting_day_to_record(handler_user, organ):
    initiative = noticed(handler_user, organ, email="tekija@example.invalid")
    assert initiative.notice_method == Initiative.DeliveryMethod.EMAIL
    with pytest.raises(services.TransitionError):
        services.initiative_record_notice_posted(
            initiative=initiative, user=handler_user, posted_on=datetime.date(2026, 11, 24)
        )


def test_the_final_notice_letter_counts_as_sent_on_the_day_it_was_posted(client, handler_user, organ):
    organ.handlers.add(handler_user)
    client.force_login(handler_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    initiative = noticed(handler_user, organ)
    services.initiative_record_notice_posted(
        initiative=initiative, user=handler_user, posted_on=datetime.date(2026, 11, 24)
    )
    services.initiative_record_decision(
        initiative=initiative,
        user=handler_user,
        outcome=Initiative.Outcome.NO,
        measures="",
        decision_organ=organ,
        decision_date=datetime.date(2026, 11, 24),
    )
    initiative = services.initiative_send_final_notice(initiative=initiative, user=handler_user)
    assert initiative.final_notice_sent_at is None
    assert list(Initiative.objects.open()) == [initiative]  # answered, but not until the letter is posted
    page = client.get(detail_url(initiative)).text
    assert reverse("initiatives:staff-final-letter", args=[initiative.reference]) in page
    page = posted(client, initiative, "2026-11-24", step="record_final_notice_posted").text
    assert "The day the final notice letter was posted was recorded." in page
    initiative.refresh_from_db()
    assert timezone.localdate(initiative.final_notice_sent_at) == datetime.date(2026, 11, 24)
    assert list(Initiative.objects.declarable()) == [initiative]
    assert not Initiative.objects.open().exists()
