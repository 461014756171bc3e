"""Open data (CSV and JSON): the published initiatives' public fields only, safe in a spreadsheet, constant queries."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative
from initiatives.open_data import FIELDS
from tests.initiatives.factories import make_decided, make_initiative, make_published

pytestmark = pytest.mark.django_db

UNIQUE_EMAIL = "opendata-5521@example.invalid"
UNIQUE_PHONE = "+358 40 5521 5521"
UNIQUE_ADDRESS = "Avoinkatu 5521"
SECRET_NAME = "Salainen Nimi 5521"
ORIGINAL_TEXT = "Alkuperäinen teksti, jossa on henkilötietoja 5521."
REDACTED_TEXT = "Poistettu henkilötiedot."


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 10, tzinfo=datetime.UTC), tick=False):
        yield


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_only_published_public_fields(client, hyte_user):
    published = make_published(
        hyte_user,
        name=SECRET_NAME,
        email=UNIQUE_EMAIL,
        phone=UNIQUE_PHONE,
        postal_address=UNIQUE_ADDRESS,
        text=ORIGINAL_TEXT,
        co_initiators=[services.CoInitiatorData(name="Toinen Allekirjoittaja 5521")],
    )
    services.initiative_publish(initiative=published, user=hyte_user, public_text=REDACTED_TEXT)
    unpublished = make_initiative(title="Julkaisematon 5521", email="", postal_address="Katu 1")
    reclassified = make_published(hyte_user, title="Uudelleenluokiteltu 5521", email="", postal_address="Katu 1")
    Initiative.objects.filter(pk=reclassified.pk).update(
        status=Initiative.Status.RECLASSIFIED, reclassified_as=Initiative.Reclassification.FEEDBACK
    )

    for name in ("initiatives:open-data-csv", "initiatives:open-data-json"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        content = response.content.decode("utf-8-sig")
        assert published.reference in content
        for hidden in (unpublished.reference, "Julkaisematon", reclassified.reference, "Uudelleenluokiteltu"):
            assert hidden not in content
        for secret in (
            UNIQUE_EMAIL,
            UNIQUE_PHONE,
            UNIQUE_ADDRESS,
            SECRET_NAME,
            ORIGINAL_TEXT,
            published.tracking_token,
        ):
            assert secret not in content
        assert "Toinen Allekirjoittaja" not in content
        assert REDACTED_TEXT in content
        assert "Resident of the region" not in content  # labels in Finnish


def test_csv_is_excel_friendly_and_formula_safe(client, hyte_user):
    initiative = make_published(hyte_user, title="=HYPERLINK(1)", email="", postal_address="Katu 1")

    response = client.get("/aloitteet/avoin-data.csv")

    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    header, row = csv_rows(response)
    assert header[0] == "reference"
    assert header[-1] == "url"
    assert row[header.index("reference")] == initiative.reference
    assert row[header.index("title")] == "'=HYPERLINK(1)"
    assert row[header.index("arrived_on")] == "2026-03-10"
    assert row[header.index("url")].endswith(f"/aloitteet/{initiative.reference}/")


def test_json_has_licence_and_decision(client, hyte_user):
    decided = make_decided(hyte_user, email="", postal_address="Katu 1")
    services.initiative_publish(initiative=decided, user=hyte_user)

    response = client.get("/aloitteet/avoin-data.json")

    document = json.loads(response.content)
    assert document["licence"] == "CC BY 4.0"
    assert document["source"]
    assert document["generated"].startswith("2026-03-10T")
    [item] = document["initiatives"]
    assert item["reference"] == decided.reference
    assert item["status"] == "decided"
    assert item["status_label"] == "Päätetty"
    assert item["outcome"] == "yes"
    assert item["outcome_label"] == "Johti toimenpiteisiin"
    assert item["decision_date"] == "2026-03-10"
    assert item["decision_section"] == "§ 12"
    assert item["handling_organ"] == decided.handling_organ.name
    assert item["initiator"] == "Alueen asukas"
    assert set(item) == set(FIELDS)


def test_post_is_refused(client):
    assert client.post("/aloitteet/avoin-data.json").status_code == 405


@pytest.mark.parametrize("name", ["initiatives:open-data-csv", "initiatives:open-data-json"])
def test_query_count_is_constant(client, hyte_user, django_assert_max_num_queries, name):
    for _ in range(2):
        make_decided(hyte_user, email="", postal_address="Katu 1")
    for initiative in Initiative.objects.all():
        services.initiative_publish(initiative=initiative, user=hyte_user)
    # The data, and the newest history row for its ETag (osallisuus.conditional).
    with django_assert_max_num_queries(3):
        few = client.get(reverse(name))
    for _ in range(4):
        make_decided(hyte_user, email="", postal_address="Katu 1")
    for initiative in Initiative.objects.all():
        services.initiative_publish(initiative=initiative, user=hyte_user)
    with django_assert_max_num_queries(3):
        many = client.get(reverse(name))
    assert len(many.content) > len(few.content)
