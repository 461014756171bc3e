"""The rules of initiatives that must hold on every path, each defined once: the publication policy
(initiatives.publication), "published" (the PUBLISHED condition and its Python twin) and the transition table
(Initiative.TRANSITIONS) that the services enforce and the staff page and the admin read."""

import datetime
import itertools

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.annual import annual_list
from initiatives.models import Initiative
from initiatives.publication import public_view
from initiatives.reports import AnnualListReport
from initiatives.selectors import published_years
from initiatives.services import TransitionError
from initiatives.views.staff import ACTIONS
from tests.initiatives.factories import (
    make_decided,
    make_initiative,
    make_municipality,
    make_noticed,
    make_published,
    send_final_notice,
)
from tests.initiatives.test_public_form import form_data

pytestmark = pytest.mark.django_db

Status = Initiative.Status
Publication = Initiative.Publication
SERVICE_USER = Initiative.InitiatorKind.SERVICE_USER
NAME = "Sirkka Salainen-Asiakas"
TITLE = "Sirkan kotihoidon käynnit Siikaisissa"
REDACTED_TITLE = "Kotihoidon käynnit"
REDACTED_TEXT = "Kotihoidon käyntejä pitäisi lisätä."


def staff_detail(initiative: Initiative) -> str:
    return reverse("initiatives:staff-detail", args=[initiative.reference])


def public_outputs(client, initiative: Initiative) -> dict[str, str]:
    """Every public output an initiative appears on, as the public gets it."""
    listing = annual_list(year=initiative.arrival_year, organ=None)
    return {
        "detail": client.get(f"/aloitteet/{initiative.reference}/").text,
        "list": client.get("/aloitteet/").text,
        "search": client.get("/aloitteet/", {"q": "kotihoidon"}).text,
        "feed": client.get("/aloitteet/syote/").text,
        "open data json": client.get(reverse("initiatives:open-data-json")).text,
        "open data csv": client.get(reverse("initiatives:open-data-csv")).content.decode("utf-8-sig"),
        "yearly list csv": AnnualListReport(listing).csv().decode("utf-8-sig"),
    }


# --- Finding 1: a service user's name published -------------------------------------------------------------------


def test_a_service_users_name_and_municipality_reach_no_public_output(client, hyte_user):
    """Through the public form (consent box ticked anyway) and the staff page, as a person would meet it."""
    siikainen = make_municipality("Siikainen", "747")
    data = form_data(
        client,
        siikainen,
        initiator_kind="service_user",
        service="Kotihoito, Siikainen",
        name=NAME,
        title=TITLE,
        text="Sirkka tarvitsee enemmän kotihoidon käyntejä.",
        name_publication_consent="on",
        co_name_1="Veli Salainen-Asiakas",
        co_municipality_1=siikainen.pk,
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        response = client.post("/aloitteet/uusi/", data)
    assert response.status_code == 302, response.context["form"].errors
    initiative = Initiative.objects.get()
    client.force_login(hyte_user)
    response = client.post(
        staff_detail(initiative),
        {"publish": "", "publish-public_title": REDACTED_TITLE, "publish-public_text": REDACTED_TEXT},
    )
    assert response.status_code == 302
    client.logout()

    outputs = public_outputs(client, initiative)
    for where, content in outputs.items():
        for secret in (NAME, "Sirkka", "Salainen", TITLE):
            assert secret not in content, (where, secret)
        if where not in {"list", "search"}:  # their municipality filter lists every municipality
            assert "Siikai" not in content, where
    by_municipality = client.get("/aloitteet/", {"municipality": siikainen.pk})
    assert list(by_municipality.context["page"]) == []
    for where in ("detail", "list", "search", "feed", "open data json", "open data csv", "yearly list csv"):
        assert REDACTED_TITLE in outputs[where], where
        assert "palvelun käyttäjä" in outputs[where].lower() or "service" in outputs[where].lower(), where
    assert REDACTED_TEXT in outputs["detail"]
    assert "co-initiator" not in outputs["detail"]


def test_the_consent_box_is_not_offered_to_a_service_user(client):
    htmx = {"HX-Request": "true", "HX-Target": "service-field"}
    for_service_user = client.get("/aloitteet/uusi/", {"initiator_kind": "service_user"}, headers=htmx).text
    for_resident = client.get("/aloitteet/uusi/", {"initiator_kind": "resident"}, headers=htmx).text

    assert 'id="consent-field" hx-swap-oob="true"' in for_service_user
    assert 'name="name_publication_consent"' not in for_service_user
    assert 'name="name_publication_consent"' in for_resident


def test_a_resident_without_consent_is_shown_by_kind_and_with_consent_by_name(hyte_user):
    shy = make_published(hyte_user, name="Ujo Asukas")
    open_ = make_published(hyte_user, name="Avoin Asukas", name_publication_consent=True)

    assert public_view(shy).initiator == "Alueen asukas"
    assert public_view(open_).initiator == "Avoin Asukas"
    assert public_view(open_).municipality is not None


def test_the_yearly_list_shows_an_unpublished_service_users_initiative_under_a_neutral_title():
    initiative = make_initiative(initiator_kind=SERVICE_USER, service="Kotihoito", title=TITLE, name=NAME)
    content = AnnualListReport(annual_list(year=initiative.arrival_year, organ=None)).csv().decode("utf-8-sig")

    assert TITLE not in content
    assert NAME not in content
    assert "Palvelun käyttäjän aloite (ei julkaistu)" in content


def test_a_consent_stored_before_the_rule_still_never_names_a_service_user(hyte_user):
    initiative = make_initiative(initiator_kind=SERVICE_USER, service="Kotihoito")
    services.initiative_publish(initiative=initiative, user=hyte_user, public_text=REDACTED_TEXT)
    Initiative.objects.filter(pk=initiative.pk).update(name_publication_consent=True)
    initiative.refresh_from_db()

    assert public_view(initiative).initiator == initiative.get_initiator_kind_display()


# --- One definition of "published" --------------------------------------------------------------------------------


def test_published_in_sql_and_in_python_agree_for_every_state():
    rows = []
    for status, publication in itertools.product(Status.values, Publication.values):
        initiative = make_initiative()
        Initiative.objects.filter(pk=initiative.pk).update(
            status=status,
            publication_state=publication,
            reclassified_as="feedback" if status == Status.RECLASSIFIED else "",
        )
        rows.append(initiative.pk)
    published = set(Initiative.objects.published().values_list("pk", flat=True))

    for initiative in Initiative.objects.filter(pk__in=rows):
        assert initiative.is_published is (initiative.pk in published), (
            initiative.status,
            initiative.publication_state,
        )
    assert len(published) == len(Status.values) - 1  # every status but re-classified, when published
    assert published_years() == [timezone.localdate().year]


# --- One transition table -----------------------------------------------------------------------------------------


def test_the_staff_page_offers_a_form_for_every_step_of_the_table_and_no_other():
    assert set(ACTIONS) == set(Initiative.TRANSITIONS)


@pytest.mark.parametrize("status", Status.values)
def test_the_staff_page_offers_exactly_the_steps_the_table_allows(client, admin_user, status):
    initiative = make_initiative()
    Initiative.objects.filter(pk=initiative.pk).update(
        status=status, reclassified_as="feedback" if status == Status.RECLASSIFIED else ""
    )
    initiative.refresh_from_db()
    client.force_login(admin_user)

    offered = set(client.get(staff_detail(initiative)).context["forms"])

    assert offered == {step for step in Initiative.TRANSITIONS if initiative.allows(step)}


def test_the_services_refuse_every_step_the_table_does_not_allow(admin_user, organ):
    answered = send_final_notice(make_decided(admin_user), admin_user)
    refused = {step for step in Initiative.TRANSITIONS if not answered.allows(step)}
    assert refused == {
        "assign",
        "send_notice",
        "record_notice_posted",  # both notices went by email, delivered
        "record_hearing",
        "record_decision",
        "send_final_notice",
        "record_final_notice_posted",
        "reclassify",
        "unpublish",
    }
    with pytest.raises(TransitionError):
        services.initiative_assign(initiative=answered, user=admin_user, handling_organ=organ, handler=None)
    with pytest.raises(TransitionError):
        services.initiative_send_final_notice(initiative=answered, user=admin_user)
    with pytest.raises(TransitionError):
        services.initiative_unpublish(initiative=answered, user=admin_user, reason="ei julkaistu")
    with pytest.raises(TransitionError):
        services.initiative_record_notice_posted(initiative=answered, user=admin_user, posted_on=timezone.localdate())
    noticed = make_noticed(admin_user)
    with pytest.raises(TransitionError):
        services.initiative_send_final_notice(initiative=noticed, user=admin_user)


# --- Finding 3: the admin edits state freely -----------------------------------------------------------------------


def admin_change_url(initiative: Initiative) -> str:
    return reverse("admin:initiatives_initiative_change", args=[initiative.pk])


def admin_form(client, initiative: Initiative, **changes) -> dict:
    """The admin's change form as the browser would send it back, with `changes`."""
    form = client.get(admin_change_url(initiative)).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else value
    data["name_publication_consent"] = "on" if data.get("name_publication_consent") else ""
    data = {key: value for key, value in data.items() if value != "" or key != "name_publication_consent"}
    for prefix in ("co_initiators", "attachments"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_the_admin_shows_the_state_read_only_and_saves_corrections_through_the_service(client, admin_user):
    initiative = make_noticed(admin_user, title="Vanha otsikko")
    client.force_login(admin_user)
    page = client.get(admin_change_url(initiative))
    form_fields = set(page.context["adminform"].form.fields)
    assert form_fields == set(services.CORRECTABLE_FIELDS)
    for state in ("status", "notice_sent_at", "final_notice_sent_at", "publication_state", "declared_processed_in"):
        assert state not in form_fields

    data = admin_form(client, initiative, title="Korjattu otsikko", status="answered", publication_state="published")
    response = client.post(admin_change_url(initiative), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    initiative.refresh_from_db()
    assert initiative.title == "Korjattu otsikko"
    assert initiative.status == Status.IN_PROGRESS
    assert initiative.publication_state == Publication.UNPUBLISHED
    latest = initiative.history.latest()
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "Muutettu ylläpidossa: Otsikko"


def test_an_admin_correction_that_breaks_a_rule_is_a_form_error_and_nothing_is_stored(client, admin_user):
    initiative = make_initiative(email="tekija@example.invalid", postal_address="")
    client.force_login(admin_user)

    response = client.post(admin_change_url(initiative), admin_form(client, initiative, email=""))

    assert response.status_code == 200
    assert "Anna sähköpostiosoite tai postiosoite" in response.text
    initiative.refresh_from_db()
    assert initiative.email == "tekija@example.invalid"


def test_initiatives_are_neither_added_nor_deleted_in_the_admin(client, admin_user):
    initiative = make_initiative()
    client.force_login(admin_user)

    assert client.get(reverse("admin:initiatives_initiative_add")).status_code == 403
    assert client.get(reverse("admin:initiatives_initiative_delete", args=[initiative.pk])).status_code == 403


def test_the_service_refuses_to_correct_a_state_field(admin_user):
    initiative = make_initiative()
    with pytest.raises(TransitionError):
        services.initiative_correct(
            initiative=initiative, user=admin_user, reason="korjaus", changes={"status": Status.ANSWERED}
        )


# --- Personal data on the staff page and the timeline ----------------------------------------------------------------


def test_hyte_sees_neither_the_grounds_nor_the_hearing_notes_nor_the_message_to_the_sender(
    client, hyte_user, admin_user
):
    initiative = make_noticed(
        admin_user, initiator_kind=Initiative.InitiatorKind.PROPERTY, membership_grounds="Mökki, Salaranta 12"
    )
    services.initiative_record_hearing(
        initiative=initiative, user=admin_user, offered_on=timezone.localdate(), notes="Tekijä kertoi sairaudestaan."
    )
    reclassified = make_initiative()
    services.initiative_reclassify(
        initiative=reclassified, user=admin_user, kind="feedback", message="Hei Aino, viestisi on palautetta."
    )
    client.force_login(hyte_user)

    page = client.get(staff_detail(initiative)).text
    assert "Salaranta" not in page
    assert "sairaudestaan" not in page
    assert "Hei Aino" not in client.get(staff_detail(reclassified)).text
    client.force_login(admin_user)
    assert "Salaranta" in client.get(staff_detail(initiative)).text
    assert "Hei Aino" in client.get(staff_detail(reclassified)).text


def test_the_timeline_never_promises_a_notice_date_already_gone(client, hyte_user):
    initiative = make_initiative(arrived_on=timezone.localdate() - datetime.timedelta(days=60))
    services.initiative_publish(initiative=initiative, user=hyte_user)
    due = initiative.notice_due_on.strftime("%-d.%-m.%Y")

    for page in (client.get(f"/aloitteet/{initiative.reference}/").text, client.get(track_url(initiative)).text):
        assert "Myöhässä: aloitteen tekijälle kerrotaan mahdollisimman pian" in page
        assert f"Viimeistään {due}" not in page
        assert due not in page.split("Myöhässä")[1][:400]


def track_url(initiative: Initiative) -> str:
    return reverse("initiatives:track", args=[initiative.tracking_token])
