"""The staff workspace: who may keep which body, and editing as full pages and htmx fragments."""

import datetime

import pytest
from django.urls import reverse

from bodies.models import AgendaItem, Attendance, Meeting, Membership, Statement, Term
from bodies.permissions import bodies_editable_by, can_edit_body
from osallisuus.roles import Role
from tests.bodies.factories import helsinki, make_body
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_body(db):
    """A body kept by another secretary."""
    return make_body("vammaisneuvosto", kind="disability", secretaries=(make_user("toinen", Role.SECRETARY),))


def staff_urls(body) -> list[str]:
    seat = body.terms.order_by("-start").first().seats.first()
    membership = Membership.objects.filter(seat=seat).first()
    return [
        reverse("bodies:staff-body", args=[body.slug]),
        reverse("bodies:staff-term-create", args=[body.slug]),
        reverse("bodies:staff-seat-create", args=[body.slug, seat.term_id]),
        reverse("bodies:staff-membership-create", args=[body.slug, seat.pk]),
        reverse("bodies:staff-membership", args=[body.slug, membership.pk]),
        reverse("bodies:staff-meeting-create", args=[body.slug]),
        reverse("bodies:staff-meeting", args=[body.slug, body.draft.pk]),
        reverse("bodies:staff-agenda", args=[body.slug, body.draft.pk]),
        reverse("bodies:staff-statement-create", args=[body.slug]),
    ]


def test_permissions_in_one_place(body, other_body, keeper, admin_user):
    assert list(bodies_editable_by(keeper)) == [body]
    assert can_edit_body(keeper, body)
    assert not can_edit_body(keeper, other_body)
    assert set(bodies_editable_by(admin_user)) == {body, other_body}
    # The role alone gives no body; being named a secretary without the role gives none either.
    assert not bodies_editable_by(make_user("rooliton", Role.SECRETARY)).exists()
    nameless = make_user("kasittelija", Role.HANDLER)
    body.secretaries.add(nameless)
    assert not can_edit_body(nameless, body)


def test_anonymous_is_sent_to_login(client, body):
    for url in [reverse("bodies:staff-index"), *staff_urls(body)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_secretary_of_another_body_gets_403(client, body, other_body):
    client.force_login(other_body.secretaries.get())
    for url in staff_urls(body):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("bodies:staff-agenda", args=[body.slug, body.draft.pk]), {"action": "add", "title": "Murto"}
    )
    assert response.status_code == 403
    assert not AgendaItem.objects.filter(title="Murto").exists()
    assert client.get(reverse("bodies:staff-body", args=[other_body.slug])).status_code == 200


def test_staff_without_the_role_gets_403(client, body):
    client.force_login(make_user("kirjaamo", Role.REGISTRY))
    assert client.get(reverse("bodies:staff-index")).status_code == 403


def test_secretary_and_admin_see_every_staff_page(client, body, keeper, admin_user):
    for user in (keeper, admin_user):
        client.force_login(user)
        for url in [reverse("bodies:staff-index"), *staff_urls(body)]:
            assert client.get(url).status_code == 200, url


def test_staff_index_lists_only_own_bodies(client, body, other_body, keeper):
    client.force_login(keeper)
    html = client.get(reverse("bodies:staff-index")).content.decode()
    assert body.name in html
    assert other_body.name not in html


def test_staff_body_page_shows_contact_details(client, body, keeper):
    client.force_login(keeper)
    html = client.get(reverse("bodies:staff-body", args=[body.slug])).content.decode()
    assert "jasen0@yksityinen.example" in html


def test_agenda_add_as_htmx_fragment_and_as_a_full_page(client, body, keeper):
    client.force_login(keeper)
    url = reverse("bodies:staff-agenda", args=[body.slug, body.upcoming.pk])
    response = client.post(url, {"action": "add", "title": "Hyvinvointikertomus"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section id="agenda"')
    assert "Hyvinvointikertomus" in html
    assert "<html" not in html
    response = client.post(url, {"action": "add", "title": "Ilman JavaScriptiä"})
    assert response.status_code == 302
    assert response["Location"].endswith("#agenda")
    assert list(body.upcoming.agenda_items.values_list("position", "title")) == [
        (1, "Talousarvio"),
        (2, "Hyvinvointikertomus"),
        (3, "Ilman JavaScriptiä"),
    ]
    assert AgendaItem.objects.get(title="Hyvinvointikertomus").history.latest().history_user == keeper


def test_agenda_errors_stay_in_the_fragment(client, body, keeper):
    client.force_login(keeper)
    url = reverse("bodies:staff-agenda", args=[body.slug, body.upcoming.pk])
    response = client.post(url, {"action": "add", "title": ""}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert html.strip().startswith('<section id="agenda"')


def test_agenda_edit_move_remove(client, body, keeper):
    client.force_login(keeper)
    meeting = body.upcoming
    url = reverse("bodies:staff-agenda", args=[body.slug, meeting.pk])
    client.post(url, {"action": "add", "title": "Toinen"})
    first, second = meeting.agenda_items.order_by("position")
    form = client.get(f"{url}?muokkaa={first.pk}", headers={"HX-Request": "true"}).content.decode()
    assert 'name="edit-title"' in form
    full = client.get(f"{url}?muokkaa={first.pk}")
    assert "<html" in full.content.decode()
    client.post(url, {"action": "update", "item": first.pk, "edit-title": "Talousarvio 2027", "edit-description": ""})
    client.post(url, {"action": "down", "item": first.pk}, headers={"HX-Request": "true"})
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Toinen", "Talousarvio 2027"]
    client.post(url, {"action": "remove", "item": second.pk}, headers={"HX-Request": "true"})
    assert list(meeting.agenda_items.values_list("position", "title")) == [(1, "Talousarvio 2027")]


def test_attendance_as_htmx_and_full_page(client, body, keeper):
    client.force_login(keeper)
    meeting = body.draft
    seats = list(body.terms.order_by("-start").first().seats.order_by("order"))
    url = reverse("bodies:staff-attendance", args=[body.slug, meeting.pk])
    data = {f"seat_{seat.pk}": "absent" for seat in seats}
    data[f"seat_{seats[0].pk}"] = "member"
    data[f"seat_{seats[1].pk}"] = "deputy"
    response = client.post(url, data, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.strip().startswith('<section id="attendance"')
    assert "badge--warn" in html  # 2 of 4: no quorum
    data[f"seat_{seats[2].pk}"] = "deputy"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=meeting).exclude(attendee="absent").count() == 3
    page = client.get(reverse("bodies:staff-meeting", args=[body.slug, meeting.pk])).content.decode()
    assert "badge--ok" in page


def test_meeting_state_buttons_and_refusals(client, body, keeper):
    client.force_login(keeper)
    url = reverse("bodies:staff-meeting", args=[body.slug, body.upcoming.pk])
    response = client.post(url, {"action": "held"}, follow=True)
    assert Meeting.objects.get(pk=body.upcoming.pk).state == Meeting.State.PLANNED
    assert "message--error" in response.content.decode()
    client.post(url, {"action": "cancel"})
    assert Meeting.objects.get(pk=body.upcoming.pk).state == Meeting.State.CANCELLED


def test_meeting_create_and_update(client, body, keeper):
    client.force_login(keeper)
    response = client.post(
        reverse("bodies:staff-meeting-create", args=[body.slug]),
        {"starts_at": "2027-03-16T17:00", "place": "Rauma", "remote_url": ""},
    )
    meeting = Meeting.objects.get(place="Rauma")
    assert response["Location"] == reverse("bodies:staff-meeting", args=[body.slug, meeting.pk])
    assert meeting.starts_at == helsinki(2027, 3, 16)
    response = client.post(
        reverse("bodies:staff-meeting", args=[body.slug, meeting.pk]),
        {"action": "save", "starts_at": "2027-03-16T18:00", "place": "", "remote_url": ""},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_minutes_publish_flow(client, body, keeper):
    client.force_login(keeper)
    url = reverse("bodies:staff-minutes", args=[body.slug, body.draft.pk])
    client.post(url, {"action": "save", "text": "Hyväksytty teksti"})
    public = reverse("bodies:meeting", args=[body.slug, body.draft.pk])
    client.logout()
    assert "Hyväksytty teksti" not in client.get(public).content.decode()
    client.force_login(keeper)
    response = client.post(url, {"action": "publish", "approved_on": "2026-12-01"})
    assert "error-summary" in response.content.decode()  # in the future
    client.post(url, {"action": "publish", "approved_on": "2026-10-28"})
    client.logout()
    assert "Hyväksytty teksti" in client.get(public).content.decode()


def test_term_overlap_is_shown_on_the_form(client, body, keeper):
    client.force_login(keeper)
    response = client.post(
        reverse("bodies:staff-term-create", args=[body.slug]), {"start": "2028-01-01", "end": "2030-01-01"}
    )
    current = body.terms.get(start=datetime.date(2025, 6, 1))
    assert f"This term overlaps the term {current} of the same body." in response.content.decode()
    response = client.post(
        reverse("bodies:staff-term-create", args=[body.slug]),
        {"start": "2029-06-01", "end": "2033-05-31", "municipal_seats": "on", "open_call_seats": "2"},
    )
    assert response.status_code == 302
    assert Term.objects.get(body=body, start=datetime.date(2029, 6, 1)).seats.count() == 6


def test_membership_outside_the_term_is_shown_on_the_form(client, body, keeper):
    client.force_login(keeper)
    seat = body.terms.order_by("-start").first().seats.first()
    membership = seat.memberships.get()
    response = client.post(
        reverse("bodies:staff-membership", args=[body.slug, membership.pk]),
        {"member_name": membership.member_name, "role": "member", "end": "2030-01-01"},
    )
    assert "must end within the term" in response.content.decode()
    response = client.post(
        reverse("bodies:staff-membership", args=[body.slug, membership.pk]),
        {"member_name": membership.member_name, "role": "member", "end": "2026-10-31"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("bodies:staff-membership-create", args=[body.slug, seat.pk]),
        {"member_name": "Seuraaja Esimerkki", "role": "member", "start": "2026-11-01"},
    )
    assert response.status_code == 302
    assert seat.memberships.count() == 2


def test_statement_create(client, body, keeper, organ):
    client.force_login(keeper)
    response = client.post(
        reverse("bodies:staff-statement-create", args=[body.slug]),
        {"subject": "Uusi lausunto", "requested_by": organ.pk, "given_on": "2026-10-30", "text": "Teksti"},
    )
    assert response.status_code == 302
    statement = Statement.objects.get(subject="Uusi lausunto")
    assert statement.requested_by == organ
    assert statement.history.latest().history_user == keeper


def test_staff_meeting_page_query_count(client, body, keeper, django_assert_max_num_queries):
    client.force_login(keeper)
    with django_assert_max_num_queries(14):
        client.get(reverse("bodies:staff-meeting", args=[body.slug, body.published.pk]))
    with django_assert_max_num_queries(13):
        client.get(reverse("bodies:staff-body", args=[body.slug]))


def test_admin_pages_with_history(client, body, admin_user):
    client.force_login(admin_user)
    for model in ("advisorybody", "term", "seat", "membership", "meeting", "attendance", "statement"):
        assert client.get(reverse(f"admin:bodies_{model}_changelist")).status_code == 200, model
    assert client.get(reverse("admin:bodies_meeting_history", args=[body.published.pk])).status_code == 200
    assert client.get(reverse("admin:bodies_advisorybody_change", args=[body.pk])).status_code == 200
