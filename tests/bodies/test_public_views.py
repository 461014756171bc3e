"""Public pages: what a resident sees, as full pages and htmx fragments, with fixed query counts."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from bodies import selectors, services
from bodies.models import Meeting, Membership, Seat, Statement
from osallisuus.models import Municipality
from tests.bodies.factories import fill_term, helsinki, make_body, make_meeting, make_municipalities, make_term

pytestmark = pytest.mark.django_db

CONTACT_FRAGMENTS = ["yksityinen.example", "040 555", "050 555"]
TODAY = datetime.date(2026, 11, 2)


def test_index_lists_bodies_with_coverage(client, body):
    response = client.get(reverse("bodies:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert body.name in html
    assert "badge--ok" in html  # every municipality represented
    assert reverse("bodies:calendar") in html


def test_body_page_shows_members_and_the_secretarys_work_contact_but_no_member_contacts(client, body):
    response = client.get(reverse("bodies:body", args=[body.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jäsen0 Esimerkki" in html
    assert "Varajäsen3 Esimerkki" in html
    assert "Sanna Sihteeri" in html
    assert "+358 2 627 0000" in html
    assert "sanna@example.invalid" in html
    for fragment in CONTACT_FRAGMENTS:
        assert fragment not in html
    assert "Lausunto palveluverkosta" in html
    assert "Talousarvio" not in html  # agendas are on the meeting pages


def test_no_member_contact_details_on_any_public_page_or_calendar(client, body):
    urls = [
        reverse("bodies:index"),
        reverse("bodies:body", args=[body.slug]),
        reverse("bodies:meeting", args=[body.slug, body.published.pk]),
        reverse("bodies:meeting", args=[body.slug, body.draft.pk]),
        reverse("bodies:calendar"),
        reverse("bodies:body-calendar", args=[body.slug]),
        reverse("bodies:meeting-ics", args=[body.slug, body.published.pk]),
        reverse("bodies:statement", args=[body.slug, Statement.objects.get().pk]),
    ]
    for url in urls:
        content = client.get(url).content.decode()
        for fragment in CONTACT_FRAGMENTS:
            assert fragment not in content, (url, fragment)


def test_body_page_htmx_fragment_for_a_past_term(client, body):
    past = body.terms.order_by("start").first()
    url = reverse("bodies:term", args=[body.slug, past.pk])
    full = client.get(url)
    assert full.status_code == 200
    assert "<html" in full.content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<div id="term">')
    assert str(past) in html
    assert "aria-current" in html


def test_unknown_term_or_body_is_404(client, body):
    assert client.get(reverse("bodies:term", args=[body.slug, 99999])).status_code == 404
    assert client.get(reverse("bodies:body", args=["ei-ole"])).status_code == 404


def test_meeting_page_shows_the_agenda_and_published_minutes(client, body):
    response = client.get(reverse("bodies:meeting", args=[body.slug, body.published.pk]))
    html = response.content.decode()
    assert "Ikääntyneiden palvelujen arviointi" in html
    assert "Julkaistu pöytäkirjateksti" in html
    assert "Jäsen0 Esimerkki" in html  # names stay until the appeal period has passed
    assert reverse("bodies:meeting-ics", args=[body.slug, body.published.pk]) in html


def test_attendee_names_leave_the_web_after_the_appeal_period(client, body, settings, frozen):
    settings.RETENTION_MINUTES_PERSONAL_DATA_DAYS = 7
    url = reverse("bodies:meeting", args=[body.slug, body.published.pk])
    html = client.get(url).content.decode()
    assert "Jäsen0 Esimerkki" not in html
    assert "bodies-attendees" not in html
    # The text is withheld until retention has removed its names, and shown again once it has.
    assert "Julkaistu pöytäkirjateksti" not in html
    assert "the minutes text is not shown here" in html
    call_command("apply_retention", stdout=io.StringIO())
    html = client.get(url).content.decode()
    assert "Julkaistu pöytäkirjateksti" in html
    assert "Jäsen0 Esimerkki" not in html


def test_unpublished_minutes_are_never_public(client, body, settings):
    meeting = body.draft
    meeting.minutes_file.save("draft.pdf", ContentFile(b"%PDF-1.4 luonnos"), save=True)
    html = client.get(reverse("bodies:meeting", args=[body.slug, meeting.pk])).content.decode()
    assert "Luonnos jota ei saa näkyä" not in html
    assert reverse("bodies:minutes-file", args=[body.slug, meeting.pk]) not in html
    assert client.get(reverse("bodies:minutes-file", args=[body.slug, meeting.pk])).status_code == 404
    for url in [reverse("bodies:calendar"), reverse("bodies:body", args=[body.slug])]:
        assert "Luonnos jota ei saa näkyä" not in client.get(url).content.decode()


def test_published_minutes_file_is_served(client, body):
    meeting = body.published
    Meeting.objects.filter(pk=meeting.pk).update(minutes_file="")
    meeting.refresh_from_db()
    meeting.minutes_file.save("minutes.pdf", ContentFile(b"%PDF-1.4 valmis"), save=True)
    response = client.get(reverse("bodies:minutes-file", args=[body.slug, meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 valmis"


def test_remote_link_is_not_published(client, body):
    meeting = make_meeting(body, helsinki(2026, 12, 15), remote_url="https://teams.example.invalid/salainen")
    for url in [
        reverse("bodies:meeting", args=[body.slug, meeting.pk]),
        reverse("bodies:body", args=[body.slug]),
        reverse("bodies:meeting-ics", args=[body.slug, meeting.pk]),
    ]:
        assert "salainen" not in client.get(url).content.decode()


def test_statement_page(client, body):
    statement = Statement.objects.get()
    html = client.get(reverse("bodies:statement", args=[body.slug, statement.pk])).content.decode()
    assert "Lausunnon teksti." in html
    assert "Aluehallitus" in html


def test_pages_use_a_fixed_number_of_queries(client, body, django_assert_max_num_queries):
    def counts() -> dict[str, int]:
        result = {}
        for name, url in [
            ("index", reverse("bodies:index")),
            ("body", reverse("bodies:body", args=[body.slug])),
            ("meeting", reverse("bodies:meeting", args=[body.slug, body.published.pk])),
            ("calendar", reverse("bodies:calendar")),
        ]:
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            result[name] = len(context)
        return result

    before = counts()
    # Many more rows: more municipalities and seats, meetings, agenda items, statements, another body.
    make_municipalities([(f"Kunta{i}", f"9{i:02d}") for i in range(20)])
    term = body.terms.order_by("-start").first()
    for municipality in make_municipalities([(f"Kunta{i}", f"9{i:02d}") for i in range(20)]):
        seat = services.seat_create(term=term, municipality=municipality, user=None)
        services.membership_start(seat=seat, member_name=f"Lisä {municipality}", start=term.start, user=None)
    for day in range(1, 20):
        meeting = make_meeting(body, helsinki(2026, 1, day))
        for n in range(3):
            services.agenda_item_add(meeting=meeting, title=f"Asia {n}", user=None)
        services.statement_create(
            body=body,
            subject=f"Lausunto {day}",
            given_on=datetime.date(2026, 1, day),
            requested_by_other="X",
            text="T",
            user=None,
        )
    for n in range(3):
        other = make_body(f"muu{n}", kind="disability")
        fill_term(make_term(other))
        make_meeting(other, helsinki(2026, 12, 1 + n))
    for n in range(5):
        services.agenda_item_add(
            meeting=body.published.__class__.objects.get(pk=body.upcoming.pk), title=f"Lisä {n}", user=None
        )
    after = counts()
    assert after == before
    # The body, its secretaries, terms, municipalities, the seats with their memberships, meetings and statements.
    with django_assert_max_num_queries(7):
        client.get(reverse("bodies:body", args=[body.slug]))
    # The meeting with its body (not the body's secretaries, which the meeting page does not show), its attendance,
    # the seats of the day with their memberships and municipalities, the public agenda.
    with django_assert_max_num_queries(4):
        client.get(reverse("bodies:meeting", args=[body.slug, body.published.pk]))
    # Before the minutes are published the page shows neither attendance nor quorum: the meeting and its agenda.
    with django_assert_max_num_queries(2):
        client.get(reverse("bodies:meeting", args=[body.slug, body.draft.pk]))
    # The bodies, their current terms, the municipalities, the seats of those terms with their memberships.
    with django_assert_max_num_queries(4):
        client.get(reverse("bodies:index"))


def test_role_and_state_labels_are_the_choices_labels(body):
    """The pages name roles and states from their choices without rebuilding them per row (the seat rows' role
    label, a member's office, a meeting's state choice and its badge); they say what get_FOO_display says, in every
    language."""
    term = body.terms.order_by("-start").first()
    chair = Membership.objects.filter(seat__term=term).order_by("pk").first()
    services.membership_update(
        membership=chair,
        member_name=chair.member_name,
        deputy_name=chair.deputy_name,
        member_email="",
        member_phone="",
        deputy_email="",
        deputy_phone="",
        role=Membership.Role.CHAIR,
        end=None,
        user=None,
    )
    for language in ["fi", "sv", "en"]:
        with translation.override(language):
            rows = selectors.seat_rows(Seat.objects.filter(term=term), TODAY, municipalities=Municipality.objects.all())
            for row in rows:
                membership = Membership.objects.get(pk=row.holder.pk)
                assert row.holder.role_label == membership.get_role_display()
            assert [row.holder.role for row in rows].count(Membership.Role.CHAIR) == 1
            for role in Membership.Role:
                membership = Membership(role=role)
                assert membership.office == ("" if role == Membership.Role.MEMBER else membership.get_role_display())
            for state in Meeting.State:
                meeting = Meeting(state=state)
                assert str(meeting.state_choice.label) == meeting.get_state_display()
    assert [state.badge_tone for state in Meeting.State] == ["info", "ok", "danger"]


def test_public_pages_read_no_member_contact_details(client, body):
    """The contact details are the secretary's: the public pages do not even read them (the staff page does)."""
    for url in [
        reverse("bodies:index"),
        reverse("bodies:body", args=[body.slug]),
        reverse("bodies:meeting", args=[body.slug, body.published.pk]),
    ]:
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        assert not any("member_email" in query["sql"] or "deputy_phone" in query["sql"] for query in context), url


def test_body_without_terms_renders(client, db):
    make_municipalities()
    body = make_body("uusi")
    assert client.get(reverse("bodies:body", args=[body.slug])).status_code == 200
    assert client.get(reverse("bodies:index")).status_code == 200


def test_post_is_refused_on_public_pages(client, body):
    assert client.post(reverse("bodies:index")).status_code == 405


def test_minutes_file_leaves_the_web_after_the_appeal_period(client, body, settings, frozen):
    """The portal cannot take names out of a PDF: after the appeal period only the (cleaned) text stays public."""
    meeting = body.published
    Meeting.objects.filter(pk=meeting.pk).update(minutes_file="")
    meeting.refresh_from_db()
    meeting.minutes_file.save("minutes.pdf", ContentFile(b"%PDF-1.4 valmis"), save=True)
    url = reverse("bodies:minutes-file", args=[body.slug, meeting.pk])
    page = reverse("bodies:meeting", args=[body.slug, meeting.pk])
    assert client.get(url).status_code == 200
    assert url in client.get(page).content.decode()
    settings.RETENTION_MINUTES_PERSONAL_DATA_DAYS = 7
    assert client.get(url).status_code == 404
    html = client.get(page).content.decode()
    assert url not in html
    assert "The minutes as a PDF left the web after the appeal period" in html
    call_command("apply_retention", stdout=io.StringIO())
    assert "Julkaistu pöytäkirjateksti" in client.get(page).content.decode()
    assert client.get(url).status_code == 404
