"""Every free-text field (initiative title, text, name, address, measures, decision, the organ's and municipality's
names; the body's name and purpose, meeting place, agenda item, minutes, statement; the programme, way of working,
unit, action and progress note) holds a hostile payload, and every output shows it as text: full HTML pages and htmx
fragments, emails, the yearly list and letter PDFs, the programme report PDF, the Atom feed, the iCalendar files, the
CSV files (yearly list, open data, the admin's export of actions) and the open data JSON.

tests/initiatives/test_annual_escaping.py already checks the yearly list's title in its page, PDF and CSV; this
module covers every other field and output."""

import csv
import email
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

import icalendar
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from pypdf import PdfReader

from osallisuus.models import OutboxMessage
from tests.fuzz.conftest import World, build_world

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
PAYLOAD = (
    'HYPERLINK("http://evil.example")'
    + MARKUP
    + "]]>\r\nATTENDEE:mailto:evil@example.invalid\r\nBcc: victim@example.invalid\x0b\x07\u202eRTL"
)
RAW_TAGS = ("<script>alert(1)", "<img src=x")
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def hostile(db, django_capture_on_commit_callbacks) -> World:
    with django_capture_on_commit_callbacks(execute=True):  # the emails leave after their transaction commits
        return build_world(PAYLOAD, hostile=True)


@pytest.fixture
def staff(client, hostile):
    client.force_login(hostile.hyte)
    return client


def public_pages(world: World) -> list[str]:
    body, meeting, statement, initiative = world.body, world.meeting, world.statement, world.initiative
    return [
        "/aloitteet/",
        f"/aloitteet/{initiative.reference}/",
        f"/aloitteet/seuranta/{initiative.tracking_token}/",
        "/toimielimet/",
        f"/toimielimet/{body.slug}/",
        f"/toimielimet/{body.slug}/kokoukset/{meeting.pk}/",
        f"/toimielimet/{body.slug}/lausunnot/{statement.pk}/",
        "/ohjelma/",
        "/",
    ]


def assert_escaped(html: str, where: str) -> None:
    for tag in RAW_TAGS:
        assert tag not in html, f"{where}: raw {tag}"


def test_public_pages_show_the_payload_as_text(client, hostile):
    for url in public_pages(hostile):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert_escaped(html, url)
        if url != "/":
            assert ESCAPED_SCRIPT in html, url


@pytest.mark.parametrize(
    ("url", "query", "shows_payload"),
    [
        ("/aloitteet/", {}, True),
        # The search may or may not find the payload (SQLite and PostgreSQL search differently): never raw.
        ("/aloitteet/", {"q": PAYLOAD, "sort": PAYLOAD, "page": PAYLOAD}, False),
        ("/ohjelma/", {"step": "3"}, True),
        ("/ohjelma/", {"state": PAYLOAD, "unit": PAYLOAD}, True),
        ("/aloitteet/uusi/", {"initiator_kind": "service_user", "service": PAYLOAD}, True),
    ],
)
def test_htmx_fragments_show_stored_and_reflected_payloads_as_text(client, hostile, url, query, shows_payload):
    headers = {"HX-Request": "true", "HX-Target": "service-field"}
    response = client.get(url, query, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment, not the page
    assert_escaped(html, url)
    assert (ESCAPED_SCRIPT in html) or not shows_payload


def test_the_term_fragment_of_a_body_shows_the_payload_as_text(client, hostile):
    term = hostile.body.terms.get()
    response = client.get(f"/toimielimet/{hostile.body.slug}/toimikausi/{term.pk}/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert_escaped(response.content.decode(), "term fragment")


def test_reflected_parameters_are_escaped_on_full_pages(client, hostile):
    """What a visitor sends comes back only escaped: the search box, the login page's `next`, the language
    switcher's own address."""
    pages = [
        client.get("/aloitteet/", {"q": PAYLOAD}),
        client.get("/henkilosto/kirjaudu/", {"next": PAYLOAD}),
        client.get(f"/aloitteet/?x={quote(MARKUP)}"),
        client.post("/aloitteet/linkki/", {"email": PAYLOAD}),
    ]
    for response in pages:
        assert response.status_code in (200, 400)
        assert_escaped(response.content.decode(), response.request["PATH_INFO"])


def test_staff_pages_show_the_payload_as_text(staff, hostile):
    initiative = hostile.initiative
    for url in [
        "/henkilosto/",
        f"/henkilosto/aloitteet/{initiative.reference}/",
        "/henkilosto/viestit/",
        "/henkilosto/vuosilista/2026/",
        f"/henkilosto/toimielimet/{hostile.body.slug}/",
        f"/henkilosto/toimielimet/{hostile.body.slug}/kokoukset/{hostile.meeting.pk}/",
        "/henkilosto/ohjelma/",
        "/admin/ladder/action/",
        f"/admin/ladder/action/{hostile.action.pk}/change/",
    ]:
        response = staff.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), url)


def test_emails_are_plain_text_without_injected_headers(client, hostile, django_capture_on_commit_callbacks):
    """The receipt, notice and final notice were sent while building the world, the links are asked for here:
    each is text/plain only, with the payload as literal text and no header but the ones the portal sets."""
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/aloitteet/linkki/", {"email": "maija@example.invalid"}).status_code == 302
    sent = mail.outbox
    assert len(sent) == OutboxMessage.objects.count() == 4
    for message in sent:
        assert "\n" not in message.subject
        assert "\r" not in message.subject
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
        assert MARKUP in message.body  # plain text: shown literally, never as markup, never entity-escaped
        assert "&lt;" not in message.body
        parsed = email.message_from_bytes(message.message().as_bytes())
        assert parsed.get_all("Bcc") is None
        assert parsed.get_all("ATTENDEE") is None
        assert parsed["To"] == "maija@example.invalid"
        assert not parsed.is_multipart()


def pdf_text(content: bytes) -> str:
    """The PDF's text without whitespace (a long value wraps inside its table cell) and without the NULs pypdf
    leaves between the characters of a two-byte font (used for the right-to-left mark)."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"[\s\x00]+", "", text)


@pytest.mark.parametrize(
    "url",
    [
        "/henkilosto/aloitteet/{reference}/ilmoitus.pdf",
        "/henkilosto/aloitteet/{reference}/vastaus.pdf",
        "/henkilosto/ohjelma/raportti/?year=2026",
    ],
)
def test_letter_and_report_pdfs_show_the_payload_as_literal_text(staff, hostile, url):
    response = staff.get(url.format(reference=hostile.initiative.reference))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_text(content)
    assert "<script>alert(1)</script>" in text
    assert "&lt;" not in text
    assert "&quot;" not in text


def test_the_yearly_list_pdf_shows_measures_names_and_organs_as_literal_text(hostile):
    from initiatives.annual import annual_list
    from initiatives.reports import AnnualListReport

    text = pdf_text(AnnualListReport(annual_list(year=2026, organ=None)).pdf())
    # The title is checked in test_annual_escaping.py; here the organ's name and the measures, both hostile.
    assert text.count("<script>alert(1)</script>") >= 2
    assert "&lt;" not in text


def test_the_atom_feed_is_well_formed_with_the_payload_as_text(client, hostile):
    response = client.get("/aloitteet/syote/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed) well-formed XML, or this raises
    [entry] = root.findall(f"{ATOM}entry")
    title = entry.find(f"{ATOM}title").text
    assert MARKUP in title
    assert "\x0b" not in title  # control characters cannot be carried by XML 1.0: they are dropped
    assert title.startswith(hostile.initiative.reference)
    # The summary is HTML carried as text: after XML parsing it is escaped markup, never a script element.
    summary = entry.find(f"{ATOM}summary").text
    assert ESCAPED_SCRIPT in summary
    assert "<script" not in summary
    assert all(element.tag.startswith(ATOM) for element in root.iter())
    assert MARKUP in entry.find(f"{ATOM}author/{ATOM}name").text


def ics_checks(content: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(content)
    lines = content.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)  # folded at 75 octets (RFC 5545 3.1)
    # No control character inside a line (RFC 5545 3.3.11 TEXT), so no stray line break either.
    assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", b"".join(lines))
    assert not any(line.startswith((b"ATTENDEE", b"BCC")) for line in lines)
    for event in calendar.walk("VEVENT"):
        assert "ATTENDEE" not in event
    return calendar


def test_calendars_parse_with_no_injected_property(client, hostile):
    body, meeting = hostile.body, hostile.meeting
    for url in [
        "/toimielimet/kalenteri.ics",
        f"/toimielimet/{body.slug}/kalenteri.ics",
        f"/toimielimet/{body.slug}/kokoukset/{meeting.pk}/kokous.ics",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        calendar = ics_checks(response.content)
        events = calendar.walk("VEVENT")
        assert events, url
        places = {str(event.get("location")) for event in events}
        # The place comes back as written, its line break as a line break, its control characters dropped.
        assert meeting.place.replace("\r\n", "\n").replace("\x0b", "").replace("\x07", "") in places, url


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def assert_no_formula(rows: list[list[str]], where: str) -> None:
    cells = [cell for row in rows for cell in row]
    assert any(MARKUP in cell for cell in cells), where
    for cell in cells:
        assert not cell.startswith(FORMULA_START), f"{where}: {cell[:40]!r}"


def test_csv_outputs_neutralise_every_formula(client, staff, hostile):
    outputs = {
        "open data": client.get("/aloitteet/avoin-data.csv"),
        "yearly list": staff.get("/henkilosto/vuosilista/2026/csv/"),
        "admin export": staff.post(
            "/admin/ladder/action/", {"action": "export_csv", ACTION_CHECKBOX_NAME: [hostile.action.pk]}
        ),
    }
    for where, response in outputs.items():
        assert response.status_code == 200, where
        assert response["Content-Type"].startswith("text/csv"), where
        rows = csv_rows(response.content)
        assert_no_formula(rows, where)
        # Each hostile value is still there, behind its apostrophe.
        assert any(cell.startswith("'=") or cell.startswith("'+") for row in rows for cell in row), where


def test_open_data_json_parses_and_round_trips_the_payload(client, hostile):
    response = client.get("/aloitteet/avoin-data.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    [row] = document["initiatives"]
    initiative = hostile.initiative
    assert row["title"] == initiative.title
    assert row["text"] == initiative.text
    assert row["measures"] == initiative.measures
    assert row["initiator"] == initiative.name
    assert json.loads(json.dumps(document)) == document
