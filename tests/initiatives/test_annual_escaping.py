"""The yearly list escapes what initiators wrote: in the staff page (HTML), the PDF and the CSV."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from initiatives import services
from initiatives.annual import annual_list
from initiatives.models import Initiative
from initiatives.reports import AnnualListReport
from tests.initiatives.factories import make_initiative, make_noticed, make_organ

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
POSTAL = {"email": "", "postal_address": "Katu 1"}
HOSTILE_TITLE = '<script>alert(1)</script> & "x"'
HOSTILE_MEASURES = "=cmd|x"
YEAR = 2025


@pytest.fixture
def hostile(handler_user) -> Initiative:
    with time_machine.travel(datetime.datetime(YEAR, 3, 10, 12, tzinfo=HELSINKI), tick=False):
        initiative = make_noticed(handler_user, arrived_on=datetime.date(YEAR, 3, 3), title=HOSTILE_TITLE, **POSTAL)
        return services.initiative_record_decision(
            initiative=initiative,
            user=handler_user,
            outcome=Initiative.Outcome.YES,
            measures=HOSTILE_MEASURES,
            decision_organ=initiative.handling_organ,
            decision_date=datetime.date(YEAR, 3, 10),
            decision_section="§ 3",
        )


@pytest.fixture
def others(handler_user) -> list[Initiative]:
    with time_machine.travel(datetime.datetime(YEAR, 5, 5, 12, tzinfo=HELSINKI), tick=False):
        return [
            make_noticed(
                handler_user, organ=make_organ("Aluevaltuusto"), arrived_on=datetime.date(YEAR, 5, 4), **POSTAL
            ),
            make_initiative(arrived_on=datetime.date(YEAR, 5, 5), **POSTAL),
        ]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_staff_page_escapes_the_title(client, hyte_user, hostile):
    client.force_login(hyte_user)

    response = client.get(reverse("initiatives:annual-list", args=[YEAR]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page
    assert HOSTILE_MEASURES in page


def test_the_pdf_shows_the_title_as_text_and_every_reference(hostile, others):
    listing = annual_list(year=YEAR, organ=None)

    text = pdf_text(AnnualListReport(listing).pdf())

    assert "<script>alert(1)</script>" in text
    assert "&lt;" not in text
    for initiative in (hostile, *others):
        assert initiative.reference in text


def test_the_csv_neutralises_a_formula(hostile):
    content = AnnualListReport(annual_list(year=YEAR, organ=None)).csv()

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    [row] = [row for row in rows if hostile.reference in row]
    assert HOSTILE_TITLE in row
    assert "'=cmd|x" in row
    assert HOSTILE_MEASURES not in row
