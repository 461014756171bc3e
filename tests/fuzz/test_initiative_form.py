"""Property: whatever is sent to the initiative form /aloitteet/uusi/, the answer is never a server error; a refused
form shows its errors in Finnish and stores nothing (no initiative, co-initiator, attachment, file, history row or
email); an accepted one stores exactly one initiative with exactly what was sent."""

import io
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from initiatives.forms.public import InitiativeForm
from initiatives.models import Attachment, CoInitiator, Initiative
from osallisuus.models import OutboxMessage
from tests.fuzz import strategies as fuzz
from tests.fuzz.checks import FINNISH_SUMMARY, SWEDISH_SUMMARY, assert_refused_in, row_counts
from tests.fuzz.conftest import forget_rate_limits, fuzz_settings

pytestmark = pytest.mark.django_db

URL = "/aloitteet/uusi/"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
TEXT_FIELDS = ["service", "membership_grounds", "name", "email", "postal_address", "phone", "title", "text"]
CHOICE_FIELDS = ["initiator_kind", "letter_language", "home_municipality", "name_publication_consent"]
SPAM_FIELDS = ["homepage", "form_token"]
CO_FIELDS = [f"co_{part}_{n}" for n in range(1, 6) for part in ("name", "municipality")]
FIELDS = TEXT_FIELDS + CHOICE_FIELDS + SPAM_FIELDS + CO_FIELDS
MODELS = (Initiative, Initiative.history.model, CoInitiator, Attachment, OutboxMessage)


def valid_data(municipality_pk: int) -> dict[str, object]:
    """A complete submission, with the token of a form shown just now (made as the form's view makes it)."""
    return {
        "initiator_kind": "resident",
        "name": "Maija Meikäläinen",
        "home_municipality": str(municipality_pk),
        "email": "maija@example.invalid",
        "postal_address": "",
        "phone": "",
        "letter_language": "fi",
        "title": "Penkki terveysaseman pihaan",
        "text": "Pihassa ei voi levätä.",
        "form_token": InitiativeForm.new_token(),
        "homepage": "",
    }


class RawUpload(io.BytesIO):
    """A file part with exactly the given name, as a hostile client may send it ("..", "/", NUL, RTL marks): a plain
    file object, since Django's own file classes refuse such names before the test client sends them, so the view's
    parser meets the name as the client wrote it (but for the directories, which the test client strips)."""

    content_type = "text/plain"

    def __init__(self, name: str, content: bytes) -> None:
        super().__init__(content)
        self.name = name


# A value a field may get: anything hostile, a file where text belongs, or the field left out.
upload = st.builds(
    RawUpload,
    st.one_of(
        st.text(st.one_of(fuzz.unicode_char, fuzz.special_char), min_size=1, max_size=30),
        st.sampled_from(["..", "/", "a/../../b.pdf", "C:\\x\\y.pdf", "x.pdf\x00.exe", "&lt;b&gt;.pdf", " "]),
    ),
    st.one_of(st.sampled_from([PDF, PNG, JPEG]), st.binary(max_size=64)),
)
override = st.one_of(fuzz.field_value, st.just(fuzz.MISSING), upload)
overrides = st.dictionaries(st.sampled_from(FIELDS), override, max_size=6)
attachments = st.lists(upload, max_size=7)


def last(value: object) -> object:
    """What Django reads from a repeated field: its last value."""
    return value[-1] if isinstance(value, list) else value


def submit(client: Client, data: dict[str, object], files: list, *, urlencoded: bool):
    data = {name: value for name, value in data.items() if value is not fuzz.MISSING}
    if urlencoded:
        pairs = [(name, value) for name, value in fuzz.as_pairs(data) if isinstance(value, str)]
        return client.post(URL, urlencode(pairs), content_type="application/x-www-form-urlencoded")
    return client.post(URL, {**data, "attachments": files} if files else data)


@fuzz_settings(examples=50)
@given(changes=overrides, files=attachments, urlencoded=st.booleans())
def test_any_submission_is_either_stored_whole_or_refused_in_finnish(
    client, municipality, mailoutbox, django_capture_on_commit_callbacks, changes, files, urlencoded
):
    forget_rate_limits()
    data = {**valid_data(municipality.pk), **changes}
    before = row_counts(*MODELS)
    mails = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, data, files, urlencoded=urlencoded)
    after = row_counts(*MODELS)

    if response.status_code == 302:
        initiative = Initiative.objects.order_by("-pk").first()
        stored_files = [] if urlencoded else files
        assert after[Initiative._meta.label] == before[Initiative._meta.label] + 1
        # Django skips a file part whose name is empty once sanitised; every other file was checked and stored.
        added = Attachment.objects.filter(initiative=initiative)
        assert after[Attachment._meta.label] == before[Attachment._meta.label] + added.count()
        assert added.count() <= len(stored_files)
        assert {attachment.content_type for attachment in added} <= {"application/pdf", "image/png", "image/jpeg"}
        assert initiative.title == str(last(data["title"])).strip()
        assert initiative.text == str(last(data["text"])).strip()
        assert initiative.name == str(last(data["name"])).strip()
        assert response["Location"].startswith(f"/aloitteet/seuranta/{initiative.tracking_token}/")
        assert len(mailoutbox) == mails + (1 if initiative.email else 0)
        return
    assert after == before
    assert len(mailoutbox) == mails
    if response.status_code == 413:
        return  # a body larger than every allowed file together, refused before it is read
    assert_refused_in(response, "fi", FINNISH_SUMMARY)


@fuzz_settings(examples=8)
@given(text=fuzz.long_text(20_001, 60_000), field=st.sampled_from(TEXT_FIELDS))
def test_overlong_values_are_refused_with_their_limit(client, municipality, text, field):
    forget_rate_limits()
    before = row_counts(*MODELS)
    # Letters around the drawn text: a value of whitespace alone would be stripped to nothing, and be valid.
    response = client.post(URL, {**valid_data(municipality.pk), field: f"x{text}x"})
    assert row_counts(*MODELS) == before
    assert_refused_in(response, "fi", FINNISH_SUMMARY)


def test_a_valid_submission_stores_exactly_one_initiative(client, municipality):
    response = client.post(URL, valid_data(municipality.pk))
    assert response.status_code == 302
    assert row_counts(Initiative, CoInitiator, Attachment, OutboxMessage) == {
        "initiatives.Initiative": 1,
        "initiatives.CoInitiator": 0,
        "initiatives.Attachment": 0,
        "osallisuus.OutboxMessage": 1,
        "media files": 0,
    }


def test_a_refused_form_speaks_swedish_to_a_swedish_visitor(client, municipality, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    data = {**valid_data(municipality.pk), "title": "", "email": "", "postal_address": "\x00"}
    response = client.post(URL, data)
    assert_refused_in(response, "sv", SWEDISH_SUMMARY)
    html = response.content.decode()
    assert "Detta fält måste fyllas i." in html
    assert Initiative.objects.count() == 0
