"""The printable letters: the one-month notice and the final notice as PDF, in the initiator's language."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
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
