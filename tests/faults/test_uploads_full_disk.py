"""Fault: the media volume is full, or the database fails after the files were written. The person sees their
form again with a clear message and what they typed; nothing is half-stored: no row, and no file left on disk with
personal data that no row points to and retention would never find.

The full volume is a real one: MEDIA_ROOT is a 256 KiB tmpfs mounted for the test (the suite runs as root in its
container, as .ci/run does). Where mounting is not permitted, a storage that fills up at the same size stands in:
it writes the part that fits and then fails with ENOSPC, as the kernel does."""

import errno
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.urls import reverse

from bodies.models import Statement
from initiatives.models import Attachment, Initiative
from initiatives.services import AttachmentData
from osallisuus.roles import Role
from osallisuus.uploads import RandomNameStorage
from tests.bodies.factories import make_body, make_meeting, with_term
from tests.conftest import make_user
from tests.initiatives.factories import make_initiative

pytestmark = pytest.mark.django_db

URL = "/aloitteet/uusi/"
VOLUME_BYTES = 256 * 1024
# Two attachments that together do not fit: the first is written whole, the second only in part.
FIRST_PDF = b"%PDF-1.7\n" + b"1" * (150 * 1024)
SECOND_PDF = b"%PDF-1.7\n" + b"2" * (150 * 1024)
SMALL_PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
NOT_STORED_FI = "Tiedostoja ei voitu tallentaa"


class FillingUpStorage(RandomNameStorage):
    """Stands in for a full volume where tmpfs cannot be mounted: past VOLUME_BYTES under MEDIA_ROOT a write
    fails with ENOSPC after writing what still fits."""

    def _save(self, name, content):
        used = sum(path.stat().st_size for path in Path(self.location).rglob("*") if path.is_file())
        return super()._save(name, FillingUp(content, room=VOLUME_BYTES - used))


class FillingUp:
    def __init__(self, content, *, room: int) -> None:
        self.content, self.room = content, room

    def chunks(self):
        room = self.room
        for chunk in self.content.chunks():
            if len(chunk) > room:
                yield chunk[:room]
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            room -= len(chunk)
            yield chunk


@pytest.fixture
def small_media_volume(settings, tmp_path):
    """MEDIA_ROOT on a volume of VOLUME_BYTES."""
    root = tmp_path / "media"
    root.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", f"size={VOLUME_BYTES // 1024}k,mode=0700", "tmpfs", str(root)]
    try:
        mounted = subprocess.run(mount, capture_output=True, check=False).returncode == 0
    except FileNotFoundError:  # no mount command at all
        mounted = False
    settings.MEDIA_ROOT = root
    if not mounted:
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FillingUpStorage"}}
    yield root
    if mounted:
        subprocess.run(["umount", str(root)], check=True)


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def form_data(client, municipality, **overrides) -> dict:
    data = {
        "initiator_kind": "resident",
        "name": "Maija Meikäläinen",
        "home_municipality": municipality.pk,
        "email": "maija@example.invalid",
        "letter_language": "fi",
        "title": "Penkki terveysaseman pihaan",
        "text": "Pihassa ei voi levätä.\nEhdotan penkkiä.",
        "form_token": client.get(URL).context["form"]["form_token"].value(),
        "homepage": "",
    }
    return {**data, **overrides}


def test_a_full_media_volume_shows_the_form_again_and_leaves_nothing_behind(
    client, municipality, small_media_volume, monkeypatch
):
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 0)
    client.raise_request_exception = False  # before the fix: a 500 to assert on, not the exception
    data = form_data(
        client,
        municipality,
        attachments=[
            SimpleUploadedFile("liite1.pdf", FIRST_PDF, "application/pdf"),
            SimpleUploadedFile("liite2.pdf", SECOND_PDF, "application/pdf"),
        ],
    )
    response = client.post(URL, data)

    assert response.status_code == 503
    html = response.content.decode()
    assert NOT_STORED_FI in html
    form = response.context["form"]
    assert form["name"].value() == "Maija Meikäläinen"
    assert form["title"].value() == "Penkki terveysaseman pihaan"
    assert 'value="Penkki terveysaseman pihaan"' in html
    assert "Pihassa ei voi levätä.\nEhdotan penkkiä.</textarea>" in html
    assert not Initiative.objects.exists()
    assert Attachment.objects.count() == 0
    assert files_under(small_media_volume) == []

    # Nothing was used up: the same form, sent again with a file that fits, is stored once with its file.
    data["attachments"] = [SimpleUploadedFile("liite.pdf", SMALL_PDF, "application/pdf")]
    response = client.post(URL, data)
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Penkki terveysaseman pihaan")
    assert [a.original_name for a in initiative.attachments.all()] == ["liite.pdf"]
    assert files_under(small_media_volume) == [Path(initiative.attachments.get().file.path)]


@pytest.mark.parametrize(("language", "text"), [("sv", "Filerna kunde inte sparas"), ("en", "could not be saved")])
def test_the_full_volume_message_is_translated(
    client, settings, municipality, small_media_volume, monkeypatch, language, text
):
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 0)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    data = form_data(
        client,
        municipality,
        attachments=[
            SimpleUploadedFile("liite1.pdf", FIRST_PDF, "application/pdf"),
            SimpleUploadedFile("liite2.pdf", SECOND_PDF, "application/pdf"),
        ],
    )
    response = client.post(URL, data)
    assert response.status_code == 503
    assert text in response.content.decode()


@pytest.fixture
def attachment_insert_fails(db):
    """The database refuses every attachment row, as a failing database would: after the file was written.
    The trigger lives in the test's transaction and goes with it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_attachment() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the database failed'; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_attachment BEFORE INSERT ON initiatives_attachment "
            "FOR EACH ROW EXECUTE FUNCTION refuse_attachment()"
        )


def test_a_database_failure_after_the_files_are_written_leaves_no_file(settings, attachment_insert_fails):
    attachments = [AttachmentData(original_name="liite.pdf", content_type="application/pdf", content=SMALL_PDF)]
    with pytest.raises(DatabaseError):
        make_initiative(title="Ei tallennu", attachments=attachments)
    assert not Initiative.objects.filter(title="Ei tallennu").exists()
    assert files_under(Path(settings.MEDIA_ROOT)) == []


def test_a_statement_on_a_full_volume_shows_the_form_again_and_leaves_nothing_behind(client, small_media_volume):
    secretary = make_user("sihteeri", Role.SECRETARY)
    body = make_body(secretaries=(secretary,))
    client.force_login(secretary)
    response = client.post(
        reverse("bodies:staff-statement-create", args=[body.slug]),
        {
            "subject": "Lausunto palveluverkosta",
            "requested_by_other": "Palvelujen järjestäminen",
            "given_on": "2026-10-30",
            "text": "Neuvosto esittää, että",
            "attachment": SimpleUploadedFile("lausunto.pdf", FIRST_PDF + SECOND_PDF, "application/pdf"),
        },
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert NOT_STORED_FI in html
    assert 'value="Lausunto palveluverkosta"' in html
    assert not Statement.objects.exists()
    assert files_under(small_media_volume) == []


def test_minutes_on_a_full_volume_show_the_form_again_and_leave_nothing_behind(client, small_media_volume):
    secretary = make_user("sihteeri", Role.SECRETARY)
    body = with_term(make_body(secretaries=(secretary,)))
    meeting = make_meeting(body)
    client.force_login(secretary)
    response = client.post(
        reverse("bodies:staff-minutes", args=[body.slug, meeting.pk]),
        {
            "text": "Kokous avattiin kello 17.",
            "file": SimpleUploadedFile("poytakirja.pdf", FIRST_PDF + SECOND_PDF, "application/pdf"),
        },
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert NOT_STORED_FI in html
    assert "Kokous avattiin kello 17.</textarea>" in html
    meeting.refresh_from_db()
    assert (meeting.minutes_text, meeting.minutes_file.name) == ("", "")
    assert files_under(small_media_volume) == []
