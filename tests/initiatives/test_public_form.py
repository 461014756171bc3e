"""The public initiative form /aloitteet/uusi/: what is stored, every refusal, the spam defences, double submits."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.forms import public as public_forms
from initiatives.models import Attachment, CoInitiator, Initiative
from osallisuus.models import Municipality, OutboxMessage

pytestmark = pytest.mark.django_db

URL = "/aloitteet/uusi/"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(monkeypatch):
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 0)


@pytest.fixture
def rauma(db) -> Municipality:
    return Municipality.objects.create(name="Rauma", name_sv="Raumo", code="684")


def form_data(client, municipality: Municipality, **overrides) -> dict:
    """A complete, valid submission with the token of a freshly shown form."""
    token = client.get(URL).context["form"]["form_token"].value()
    data = {
        "initiator_kind": "resident",
        "name": "Maija Meikäläinen",
        "home_municipality": municipality.pk,
        "email": "maija@example.invalid",
        "postal_address": "",
        "phone": "",
        "letter_language": "fi",
        "title": "Penkki terveysaseman pihaan",
        "text": "Pihassa ei voi levätä.\nEhdotan penkkiä.",
        "form_token": token,
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def errors_of(response) -> dict:
    return response.context["form"].errors


def test_the_form_page_shows_every_field_and_the_privacy_notice(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in [
        "initiator_kind",
        "service",
        "membership_grounds",
        "name",
        "home_municipality",
        "email",
        "postal_address",
        "phone",
        "letter_language",
        "co_name_1",
        "co_municipality_5",
        "title",
        "text",
        "attachments",
        "name_publication_consent",
        "form_token",
    ]:
        assert f'name="{name}"' in html, name
    assert 'href="/tietosuoja/#initiatives"' in html
    assert 'enctype="multipart/form-data"' in html
    # The honeypot: out of sight, out of the tab order, never autofilled, labelled for whoever does see it.
    assert '<div class="honeypot" aria-hidden="true">' in html
    assert 'name="homepage" id="id_homepage" value="" tabindex="-1" autocomplete="off"' in html
    assert "<script>" not in html
    assert "style=" not in html
    # The name consent is off unless the initiator ticks it.
    assert 'name="name_publication_consent" id="id_name_publication_consent" checked' not in html


def test_a_valid_submission_stores_exactly_what_was_sent_and_emails_the_receipt(
    client, municipality, rauma, mailoutbox, django_capture_on_commit_callbacks
):
    arrival = time_machine.travel(datetime.datetime(2025, 11, 6, 10, 0, tzinfo=datetime.UTC), tick=False)
    arrival.start()
    data = form_data(
        client,
        municipality,
        initiator_kind="service_user",
        service="Kotihoito, Pori",
        home_municipality="",
        postal_address="Esimerkkikatu 1\n28100 Pori",
        phone="+358 40 123 4567",
        letter_language="sv",
        name_publication_consent="on",
        co_name_1="Matti Virtanen",
        co_municipality_1=rauma.pk,
        co_name_3="Liisa Laine",
        attachments=[
            SimpleUploadedFile("liite.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile("kuva.png", PNG, content_type="image/png"),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):  # the receipt is sent after the transaction commits
        response = client.post(URL, data)
    arrival.stop()

    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:track", args=[initiative.tracking_token]) + "?sent=1"
    assert initiative.channel == Initiative.Channel.WEB
    assert initiative.initiator_kind == "service_user"
    assert initiative.service == "Kotihoito, Pori"
    assert initiative.membership_grounds == ""
    assert initiative.name == "Maija Meikäläinen"
    assert initiative.home_municipality is None
    assert initiative.email == "maija@example.invalid"
    assert initiative.postal_address == "Esimerkkikatu 1\n28100 Pori"
    assert initiative.phone == "+358 40 123 4567"
    assert initiative.letter_language == "sv"
    # A service user's name is never published: a consent posted anyway is not kept (initiatives.publication).
    assert initiative.name_publication_consent is False
    assert initiative.title == "Penkki terveysaseman pihaan"
    assert initiative.text == "Pihassa ei voi levätä.\nEhdotan penkkiä."
    assert initiative.publication_state == Initiative.Publication.UNPUBLISHED
    # Arrived on the Helsinki date; the notice is due a month later, moved past Independence Day and the weekend.
    assert initiative.arrived_on == datetime.date(2025, 11, 6)
    assert initiative.notice_due_on == datetime.date(2025, 12, 8)
    assert [(c.name, c.municipality) for c in CoInitiator.objects.order_by("position")] == [
        ("Matti Virtanen", rauma),
        ("Liisa Laine", None),
    ]
    attachments = list(Attachment.objects.order_by("pk"))
    assert [(a.original_name, a.content_type, a.size) for a in attachments] == [
        ("liite.pdf", "application/pdf", len(PDF)),
        ("kuva.png", "image/png", len(PNG)),
    ]
    assert attachments[0].file.read() == PDF
    # The receipt, in the language chosen for letters (Swedish) although the form was used in Finnish.
    assert len(mailoutbox) == 1
    receipt = mailoutbox[0]
    assert receipt.to == ["maija@example.invalid"]
    assert initiative.reference in receipt.subject
    assert "Ditt initiativ" in receipt.subject
    assert initiative.tracking_token in receipt.body
    assert "8.12.2025" in receipt.body
    assert OutboxMessage.objects.get().sent_at is not None


def test_the_private_page_after_sending_says_what_happens_next(client, municipality):
    with time_machine.travel(datetime.datetime(2025, 1, 31, 9, 0, tzinfo=datetime.UTC), tick=False):
        data = form_data(client, municipality)
        response = client.post(URL, data, follow=True)
    initiative = Initiative.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aloitteesi on vastaanotettu" in html
    assert initiative.reference in html
    assert "28.2.2025" in html  # the one-month notice deadline (150/1930 3 §)
    assert f"/aloitteet/seuranta/{initiative.tracking_token}/" in html
    assert "maija@example.invalid" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"initiator_kind": None}, "initiator_kind", "This field is required."),
        ({"initiator_kind": "robot"}, "initiator_kind", "Select a valid choice."),
        ({"name": ""}, "name", "This field is required."),
        ({"name": "x" * 201}, "name", "at most 200 characters"),
        ({"home_municipality": ""}, "home_municipality", "Choose the municipality where you live"),
        ({"home_municipality": "999999"}, "home_municipality", "Select a valid choice."),
        ({"email": ""}, "email", "Give an email address or a postal address"),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": "a" * 250 + "@example.invalid"}, "email", "at most 254 characters"),
        ({"text": "nul\x00byte"}, "text", "Null characters are not allowed."),
        ({"phone": "call me maybe"}, "phone", "Write the phone number with digits"),
        ({"letter_language": "de"}, "letter_language", "Select a valid choice."),
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"text": "   "}, "text", "This field is required."),
        ({"initiator_kind": "service_user", "service": ""}, "service", "Tell which service of the region you use."),
        ({"initiator_kind": "property", "membership_grounds": ""}, "membership_grounds", "Tell which property"),
        ({"co_municipality_2": "REPLACE"}, "co_name_2", "Write the co-initiator's name"),
    ],
)
def test_each_invalid_field_gets_its_message_and_nothing_is_stored(
    client, municipality, settings, overrides, field, message
):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    overrides = {k: (municipality.pk if v == "REPLACE" else v) for k, v in overrides.items()}
    response = client.post(URL, form_data(client, municipality, **overrides))
    assert response.status_code == 400
    assert message in " ".join(errors_of(response)[field])
    assert Initiative.objects.count() == 0
    html = response.content.decode()
    # The error summary takes focus and links to the field.
    assert 'class="error-summary" role="alert"' in html
    assert "autofocus" in html
    assert f'href="#id_{field}"' in html


def test_errors_keep_the_answers_and_the_same_submission_key(client, municipality):
    data = form_data(client, municipality, title="")
    response = client.post(URL, data)
    form = response.context["form"]
    assert form["name"].value() == "Maija Meikäläinen"
    assert form["form_token"].value() == data["form_token"]


def test_postal_address_alone_is_enough(client, municipality, mailoutbox):
    response = client.post(URL, form_data(client, municipality, email="", postal_address="Salakatu 1, Pori"))
    assert response.status_code == 302
    assert Initiative.objects.get().postal_address == "Salakatu 1, Pori"
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("ohje.pdf", b"MZ\x90\x00 this is a program")], "is not a PDF, JPEG or PNG file"),
        ([("kuva.png", b"GIF89a not really a png")], "is not a PDF, JPEG or PNG file"),
        ([("huge.pdf", PDF + b"\x00" * (10 * 1024 * 1024))], "is larger than 10 MB"),
        ([(f"liite{n}.pdf", PDF) for n in range(6)], "at most 5 files"),
        ([("ok.pdf", PDF), ("paha.jpg", b"<svg onload=alert(1)>")], "“paha.jpg” is not a PDF, JPEG or PNG file"),
    ],
)
def test_bad_attachments_store_nothing(client, municipality, settings, files, message):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    uploads = [SimpleUploadedFile(name, content) for name, content in files]
    response = client.post(URL, form_data(client, municipality, attachments=uploads))
    assert response.status_code == 400
    assert message in " ".join(errors_of(response)["attachments"])
    assert Initiative.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_a_jpeg_is_recognised_by_content_whatever_its_name(client, municipality):
    upload = SimpleUploadedFile("photo.dat", JPEG, content_type="application/octet-stream")
    assert client.post(URL, form_data(client, municipality, attachments=[upload])).status_code == 302
    assert Attachment.objects.get().content_type == "image/jpeg"


def test_a_too_big_file_is_refused_by_its_size_before_it_is_read():
    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("a file over the limit must not be read")

    upload = Unreadable("big.pdf", b"")
    upload.size = public_forms.MAX_ATTACHMENT_BYTES + 1
    with pytest.raises(public_forms.ValidationError):
        public_forms.clean_attachments([upload])


def test_a_request_larger_than_all_allowed_files_is_refused_unread(client):
    response = client.generic(
        "POST", URL, b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(60 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert Initiative.objects.count() == 0


def test_a_nonsense_content_length_is_not_an_error(client, municipality):
    data = form_data(client, municipality)
    response = client.post(URL, data, CONTENT_LENGTH="lots")
    assert response.status_code in {302, 400}


def test_a_filled_honeypot_stores_nothing(client, municipality, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(URL, form_data(client, municipality, homepage="http://spam.example"))
    assert response.status_code == 400
    assert "meant to stop spam" in " ".join(errors_of(response).get("__all__", []))
    assert Initiative.objects.count() == 0
    assert 'name="homepage" id="id_homepage" value=""' in response.content.decode()


def test_a_form_sent_too_fast_stores_nothing_and_can_then_be_sent(client, municipality, monkeypatch, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 3)
    start = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        data = form_data(client, municipality)
    with time_machine.travel(start + datetime.timedelta(seconds=1), tick=False):
        response = client.post(URL, data)
    assert response.status_code == 400
    assert "very quickly" in " ".join(errors_of(response)["__all__"])
    assert Initiative.objects.count() == 0
    # The same token (and so the same submission key) stays in the form, and passes once enough time has gone by.
    assert response.context["form"]["form_token"].value() == data["form_token"]
    with time_machine.travel(start + datetime.timedelta(seconds=4), tick=False):
        assert client.post(URL, data).status_code == 302
    assert Initiative.objects.count() == 1


def test_a_form_older_than_a_day_or_forged_stores_nothing_and_gets_a_new_token(client, municipality, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    start = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        data = form_data(client, municipality)
    with time_machine.travel(start + datetime.timedelta(hours=25), tick=False):
        response = client.post(URL, data)
        assert "more than a day" in " ".join(errors_of(response)["__all__"])
        assert response.context["form"]["form_token"].value() != data["form_token"]
        forged = client.post(URL, {**data, "form_token": data["form_token"][:-2] + "xx"})
        assert "could not be checked" in " ".join(errors_of(forged)["__all__"])
        missing = client.post(URL, {k: v for k, v in data.items() if k != "form_token"})
        assert "could not be checked" in " ".join(errors_of(missing)["__all__"])
    assert Initiative.objects.count() == 0


def test_the_rate_limit_answers_429_after_five_initiatives_an_hour_from_one_address(client, municipality):
    for number in range(5):
        response = client.post(URL, form_data(client, municipality, title=f"Aloite {number}"))
        assert response.status_code == 302
    response = client.post(URL, form_data(client, municipality, title="Kuudes"))
    assert response.status_code == 429
    assert "Liian monta" in response.content.decode()
    assert Initiative.objects.count() == 5
    # Another address is not affected.
    other = client.post(URL, form_data(client, municipality, title="Muualta"), REMOTE_ADDR="192.0.2.44")
    assert other.status_code == 302


def test_the_rate_limit_window_ends(client, municipality, monkeypatch):
    monkeypatch.setattr("initiatives.views.public.CREATE_LIMIT_PER_HOUR", 1)
    start = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        assert client.post(URL, form_data(client, municipality)).status_code == 302
        assert client.post(URL, form_data(client, municipality)).status_code == 429
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        assert client.post(URL, form_data(client, municipality)).status_code == 302


def test_invalid_forms_do_not_use_up_the_rate_limit(client, municipality):
    for _attempt in range(8):
        assert client.post(URL, form_data(client, municipality, title="")).status_code == 400
    assert client.post(URL, form_data(client, municipality)).status_code == 302


def test_the_same_form_sent_twice_stores_one_initiative(
    client, municipality, mailoutbox, django_capture_on_commit_callbacks
):
    data = form_data(client, municipality)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, data)
        second = client.post(URL, data)
    assert Initiative.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert len(mailoutbox) == 1


def test_resending_does_not_count_against_the_rate_limit(client, municipality, monkeypatch):
    monkeypatch.setattr("initiatives.views.public.CREATE_LIMIT_PER_HOUR", 1)
    data = form_data(client, municipality)
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302


def test_the_service_field_is_shown_to_service_users_by_htmx(client):
    headers = {"HX-Request": "true", "HX-Target": "service-field"}
    shown = client.get(URL, {"initiator_kind": "service_user", "service": "Kotihoito"}, headers=headers)
    hidden = client.get(URL, {"initiator_kind": "resident"}, headers=headers)
    assert shown.content.decode().lstrip().startswith('<div id="service-field">')
    assert 'name="service"' in shown.content.decode()
    assert 'value="Kotihoito"' in shown.content.decode()
    assert "<html" not in shown.content.decode()
    assert 'name="service"' not in hidden.content.decode()
    assert 'id="service-field"' in hidden.content.decode()


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("fi", ["Tee aloite", "Nimi", "Otsikko", "Lähetä aloite"]),
        ("sv", ["Gör ett initiativ", "Namn", "Rubrik", "Skicka initiativet"]),
        ("en", ["Make an initiative", "Name", "Title", "Send the initiative"]),
    ],
)
def test_the_form_is_translated(client, settings, language, texts):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(URL).content.decode()
    assert f'<html lang="{language}">' in html
    for text in texts:
        assert text in html, text
    # The letters' language defaults to the language of the form.
    assert re.search(rf'name="letter_language" value="{language}"[^>]* checked', html)
