"""Issue 13: the bodies' rules hold on every path (services, staff pages, public outputs, the admin).

One person has one seat per term; a meeting falls within a term of its body; agenda items are drafts until the
secretary publishes the agenda; the 32 § representation claim is computed; the admin goes through the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from icalendar import Calendar

from bodies import services
from bodies.models import AgendaItem, Meeting, Membership, Term
from osallisuus.models import Municipality
from tests.bodies.factories import appoint, fill_term, helsinki, make_body, make_meeting, make_term, meeting_admin_data

pytestmark = pytest.mark.django_db

ONE_SEAT = "A person has one seat per term, as a member or as a personal deputy."


def current_term(body) -> Term:
    return body.terms.get(start=datetime.date(2025, 6, 1))


def open_seat(term: Term, label: str = "Avoin haku 1"):
    return services.seat_create(term=term, label=label, user=None)


# --- 1. One person, one seat per term ---------------------------------------------------------------------------


def test_the_same_person_cannot_hold_a_second_seat_of_the_term(body):
    term = current_term(body)
    seat = open_seat(term)
    # The same name typed with other case and spaces is the same person.
    with pytest.raises(ValidationError) as refused:
        appoint(seat, "  jäsen0   ESIMERKKI ")
    assert refused.value.message_dict["member_name"] == [
        f"Jäsen0 Esimerkki already has the seat Eura in this term. {ONE_SEAT}"
    ]
    # A deputy of one seat cannot be the member or the deputy of another.
    with pytest.raises(ValidationError) as refused:
        appoint(seat, "Uusi Ihminen", deputy_name="varajäsen1 esimerkki")
    assert (
        "Varajäsen1 Esimerkki already has the seat Pori in this term." in refused.value.message_dict["deputy_name"][0]
    )
    assert not seat.memberships.exists()
    # Someone else may have the seat, and the same person may sit in another term.
    appoint(seat, "Uusi Ihminen")
    later = make_term(body, datetime.date(2029, 6, 1), datetime.date(2033, 5, 31))
    appoint(later.seats.first(), "Jäsen0 Esimerkki", start=later.start)


def test_a_member_is_not_their_own_deputy_and_may_come_back_to_the_same_seat(body):
    seat = open_seat(current_term(body))
    with pytest.raises(ValidationError, match="cannot be their own personal deputy"):
        appoint(seat, "Aino Malli", deputy_name="aino  malli")
    first = appoint(seat, "Aino Malli", end=datetime.date(2026, 1, 31))
    # The same seat may pass between the member and the deputy.
    appoint(seat, "Eino Malli", deputy_name="Aino Malli", start=datetime.date(2026, 2, 1))
    assert first.member_name == "Aino Malli"


def test_names_are_stored_tidied_and_the_database_refuses_a_member_as_their_own_deputy(body):
    seat = open_seat(current_term(body))
    membership = appoint(seat, "  Aino   Malli ")
    assert Membership.objects.get(pk=membership.pk).member_name == "Aino Malli"
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(seat=seat, member_name="Aino Malli", deputy_name="AINO MALLI", start=seat.term.start)


def test_the_staff_form_shows_the_second_seat_as_an_error(client, body, keeper):
    client.force_login(keeper)
    seat = open_seat(current_term(body))
    response = client.post(
        reverse("bodies:staff-membership-create", args=[body.slug, seat.pk]),
        {"member_name": "Jäsen2 Esimerkki", "role": "member", "start": "2026-11-02"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["member_name"] == [
        f"Jäsen2 Esimerkki already has the seat Rauma in this term. {ONE_SEAT}"
    ]
    assert not seat.memberships.exists()


# --- 2. A meeting falls within a term of its body ---------------------------------------------------------------


def youth_council():
    body = make_body("satanuva", kind="youth_council")
    make_term(body, datetime.date(2025, 1, 1), datetime.date(2026, 12, 31), municipal_seats=False)
    return body


def test_a_meeting_outside_every_term_is_refused(frozen):
    body = youth_council()
    with pytest.raises(ValidationError) as refused:
        make_meeting(body, helsinki(2027, 3, 16))
    assert refused.value.message_dict["starts_at"] == [
        "The body has no term on 16.3.2027. A meeting is planned within a term of the body: choose another day "
        "or add the term first."
    ]
    meeting = make_meeting(body, helsinki(2026, 12, 31, 18))  # the last day of the term, in Helsinki
    with pytest.raises(ValidationError, match=r"no term on 1\.1\.2027"):
        services.meeting_update(
            meeting=meeting, starts_at=helsinki(2027, 1, 1), ends_at=None, place="Pori", remote_url="", user=None
        )
    assert Meeting.objects.get().starts_at == helsinki(2026, 12, 31, 18)
    make_term(body, datetime.date(2027, 1, 1), datetime.date(2028, 12, 31), municipal_seats=False)
    make_meeting(body, helsinki(2027, 3, 16))


def test_the_staff_meeting_form_shows_the_error_on_the_time(client, keeper, frozen):
    body = youth_council()
    body.secretaries.add(keeper)
    client.force_login(keeper)
    response = client.post(
        reverse("bodies:staff-meeting-create", args=[body.slug]),
        {"starts_at": "2027-03-16T17:00", "place": "Rauma", "remote_url": ""},
    )
    assert response.status_code == 200
    assert "The body has no term on 16.3.2027." in response.context["form"].errors["starts_at"][0]
    assert not Meeting.objects.exists()


def test_a_term_cannot_shrink_away_from_its_meetings(frozen):
    body = youth_council()
    make_meeting(body, helsinki(2026, 12, 8))
    term = body.terms.get()
    term.end = datetime.date(2026, 11, 30)
    with pytest.raises(ValidationError, match="would fall outside every term"):
        services.body_item_save(instance=term, user=None, reason="Korjaus")
    assert body.terms.get().end == datetime.date(2026, 12, 31)


# --- 3. Agenda items are drafts until the agenda is published ------------------------------------------------------


def public_meeting(client, body, meeting) -> str:
    client.logout()
    return client.get(reverse("bodies:meeting", args=[body.slug, meeting.pk])).content.decode()


def calendar_text(client, body, meeting) -> str:
    texts = []
    for url in (
        reverse("bodies:calendar"),
        reverse("bodies:body-calendar", args=[body.slug]),
        reverse("bodies:meeting-ics", args=[body.slug, meeting.pk]),
    ):
        calendar = Calendar.from_ical(client.get(url).content)
        texts.append(" ".join(str(event.get("DESCRIPTION", "")) for event in calendar.walk("VEVENT")))
    return " ".join(texts)


def test_agenda_items_are_drafts_until_the_secretary_publishes_the_agenda(client, body, keeper):
    meeting = body.upcoming  # "Talousarvio" was added by the service: a draft
    staff_url = reverse("bodies:staff-meeting", args=[body.slug, meeting.pk])
    assert "Talousarvio" not in public_meeting(client, body, meeting)
    assert "The agenda has not been published yet." in public_meeting(client, body, meeting)
    assert "Talousarvio" not in calendar_text(client, body, meeting)

    client.force_login(keeper)
    html = client.get(staff_url).content.decode()
    assert 'Talousarvio</span> <span class="badge badge--warn">Draft</span>' in html
    assert 'value="publish"' in html
    response = client.post(
        reverse("bodies:staff-agenda", args=[body.slug, meeting.pk]),
        {"action": "publish"},
        headers={"HX-Request": "true"},
    )
    assert "The agenda is published: 1 new item is public." in response.content.decode()
    item = AgendaItem.objects.get(title="Talousarvio")
    record = item.history.latest()
    assert (record.history_user, record.history_change_reason) == (keeper, "Agenda published")
    assert "Talousarvio" in public_meeting(client, body, meeting)
    assert "1. Talousarvio" in calendar_text(client, body, meeting)

    # Added after publishing: a draft until published again; a published item changed is a draft again.
    services.agenda_item_add(meeting=meeting, title="Myöhemmin lisätty", user=keeper)
    services.agenda_item_update(item=item, title="Talousarvio 2027", description="", user=keeper)
    html = public_meeting(client, body, meeting)
    assert "Myöhemmin lisätty" not in html
    assert "Talousarvio" not in html
    assert "Myöhemmin" not in calendar_text(client, body, meeting)
    published = services.meeting_publish_agenda(meeting=meeting, user=keeper)
    assert [i.title for i in published] == ["Talousarvio 2027", "Myöhemmin lisätty"]
    assert "Myöhemmin lisätty" in public_meeting(client, body, meeting)
    with pytest.raises(ValidationError, match="already published"):
        services.meeting_publish_agenda(meeting=meeting, user=keeper)


def test_publishing_the_minutes_publishes_the_agenda_with_them(body):
    # The fixture's published meeting had its item added as a draft, then its minutes published.
    item = body.published.agenda_items.get()
    assert item.is_public
    assert item.history.latest().history_change_reason == "Agenda published with the minutes"
    assert AgendaItem.objects.public().filter(pk=item.pk).exists()
    assert not AgendaItem.objects.public().filter(meeting=body.upcoming).exists()


# --- 4. The 32 § representation is computed ------------------------------------------------------------------------


def test_the_index_names_the_municipalities_a_body_lacks(client, body, django_assert_num_queries):
    html = client.get(reverse("bodies:index")).content.decode()
    assert "Every municipality has a representative in every body now." in html
    assert "has no representative now" not in html

    disability = make_body("vammaisneuvosto", kind="disability", name="Vammaisneuvosto")
    memberships = fill_term(make_term(disability))
    rauma = memberships[2]
    services.membership_update(
        membership=rauma,
        member_name=rauma.member_name,
        deputy_name=rauma.deputy_name,
        member_email="",
        member_phone="",
        deputy_email="",
        deputy_phone="",
        role=rauma.role,
        end=datetime.date(2026, 1, 31),
        user=None,
    )
    html = client.get(reverse("bodies:index")).content.decode()
    assert "Each municipality has at least one representative" not in html
    assert "Every municipality has a representative in every body now." not in html
    assert "Vammaisneuvosto has no representative now from: Rauma" in html
    assert "Testin vanhusneuvosto has no representative now" not in html

    with django_assert_num_queries(4):
        client.get(reverse("bodies:index"))
    # More bodies, municipalities and gaps: the same queries.
    siikainen = Municipality.objects.create(name="Siikainen", code="747")
    make_body("nuva", kind="youth_council", name="Nuorisovaltuusto")  # statutory, no current term
    make_body("muu", kind="other", name="Muu elin")
    with django_assert_num_queries(4):
        html = client.get(reverse("bodies:index")).content.decode()
    assert "Vammaisneuvosto has no representative now from: Eura, Pori, Rauma, Siikainen, Ulvila" not in html
    assert "Vammaisneuvosto has no representative now from: Rauma, Siikainen" in html
    assert "Testin vanhusneuvosto has no representative now from: Siikainen" in html
    assert "Nuorisovaltuusto has no representative now from: Eura, Pori, Rauma, Siikainen, Ulvila" in html
    assert "Muu elin has no representative" not in html
    assert siikainen.pk


# --- 5. The admin goes through the services ------------------------------------------------------------------------


def test_an_admin_change_is_saved_through_the_service_with_the_user_and_a_reason(client, body, admin_user):
    client.force_login(admin_user)
    meeting = body.upcoming
    url = reverse("admin:bodies_meeting_change", args=[meeting.pk])
    data = meeting_admin_data(meeting, starts_at_1="18:00", state="held", minutes_published_on="2026-11-01")
    data |= {"agenda_items-TOTAL_FORMS": "2", "agenda_items-1-meeting": str(meeting.pk), "agenda_items-1-title": "Uusi"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.starts_at == helsinki(2026, 12, 8, 18)
    assert meeting.sequence == 1  # the calendar revision rose, as on the staff page
    assert (meeting.state, meeting.minutes_published_on) == (Meeting.State.PLANNED, None)  # read-only here
    record = meeting.history.latest()
    assert record.history_user == admin_user
    assert record.history_change_reason == "Changed in the administration: Starts at"
    added = meeting.agenda_items.get(title="Uusi")
    assert (added.position, added.is_public) == (2, False)
    assert added.history.latest().history_user == admin_user


def test_an_admin_change_that_breaks_a_rule_is_a_form_error(client, body, admin_user):
    client.force_login(admin_user)
    meeting = body.upcoming
    response = client.post(
        reverse("admin:bodies_meeting_change", args=[meeting.pk]), meeting_admin_data(meeting, starts_at_0="2030-01-08")
    )
    assert response.status_code == 200
    assert "The body has no term on 8.1.2030." in str(response.context["adminform"].form.errors["starts_at"])
    assert Meeting.objects.get(pk=meeting.pk).starts_at == helsinki(2026, 12, 8)

    seat = open_seat(current_term(body))
    data = {"seat": seat.pk, "member_name": "jäsen1 esimerkki", "role": "member", "start": "2026-11-02", "end": ""}
    response = client.post(reverse("admin:bodies_membership_add"), data)
    assert response.status_code == 200
    assert ONE_SEAT in str(response.context["adminform"].form.errors["member_name"])
    assert not seat.memberships.exists()


def test_admin_membership_and_term_saves_write_history(client, body, admin_user):
    client.force_login(admin_user)
    seat = open_seat(current_term(body))
    data = {"seat": seat.pk, "member_name": "Uusi Jäsen", "role": "member", "start": "2026-11-02", "end": ""}
    assert client.post(reverse("admin:bodies_membership_add"), data).status_code == 302
    record = seat.memberships.get().history.latest()
    assert (record.history_user, record.history_change_reason) == (
        admin_user,
        "Changed in the administration: Seat, Member, Start",
    )
    # A term holding meetings cannot be deleted; the attendance is read-only.
    term = current_term(body)
    assert client.get(reverse("admin:bodies_term_delete", args=[term.pk])).status_code == 403
    assert client.get(reverse("admin:bodies_attendance_add")).status_code == 403
