"""Uploads: size limits hold before the body or the rest of a file is read, types are judged by content, stored
names are random, and files are served only as downloads to those allowed to see them."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import load_handler
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.utils.translation import gettext

from bodies import services as body_services
from bodies.forms import MeetingAdminForm, StatementAdminForm
from bodies.models import Meeting
from initiatives.forms import public as public_forms
from initiatives.models import Attachment, Initiative
from osallisuus import uploads
from tests.bodies.factories import helsinki, make_meeting
from tests.security.portal import PDF, build_portal

pytestmark = pytest.mark.django_db

CREATE = "/aloitteet/uusi/"


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of a request over the limit was read")

    readline = readinto = read


@pytest.fixture
def portal():
    return build_portal()


@pytest.mark.parametrize("path", [CREATE, "/henkilosto/toimielimet/vanhusneuvosto/kokoukset/1/poytakirja/"])
def test_a_request_over_the_limit_is_refused_before_its_body_is_read(settings, portal, path):
    # A real browser's request: CSRF checks on, so CsrfViewMiddleware would read the body for its token.
    client = Client(enforce_csrf_checks=True)
    client.force_login(portal.users["secretary"])
    initiatives_before = Initiative.objects.count()

    response = client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=raja",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == 413
    assert "Nothing was stored" in response.content.decode() or "ei tallennettu" in response.content.decode()
    assert response["Connection"] == "close"
    assert Initiative.objects.count() == initiatives_before


def test_the_request_limit_allows_five_full_attachments_and_the_form(settings):
    assert settings.MAX_REQUEST_BYTES > public_forms.MAX_ATTACHMENTS * public_forms.MAX_ATTACHMENT_BYTES
    assert settings.MAX_UPLOAD_FILE_BYTES == public_forms.MAX_ATTACHMENT_BYTES


def multipart(*parts: tuple[str, str | None, bytes]) -> tuple[bytes, str]:
    boundary = "raja123"
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        if filename:
            body += b"Content-Type: application/pdf\r\n"
        body += b"\r\n" + content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def parse(body: bytes, content_type: str, settings):
    handlers = [load_handler(path) for path in settings.FILE_UPLOAD_HANDLERS]
    meta = {"CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body))}
    post, files = MultiPartParser(meta, io.BytesIO(body), handlers).parse()
    return post, files, handlers


def test_a_file_over_the_limit_is_not_kept_past_the_limit_and_the_form_still_gets_its_fields(settings):
    settings.MAX_UPLOAD_FILE_BYTES = 64 * 1024
    big = PDF + b"\x00" * (200 * 1024)
    body, content_type = multipart(("title", None, b"ennen"), ("attachments", "iso.pdf", big), ("text", None, b"sen"))

    post, files, handlers = parse(body, content_type, settings)

    upload = files["attachments"]
    assert isinstance(upload, uploads.OversizedUpload)
    assert upload.size == len(big)  # the form can tell how big it was
    assert upload.read() == b""  # but none of it was kept
    assert post["title"] == "ennen"
    assert post["text"] == "sen"  # the fields after the file arrive too
    # The handlers that keep files were given at most the limit (and one chunk) before the rest was dropped.
    memory = handlers[1]
    kept = len(memory.file.getvalue()) if getattr(memory, "activated", False) else handlers[2].file.tell()
    assert kept <= settings.MAX_UPLOAD_FILE_BYTES + 64 * 1024
    with pytest.raises(uploads.UploadTooLarge):
        list(upload.chunks())  # storing it by mistake fails instead of storing an empty file


def test_a_file_within_the_limit_passes_through_unchanged(settings):
    body, content_type = multipart(("attachments", "pieni.pdf", PDF))

    _post, files, _handlers = parse(body, content_type, settings)

    assert files["attachments"].read() == PDF
    assert not isinstance(files["attachments"], uploads.OversizedUpload)


def test_the_public_form_names_the_file_that_was_too_large(client, settings, portal):
    from tests.initiatives.test_public_form import form_data

    settings.MAX_UPLOAD_FILE_BYTES = 64 * 1024
    before = Initiative.objects.count()
    data = form_data(client, portal.initiative.home_municipality)
    data["attachments"] = [SimpleUploadedFile("iso-liite.pdf", PDF + b"\x00" * (100 * 1024))]

    response = client.post(CREATE, data)

    assert response.status_code == 400
    assert "iso-liite.pdf" in response.content.decode()
    assert "10 Mt" in response.content.decode() or "10 MB" in response.content.decode()
    assert Initiative.objects.count() == before


def held_meeting(portal) -> Meeting:
    meeting = make_meeting(portal.objects["body"], helsinki(2026, 10, 1))
    return body_services.meeting_mark_held(meeting=meeting, user=None)


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, b"MZ\x90\x00 ohjelma"],
)
def test_minutes_must_be_a_pdf_by_content_whatever_the_name(client, portal, content):
    meeting = held_meeting(portal)
    client.force_login(portal.users["secretary"])
    url = f"/henkilosto/toimielimet/{portal.objects['body'].slug}/kokoukset/{meeting.pk}/poytakirja/"

    response = client.post(url, {"text": "Luonnos", "file": SimpleUploadedFile("poytakirja.pdf", content)})

    assert response.status_code == 200  # the form again, with its error
    assert gettext("Attach a PDF file.") in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.minutes_file


def test_minutes_over_the_size_limit_are_refused(client, portal, settings):
    settings.MAX_UPLOAD_FILE_BYTES = 1024 * 1024
    meeting = held_meeting(portal)
    client.force_login(portal.users["secretary"])
    url = f"/henkilosto/toimielimet/{portal.objects['body'].slug}/kokoukset/{meeting.pk}/poytakirja/"
    big = SimpleUploadedFile("poytakirja.pdf", PDF + b"\x00" * (1100 * 1024))

    response = client.post(url, {"text": "Luonnos", "file": big})

    assert response.status_code == 200
    assert gettext("The file is larger than %(megabytes)d MB.") % {"megabytes": 1} in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.minutes_file


def test_stored_names_are_random_and_never_the_senders(portal):
    attachment = Attachment.objects.get()
    names = [
        attachment.file.name,
        portal.objects["meeting"].minutes_file.name,
        portal.objects["statement"].attachment.name,
        portal.objects["annual_file"].file.name,
    ]

    assert attachment.original_name == "../../liite.pdf"  # kept as data only
    for name in names:
        assert re.fullmatch(r"[a-z0-9/-]+/[0-9a-f]{32}", name), name
        assert ".." not in name
        assert "liite" not in name
        assert "poytakirja" not in name
        assert "lausunto" not in name


FILE_URLS = {
    # url name: (who may download, url)
    "staff-attachment": ("registry", "/henkilosto/aloitteet/{reference}/liitteet/{attachment}/"),
    "notice-letter": ("handler", "/henkilosto/aloitteet/{reference}/ilmoitus.pdf"),
    "final-letter": ("handler", "/henkilosto/aloitteet/{reference}/vastaus.pdf"),
    "annual-file-download": ("hyte", "/henkilosto/vuosilista/tiedosto/{annual}/lataa/"),
    "staff-minutes-file": ("secretary", "/henkilosto/toimielimet/{slug}/kokoukset/{meeting}/poytakirja.pdf"),
    "minutes-file": ("anonymous", "/toimielimet/{slug}/kokoukset/{meeting}/poytakirja.pdf"),
    "statement-file": ("anonymous", "/toimielimet/{slug}/lausunnot/{statement}/liite.pdf"),
}


@pytest.mark.parametrize("name", FILE_URLS)
def test_files_are_served_as_downloads_that_the_browser_does_not_sniff(portal, name):
    identity, template = FILE_URLS[name]
    o = portal.objects
    url = template.format(
        reference=portal.initiative.reference,
        attachment=o["attachment"].pk,
        annual=o["annual_file"].pk,
        slug=o["body"].slug,
        meeting=o["meeting"].pk,
        statement=o["statement"].pk,
    )
    client = Client()
    if portal.users[identity] is not None:
        client.force_login(portal.users[identity])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "/" not in response["Content-Disposition"]  # no path in the suggested name
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"%PDF-")


def test_the_uploaded_files_folder_has_no_url(client, portal):
    attachment = Attachment.objects.get()

    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert client.get(f"/{attachment.file.name}").status_code == 404


@pytest.mark.parametrize(("content", "refused"), [(b"<html>paha</html>", True), (PDF, False)])
def test_the_admin_checks_uploaded_pdfs_by_content_too(portal, content, refused):
    statement = portal.objects["statement"]
    meeting = portal.objects["meeting"]
    statement_form = StatementAdminForm(
        data={"body": statement.body_id, "subject": "Lausunto", "given_on": "2026-03-12", "text": "Teksti"},
        files={"attachment": SimpleUploadedFile("lausunto.pdf", content)},
        instance=statement,
    )
    meeting_form = MeetingAdminForm(
        data={}, files={"minutes_file": SimpleUploadedFile("ptk.pdf", content)}, instance=meeting
    )

    assert ("attachment" in statement_form.errors) is refused
    assert ("minutes_file" in meeting_form.errors) is refused
