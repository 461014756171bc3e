"""Properties of the machine-readable outputs: whatever text an initiator or a secretary wrote, the Atom feed is
well-formed XML carrying that text, the iCalendar files parse with the text in place and nothing injected, the open
data JSON round-trips it exactly and the CSV keeps it as a cell that is never a formula. Rows are changed with
queryset updates (no form in between), so the outputs meet every character a form could ever let through."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bodies.models import Meeting
from initiatives.models import Initiative
from osallisuus.text import without_control_characters
from tests.fuzz import strategies as fuzz
from tests.fuzz.conftest import fuzz_settings

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# Text as the database can hold it (PostgreSQL refuses NUL in text, and the forms refuse it too).
stored_text = st.one_of(fuzz.arbitrary_text, fuzz.long_text(10_001, 12_000)).map(lambda text: text.replace("\x00", ""))


@fuzz_settings(examples=20)
@given(title=stored_text.map(lambda text: text[:200]), body=stored_text, name=stored_text.map(lambda t: t[:200]))
def test_the_feed_is_well_formed_xml_for_any_text(client, world, title, body, name):
    Initiative.objects.filter(pk=world.initiative.pk).update(title=title, text=body, name=name)
    response = client.get("/aloitteet/syote/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    [entry] = root.findall(f"{ATOM}entry")
    shown = entry.find(f"{ATOM}title").text or ""
    # XML normalises a carriage return to a line feed; control characters XML cannot carry are dropped.
    expected = without_control_characters(f"{world.initiative.reference} {title}").replace("\r\n", "\n")
    assert shown == expected.replace("\r", "\n")
    assert (entry.find(f"{ATOM}author/{ATOM}name").text or "") == without_control_characters(name).replace(
        "\r\n", "\n"
    ).replace("\r", "\n")


@fuzz_settings(examples=20)
@given(place=stored_text.map(lambda text: text[:300] or "Pori"))  # a meeting has a place or a remote link
def test_calendars_parse_for_any_place(client, world, place):
    Meeting.objects.filter(pk=world.meeting.pk).update(place=place)
    body = world.body
    response = client.get(f"/toimielimet/{body.slug}/kokoukset/{world.meeting.pk}/kokous.ics")
    assert response.status_code == 200
    lines = response.content.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", b"".join(lines))
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert "ATTENDEE" not in event
    if without_control_characters(place):
        expected = without_control_characters(place).replace("\r\n", "\n").replace("\r", "\n")
        assert str(event.get("location")) == expected


@fuzz_settings(examples=20)
@given(title=stored_text.map(lambda text: text[:200]), measures=stored_text)
def test_open_data_round_trips_any_text_and_never_starts_a_formula(client, world, title, measures):
    Initiative.objects.filter(pk=world.initiative.pk).update(title=title, measures=measures)
    [row] = json.loads(client.get("/aloitteet/avoin-data.json").content)["initiatives"]
    assert row["title"] == title
    assert row["measures"] == measures
    content = client.get("/aloitteet/avoin-data.csv").content.decode("utf-8-sig")
    header, values = list(csv.reader(io.StringIO(content, newline=""), delimiter=";"))
    cells = dict(zip(header, values, strict=True))
    for field, text in (("title", title), ("measures", measures)):
        assert cells[field] in (text, "'" + text)
        assert not cells[field].startswith(("=", "+", "-", "@", "\t", "\r"))
