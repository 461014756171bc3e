"""Bodies and query strings in the wrong encoding: latin-1, cp1252 or UTF-16 bytes, invalid UTF-8, under a matching,
wrong, unknown or missing charset, and bodies that do not match their content type. Never a server error; nothing
partial stored; bytes that are not UTF-8 get the portal's 400 page (tests/faults/test_malformed_requests.py)."""

from urllib.parse import quote_from_bytes, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from initiatives.models import Attachment, CoInitiator, Initiative
from osallisuus.models import OutboxMessage
from tests.fuzz import strategies as fuzz
from tests.fuzz.checks import assert_clear_refusal, row_counts
from tests.fuzz.conftest import forget_rate_limits, fuzz_settings
from tests.fuzz.test_initiative_form import MODELS, valid_data

pytestmark = pytest.mark.django_db

URLENCODED = "application/x-www-form-urlencoded"
POST_FORMS = {
    "/aloitteet/uusi/": ["title", "text", "name", "email"],
    "/aloitteet/linkki/": ["email"],
    "/henkilosto/kirjaudu/": ["username", "password"],
    "/kieli/setlang/": ["language", "next"],
    "/saavutettavuus/palaute/": ["message", "page_url", "sender_name", "email"],
}
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "application/x-www-form-urlencoded; charset=",
    "multipart/form-data; boundary=nothing-matches",
    "multipart/form-data",
    "text/plain; charset=utf-8",
    "application/json",
]
text = st.text(st.one_of(st.sampled_from("äöåÄÖÅ€é ß"), fuzz.unicode_char, fuzz.special_char), min_size=1, max_size=30)


def body_bytes(values: dict[str, str], encoding: str, *, raw: bool) -> bytes:
    """The form encoded in `encoding`: percent-encoded as a browser does, or (raw) as bare bytes."""
    parts = []
    for name, value in values.items():
        encoded = fuzz.encode_wrongly(value, encoding)
        parts.append(f"{name}=".encode() + (encoded if raw else quote_from_bytes(encoded).encode()))
    return b"&".join(parts)


@fuzz_settings(examples=40)
@given(
    path=st.sampled_from(sorted(POST_FORMS)),
    values=st.data(),
    encoding=fuzz.wrong_encoding,
    content_type=st.sampled_from(CONTENT_TYPES),
    raw=st.booleans(),
)
def test_wrongly_encoded_posts_are_refused_or_read_without_a_server_error(
    client, municipality, path, values, encoding, content_type, raw
):
    forget_rate_limits()
    fields = {name: values.draw(text, label=name) for name in POST_FORMS[path]}
    base = valid_data(municipality.pk) if path == "/aloitteet/uusi/" else {}
    body = urlencode({**base, **dict.fromkeys(fields, "")}).encode() + b"&" + body_bytes(fields, encoding, raw=raw)
    before = row_counts(*MODELS)
    response = client.generic("POST", path, body, content_type=content_type)
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 400:
        assert_clear_refusal(response)
    if path == "/aloitteet/uusi/" and response.status_code != 302:
        assert row_counts(*MODELS) == before


@fuzz_settings(examples=20)
@given(
    path=st.sampled_from(["/aloitteet/", "/ohjelma/", "/aloitteet/uusi/", "/aloitteet/syote/", "/toimielimet/"]),
    value=text,
    encoding=fuzz.wrong_encoding,
    name=st.sampled_from(["q", "status", "page", "sort", "step", "unit", "initiator_kind", "service"]),
)
def test_wrongly_encoded_query_strings_are_read_or_refused_without_a_server_error(
    client, world, path, value, encoding, name
):
    encoded = fuzz.encode_wrongly(value, encoding)
    response = client.get(f"{path}?{name}={quote_from_bytes(encoded)}")
    try:
        encoded.decode("utf-8")
    except UnicodeDecodeError:  # bytes that are not UTF-8 get the 400 page (issue 19)
        assert_clear_refusal(response)
    else:
        assert response.status_code == 200, response.status_code


def test_a_latin1_form_is_refused_with_a_finnish_page_and_nothing_stored(client, municipality):
    """Django reads urlencoded forms only as UTF-8 (every browser sends them so): a latin-1 body, even declared as
    latin-1, gets the portal's own 400 page in the visitor's language."""
    data = {**valid_data(municipality.pk), "title": "Pöytä ja tuoli Säkylään"}
    body = urlencode(data, encoding="latin-1").encode("ascii")
    before = row_counts(*MODELS)
    response = client.generic("POST", "/aloitteet/uusi/", body, content_type=f"{URLENCODED}; charset=latin-1")
    assert row_counts(*MODELS) == before
    assert_clear_refusal(response)


def test_latin1_bytes_declared_as_utf8_are_refused_and_nothing_stored(client, municipality):
    """A misconfigured client: its ö cannot be read as UTF-8, so the form is refused rather than stored with U+FFFD
    in place of its letters (issue 19)."""
    data = {**valid_data(municipality.pk), "title": "Pöytä"}
    body = urlencode(data, encoding="latin-1").encode("ascii")
    response = client.generic("POST", "/aloitteet/uusi/", body, content_type=f"{URLENCODED}; charset=utf-8")
    assert_clear_refusal(response)
    assert not Initiative.objects.exists()


def test_a_multipart_body_that_does_not_parse_is_refused_in_finnish(client, municipality):
    before = row_counts(Initiative, CoInitiator, Attachment, OutboxMessage)
    body = b'--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nPenkki\xff\xfe'
    response = client.generic("POST", "/aloitteet/uusi/", body, content_type="multipart/form-data; boundary=x")
    assert row_counts(Initiative, CoInitiator, Attachment, OutboxMessage) == before
    assert_clear_refusal(response)


def test_an_unreadable_request_is_explained_in_swedish_to_a_swedish_visitor(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    body = "email=g\xf6ran@example.invalid".encode("latin-1")
    response = client.generic("POST", "/aloitteet/linkki/", body, content_type=f"{URLENCODED}; charset=latin-1")
    assert_clear_refusal(response, "sv")
