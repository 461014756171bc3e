"""The public feedback form /saavutettavuus/palaute/: what is stored, the receipt, every refusal, the spam defences."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.conf import settings as django_settings

from accessibility import views as feedback_views
from accessibility.models import AccessibilityFeedback
from initiatives.forms.public import InitiativeForm

pytestmark = pytest.mark.django_db

URL = "/saavutettavuus/palaute/"
ARRIVAL = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)  # Tuesday 1.12.2026 in Helsinki


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(monkeypatch):
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 0)


def form_data(client, **overrides) -> dict:
    """A complete, valid submission with the token of a freshly shown form."""
    token = client.get(URL).context["form"]["form_token"].value()
    data = {
        "message": "Aloitelomakkeen liitekenttä ei toimi ruudunlukijalla.",
        "page_url": "/aloitteet/uusi/",
        "sender_name": "Maija Meikäläinen",
        "email": "maija@example.invalid",
        "form_token": token,
        "homepage": "",
    }
    data.update(overrides)
    return data


def error_texts(response) -> str:
    return " ".join(str(error) for errors in response.context["form"].errors.values() for error in errors)


def test_the_form_page_shows_its_fields_without_script_or_style(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Anna palautetta saavutettavuudesta</h1>" in html
    for name in ["message", "page_url", "sender_name", "email", "form_token"]:
        assert f'name="{name}"' in html, name
    assert '<div class="honeypot" aria-hidden="true">' in html
    assert 'name="homepage" id="id_homepage" value="" tabindex="-1" autocomplete="off"' in html
    assert f'href="mailto:{settings.ACCESSIBILITY_FEEDBACK_EMAIL}"' in html
    assert "<script>" not in html
    assert "style=" not in html
    assert response["Cache-Control"] == "private, no-store"


def test_a_valid_submission_stores_one_row_and_emails_the_receipt_in_finnish(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(ARRIVAL, tick=False):
        data = form_data(client)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, data)

    assert response.status_code == 302
    assert response["Location"].startswith("/saavutettavuus/palaute/kiitos/?kuittaus=")
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == "Aloitelomakkeen liitekenttä ei toimi ruudunlukijalla."
    assert feedback.page_url == "/aloitteet/uusi/"
    assert feedback.sender_name == "Maija Meikäläinen"
    assert feedback.email == "maija@example.invalid"
    assert feedback.language == "fi"
    assert feedback.received_at == ARRIVAL
    assert feedback.answer_due_on == datetime.date(2026, 12, 15)
    assert feedback.answered_at is None
    assert feedback.history.count() == 1

    receipt, registry = mailoutbox
    assert receipt.to == ["maija@example.invalid"]
    assert receipt.subject == "Olemme saaneet palautteesi saavutettavuudesta"
    assert receipt.body.startswith("Hei Maija Meikäläinen,")
    assert "Se saapui 1.12.2026." in receipt.body
    assert "Vastaamme sinulle viimeistään 15.12.2026." in receipt.body
    assert f"kirjoita osoitteeseen {settings.ACCESSIBILITY_FEEDBACK_EMAIL}" in receipt.body
    assert f"{settings.SITE_URL}/saavutettavuus/" in receipt.body
    assert "Aloitelomakkeen liitekenttä ei toimi ruudunlukijalla." in receipt.body
    assert receipt.reply_to == [settings.ACCESSIBILITY_FEEDBACK_EMAIL]
    assert receipt.extra_headers["Auto-Submitted"] == "auto-generated"

    assert registry.to == [settings.ACCESSIBILITY_FEEDBACK_EMAIL]
    assert registry.subject == "Saavutettavuuspalaute, johon on vastattava viimeistään 15.12.2026"
    assert "maija@example.invalid" in registry.body
    assert f"{settings.SITE_URL}/henkilosto/saavutettavuuspalaute/{feedback.pk}/" in registry.body
    assert registry.reply_to == ["maija@example.invalid"]

    feedback.refresh_from_db()
    assert feedback.receipt_sent_at is not None
    assert feedback.registry_notified_at is not None

    with time_machine.travel(ARRIVAL + datetime.timedelta(seconds=2), tick=False):  # the browser follows at once
        thanks = client.get(response["Location"])
    assert "Vastaamme viimeistään 15.12.2026." in thanks.content.decode()
    assert "Kuittaus on tulossa sähköpostiisi." in thanks.content.decode()


def test_the_receipt_is_written_in_the_language_of_the_form(client, mailoutbox, django_capture_on_commit_callbacks):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    with time_machine.travel(ARRIVAL, tick=False):
        data = form_data(client, sender_name="")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(URL, data)
    assert AccessibilityFeedback.objects.get().language == "sv"
    receipt = next(message for message in mailoutbox if message.to == ["maija@example.invalid"])
    assert receipt.subject == "Vi har tagit emot din respons om tillgänglighet"
    assert "Vi svarar dig senast 15.12.2026." in receipt.body
    # The registry's copy stays in Finnish.
    registry = next(message for message in mailoutbox if message.to == [settings.ACCESSIBILITY_FEEDBACK_EMAIL])
    assert registry.subject.startswith("Saavutettavuuspalaute")


def test_anonymous_feedback_is_stored_and_only_the_registry_is_told(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    data = form_data(client, sender_name="", email="", page_url="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.sender_name, feedback.email, feedback.page_url) == ("", "", "")
    assert [message.to for message in mailoutbox] == [[settings.ACCESSIBILITY_FEEDBACK_EMAIL]]
    thanks = client.get(response["Location"]).content.decode()
    assert "Et antanut sähköpostiosoitetta" in thanks


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "Kirjoita palautteesi."), ("sv", "Skriv din respons."), ("en", "Write your feedback.")],
)
def test_an_empty_message_is_refused_in_the_users_language_and_nothing_is_stored(
    client, mailoutbox, language, expected
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(URL, form_data(client, message="   "))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert expected in html
    assert 'href="#id_message"' in html
    # The answers given are kept.
    assert 'value="maija@example.invalid"' in html
    assert AccessibilityFeedback.objects.count() == 0
    assert mailoutbox == []


def test_a_bad_email_address_is_refused_with_a_message_in_finnish(client):
    response = client.post(URL, form_data(client, email="maija@"))
    assert response.status_code == 400
    assert "Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi." in error_texts(response)
    assert response.content.decode().count("<title>Virhe:") == 1
    assert AccessibilityFeedback.objects.count() == 0


def test_too_long_feedback_is_refused_without_storing(client):
    response = client.post(URL, form_data(client, message="a" * 5001))
    assert response.status_code == 400
    assert "5000" in error_texts(response)
    assert AccessibilityFeedback.objects.count() == 0


def test_the_honeypot_refuses_the_form(client, mailoutbox):
    response = client.post(URL, form_data(client, homepage="http://spam.example"))
    assert response.status_code == 400
    assert "Roskapostin estoon tarkoitettu piilotettu kenttä" in " ".join(response.context["form"].non_field_errors())
    assert AccessibilityFeedback.objects.count() == 0
    assert mailoutbox == []


def test_a_form_sent_too_quickly_is_refused_and_keeps_its_token(client, monkeypatch):
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 3)
    data = form_data(client)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Lomake lähetettiin hyvin pian sen avaamisen jälkeen." in " ".join(
        response.context["form"].non_field_errors()
    )
    assert response.context["form"]["form_token"].value() == data["form_token"]
    assert AccessibilityFeedback.objects.count() == 0


@pytest.mark.parametrize("token", ["", "forged", "eyJrZXkiOiJ4In0:1u:abc"])
def test_a_missing_or_forged_token_is_refused_and_renewed(client, token):
    response = client.post(URL, form_data(client, form_token=token))
    assert response.status_code == 400
    assert response.context["form"].token_error.renew
    renewed = response.context["form"]["form_token"].value()
    assert renewed
    assert renewed != token
    assert AccessibilityFeedback.objects.count() == 0


def test_the_token_of_the_initiative_form_is_not_accepted(client):

    response = client.post(URL, form_data(client, form_token=InitiativeForm.new_token()))
    assert response.status_code == 400
    assert AccessibilityFeedback.objects.count() == 0


def test_a_token_older_than_a_day_is_refused(client):
    with time_machine.travel(ARRIVAL, tick=False):
        data = form_data(client)
    with time_machine.travel(ARRIVAL + datetime.timedelta(days=1, minutes=1), tick=False):
        response = client.post(URL, data)
    assert response.status_code == 400
    assert "yli vuorokauden" in " ".join(response.context["form"].non_field_errors())
    assert AccessibilityFeedback.objects.count() == 0


def test_the_same_form_sent_twice_stores_one_feedback(client, mailoutbox, django_capture_on_commit_callbacks):
    data = form_data(client)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, data)
        second = client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert AccessibilityFeedback.objects.count() == 1
    assert len(mailoutbox) == 2  # one receipt and one registry copy, not two of each


def test_the_rate_limit_refuses_more_than_the_hourly_limit_per_client(client, monkeypatch):
    monkeypatch.setattr(feedback_views, "SEND_LIMIT_PER_HOUR", 2)
    statuses = [client.post(URL, form_data(client, message=f"Palaute {n}")).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert AccessibilityFeedback.objects.count() == 2


def test_a_thank_you_link_older_than_an_hour_shows_no_date(client, django_capture_on_commit_callbacks):
    with time_machine.travel(ARRIVAL, tick=False), django_capture_on_commit_callbacks(execute=True):
        location = client.post(URL, form_data(client))["Location"]
    with time_machine.travel(ARRIVAL + datetime.timedelta(minutes=59), tick=False):
        assert "Vastaamme viimeistään 15.12.2026." in client.get(location).content.decode()
    with time_machine.travel(ARRIVAL + datetime.timedelta(minutes=61), tick=False):
        html = client.get(location).content.decode()
    assert "Kiitos palautteestasi" in html
    assert not re.search(r"Vastaamme viimeistään \d", html)


def test_a_thank_you_page_with_a_forged_receipt_shows_no_date(client):
    response = client.get("/saavutettavuus/palaute/kiitos/?kuittaus=forged")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kiitos palautteestasi" in html
    assert not re.search(r"Vastaamme viimeistään \d", html)
