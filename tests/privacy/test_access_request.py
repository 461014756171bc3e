"""The access request export (/henkilosto/tietopyynto/): content, no one else's data, permission and the log."""

import datetime
import json

import pytest
import time_machine
from django.utils import timezone

from bodies import services as body_services
from bodies.models import Attendance
from initiatives.services import AttachmentData, CoInitiatorData
from osallisuus.models import OutboxMessage
from osallisuus.roles import Role
from privacy.models import AccessRequestExport
from tests.bodies.factories import fill_term, helsinki, make_body, make_meeting, make_municipalities, make_term
from tests.conftest import make_user
from tests.initiatives.factories import make_initiative

URL = "/henkilosto/tietopyynto/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 3, 2, 12)), tick=False):
        yield


@pytest.fixture
def people(db, registry_user):
    """Maija made two initiatives (one with an attachment and a co-initiator Kalle), Ossi made one; Maija's email
    was corrected once. Kalle is also a member of a body, with Maija's neighbour Veera as his deputy."""
    maija = make_initiative(
        name="Maija Meikäläinen",
        email="maija@example.invalid",
        phone="040 111",
        postal_address="Kotikatu 1, Pori",
        co_initiators=[CoInitiatorData(name="Kalle Kanssatekijä")],
        attachments=[AttachmentData(original_name="kuva.pdf", content_type="application/pdf", content=PDF)],
    )
    second = make_initiative(name="Maija Meikäläinen", email="MAIJA@example.invalid", title="Toinen aloite")
    ossi = make_initiative(name="Ossi Muu", email="ossi@example.invalid", phone="040 999", title="Ossin aloite")
    make_municipalities()
    body = make_body()
    term = make_term(body, datetime.date(2025, 6, 1), datetime.date(2029, 5, 31))
    memberships = fill_term(term)
    kalle = memberships[0]
    body_services.membership_update(
        membership=kalle,
        member_name="Kalle Kanssatekijä",
        deputy_name="Veera Varajäsen",
        member_email="kalle@example.invalid",
        member_phone="040 222",
        deputy_email="veera@example.invalid",
        deputy_phone="040 333",
        role=kalle.role,
        end=None,
        user=None,
    )
    meeting = make_meeting(body, helsinki(2026, 2, 10))
    body_services.meeting_attendance_record(
        meeting=meeting, attendance={kalle.seat: Attendance.Attendee.MEMBER}, user=None
    )
    return {"maija": maija, "second": second, "ossi": ossi, "kalle": kalle}


def _export(client, query: str) -> dict:
    response = client.post(URL, {"query": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tietopyynto-20260302-120000.json"'
    return json.loads(response.content)


def test_export_by_email_holds_the_persons_initiatives_emails_and_history(client, registry_user, people):
    client.force_login(registry_user)
    data = _export(client, "  Maija@Example.invalid ")

    assert data["query"] == "Maija@Example.invalid"
    assert [i["reference"] for i in data["initiatives"]] == [people["maija"].reference, people["second"].reference]
    first = data["initiatives"][0]
    assert (first["name"], first["email"], first["phone"]) == ("Maija Meikäläinen", "maija@example.invalid", "040 111")
    assert first["postal_address"] == "Kotikatu 1, Pori"
    assert first["attachments"][0]["file_name"] == "kuva.pdf"
    assert first["co_initiators"] == 1
    assert first["history"][0]["email"] == "maija@example.invalid"
    assert first["history"][0]["change"] == "Saapui verkkolomakkeella"
    assert {m["kind"] for m in data["emails"]} == {"receipt"}
    assert len(data["emails"]) == 2
    assert "Hei Maija Meikäläinen" in data["emails"][0]["body"]
    assert data["emails"][0]["delivery_error"] == ""
    assert data["record_count"] == 4
    assert data["memberships"] == []
    assert data["staff_accounts"] == []


def test_export_holds_no_other_persons_data(client, registry_user, people):
    client.force_login(registry_user)
    raw = client.post(URL, {"query": "maija@example.invalid"}).content.decode()

    for other in ("Ossi", "ossi@example.invalid", "040 999", "Kalle", "Veera", "kalle@example.invalid"):
        assert other not in raw, other
    # the handling staff are not named either
    assert registry_user.username not in raw


def test_export_by_name_finds_a_co_initiator_and_a_member_but_only_their_part(client, registry_user, people):
    client.force_login(registry_user)
    data = _export(client, "kalle kanssatekijä")

    assert data["initiatives"] == []
    [co] = data["co_initiated"]
    assert (co["initiative"], co["name"]) == (people["maija"].reference, "Kalle Kanssatekijä")
    assert "email" not in co
    assert "Maija" not in json.dumps(co, ensure_ascii=False)
    [membership] = data["memberships"]
    assert membership["as"] == "member"
    assert (membership["member_email"], membership["member_phone"]) == ("kalle@example.invalid", "040 222")
    assert "deputy_email" not in membership
    assert membership["meetings_attended"] == ["2026-02-10"]
    assert membership["history"][-1]["member_name"] == "Kalle Kanssatekijä"
    raw = json.dumps(data, ensure_ascii=False)
    assert "Veera" not in raw
    assert "veera@example.invalid" not in raw


def test_export_finds_the_deputy_with_only_the_deputys_fields(client, registry_user, people):
    client.force_login(registry_user)
    data = _export(client, "veera@example.invalid")
    [membership] = data["memberships"]
    assert membership["as"] == "deputy"
    assert membership["deputy_name"] == "Veera Varajäsen"
    assert "member_email" not in membership
    assert "Kalle" not in json.dumps(data, ensure_ascii=False)
    assert membership["meetings_attended"] == []


def test_export_finds_data_held_only_in_history(client, registry_user, people):
    body_services.membership_update(
        membership=people["kalle"],
        member_name="Kalle Kanssatekijä",
        deputy_name="Veera Varajäsen",
        member_email="kalle.uusi@example.invalid",
        member_phone="040 222",
        deputy_email="veera@example.invalid",
        deputy_phone="040 333",
        role=people["kalle"].role,
        end=None,
        user=None,
    )
    client.force_login(registry_user)
    data = _export(client, "kalle@example.invalid")
    [membership] = data["memberships"]
    assert membership["member_email"] == "kalle.uusi@example.invalid"
    assert "kalle@example.invalid" in [row["member_email"] for row in membership["history"]]


def test_export_includes_a_staff_account(client, registry_user, db):
    make_user("ville", Role.HANDLER, first_name="Ville", last_name="Valmistelija", job_title="Suunnittelija")
    client.force_login(registry_user)
    [account] = _export(client, "Ville Valmistelija")["staff_accounts"]
    assert (account["username"], account["email"], account["roles"]) == ("ville", "ville@example.invalid", ["handler"])
    assert "password" not in account


def test_every_export_is_logged(client, registry_user, people):
    client.force_login(registry_user)
    _export(client, "maija@example.invalid")
    _export(client, "Nobody Here")

    logged = list(AccessRequestExport.objects.order_by("pk").values_list("exported_by", "query", "record_count"))
    assert logged == [(registry_user.pk, "maija@example.invalid", 4), (registry_user.pk, "Nobody Here", 0)]
    page = client.get(URL).content.decode()
    assert "maija@example.invalid" in page
    assert "2.3.2026 12:00" in page


@pytest.mark.parametrize("role", [Role.HANDLER, Role.HYTE, Role.SECRETARY])
def test_other_staff_get_403_and_nothing_is_logged(client, db, role, people):
    client.force_login(make_user(f"user-{role}", role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"query": "maija@example.invalid"}).status_code == 403
    assert not AccessRequestExport.objects.exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.post(URL, {"query": "maija@example.invalid"})
    assert response.status_code == 302
    assert response["Location"].startswith("/henkilosto/kirjaudu/")
    assert not AccessRequestExport.objects.exists()


def test_administrator_may_export(client, admin_user, people):
    client.force_login(admin_user)
    assert _export(client, "ossi@example.invalid")["initiatives"][0]["name"] == "Ossi Muu"


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "Tämä kenttä vaaditaan."), ("ab", "vähintään kolme kirjainta"), ("maija@", "Syötä kelvollinen")],
)
def test_bad_query_shows_the_form_again_with_a_message(client, registry_user, db, query, message):
    client.force_login(registry_user)
    response = client.post(URL, {"query": query})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()
    assert not AccessRequestExport.objects.exists()


def test_form_page_in_finnish(client, registry_user, db):
    client.force_login(registry_user)
    html = client.get(URL).content.decode()
    assert "<h1>Pyyntö saada omat henkilötiedot</h1>" in html
    assert 'name="query"' in html
    assert "Mitään ei ole vielä ladattu." in html


def test_form_page_queries_do_not_grow_with_the_log(client, registry_user, db, django_assert_num_queries):
    client.force_login(registry_user)
    AccessRequestExport.objects.create(exported_by=registry_user, query="a@example.invalid", record_count=1)
    # Three of them save the session (a savepoint, the update and its release): a staff session is saved on every
    # request, so it ends an hour after the last one (SESSION_SAVE_EVERY_REQUEST).
    with django_assert_num_queries(6) as few:
        client.get(URL)
    others = [make_user(f"kirjaaja{n}", Role.REGISTRY) for n in range(5)]
    for n in range(30):
        AccessRequestExport.objects.create(exported_by=others[n % 5], query=f"{n}@example.invalid", record_count=n)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count("@example.invalid</td>") == 20


def test_privacy_notice_needs_no_database_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/tietosuoja/").status_code == 200


@pytest.mark.parametrize(("role", "offered"), [(Role.REGISTRY, True), (Role.HANDLER, False), (Role.HYTE, False)])
def test_staff_navigation_offers_the_page_to_the_registry_only(db, client, role, offered):
    client.force_login(make_user("navigoija", role))
    page = client.get("/henkilosto/").content.decode()
    assert (f'href="{URL}"' in page) is offered


def test_export_holds_the_mail_servers_answer_to_an_undelivered_email(client, registry_user, people):
    """The answer of a server that refused the address is the person's data too (privacy.inventory, "emails")."""
    refusal = "SMTPRecipientsRefused: {'<recipient>': (550, b'5.1.1 Recipient address rejected')}"
    OutboxMessage.objects.about(people["maija"]).update(attempts=1, last_error=refusal)
    client.force_login(registry_user)
    data = _export(client, "maija@example.invalid")
    errors = {m["initiative"]: m["delivery_error"] for m in data["emails"]}
    assert errors == {people["maija"].reference: refusal, people["second"].reference: ""}
