"""The advisory bodies in Chromium: accessibility of every public and staff page, and the secretary's in-place
editing of the agenda and the attendance with htmx and the keyboard."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from bodies import services
from bodies.models import AgendaItem, Attendance, Seat, Statement
from osallisuus.roles import Role
from tests.bodies.factories import fill_term, make_body, make_meeting, make_municipalities, make_term
from tests.browser.support import assert_accessible, login
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def at(days: int, hour: int = 17) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def data(transactional_db):
    # Transactional tests flush the tables, including the role groups a migration created.
    for role in Role:
        Group.objects.get_or_create(name=role)
    make_municipalities()
    keeper = make_user("sanna", Role.SECRETARY, first_name="Sanna", last_name="Sihteeri", work_phone="+358 2 000")
    body = make_body(secretaries=(keeper,), rules_url="https://example.invalid/saanto")
    today = timezone.localdate()
    make_term(body, today - datetime.timedelta(days=900), today - datetime.timedelta(days=400))
    term = make_term(body, today - datetime.timedelta(days=399), today + datetime.timedelta(days=800))
    memberships = fill_term(term)
    services.membership_update(
        membership=memberships[3],
        member_name=memberships[3].member_name,
        deputy_name="",
        member_email="",
        member_phone="",
        deputy_email="",
        deputy_phone="",
        role="member",
        end=today - datetime.timedelta(days=10),
        user=None,
    )
    past = make_meeting(body, at(-30))
    services.agenda_item_add(meeting=past, title="Avaus", user=None)
    services.meeting_attendance_record(
        meeting=past, attendance={s: Attendance.Attendee.MEMBER for s in Seat.objects.filter(term=term)[:3]}, user=None
    )
    services.meeting_mark_held(meeting=past, user=None)
    services.meeting_minutes_update(meeting=past, text="1 § Avaus", user=None)
    services.meeting_minutes_publish(meeting=past, approved_on=today - datetime.timedelta(days=20), user=None)
    upcoming = make_meeting(body, at(14), remote_url="https://teams.example.invalid/k")
    services.agenda_item_add(meeting=upcoming, title="Talousarvio", user=None)
    held = make_meeting(body, at(-2))
    services.meeting_mark_held(meeting=held, user=None)
    statement = services.statement_create(
        body=body, subject="Lausunto", given_on=today, requested_by_other="Aluehallitus", text="Teksti", user=None
    )
    return {"body": body, "term": term, "past": past, "upcoming": upcoming, "held": held, "statement": statement}


def test_public_pages_are_accessible(page, data):
    body = data["body"]
    old_term = body.terms.order_by("start").first()
    for url in [
        "/toimielimet/",
        f"/toimielimet/{body.slug}/",
        f"/toimielimet/{body.slug}/toimikausi/{old_term.pk}/",
        f"/toimielimet/{body.slug}/kokoukset/{data['past'].pk}/",
        f"/toimielimet/{body.slug}/kokoukset/{data['upcoming'].pk}/",
        f"/toimielimet/{body.slug}/lausunnot/{data['statement'].pk}/",
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page)


def test_switching_terms_with_htmx(page, data):
    body = data["body"]
    old_term = body.terms.order_by("start").first()
    page.goto(f"/toimielimet/{body.slug}/")
    page.evaluate("window.stayedOnPage = true")
    page.click(f"#term a[href='/toimielimet/{body.slug}/toimikausi/{old_term.pk}/']")
    page.wait_for_url(f"**/toimikausi/{old_term.pk}/")
    assert page.evaluate("window.stayedOnPage") is True
    assert page.locator("#term [aria-current='page']").inner_text() == str(old_term)
    assert_accessible(page)


def test_staff_pages_are_accessible(page, data):
    body = data["body"]
    seat = data["term"].seats.order_by("order").first()
    vacant = data["term"].seats.order_by("order")[3]
    login(page, "sanna")
    for url in [
        "/henkilosto/toimielimet/",
        f"/henkilosto/toimielimet/{body.slug}/",
        f"/henkilosto/toimielimet/{body.slug}/toimikaudet/uusi/",
        f"/henkilosto/toimielimet/{body.slug}/toimikaudet/{data['term'].pk}/paikat/uusi/",
        f"/henkilosto/toimielimet/{body.slug}/paikat/{vacant.pk}/jasen/uusi/",
        f"/henkilosto/toimielimet/{body.slug}/jasenyydet/{seat.memberships.get().pk}/",
        f"/henkilosto/toimielimet/{body.slug}/kokoukset/uusi/",
        f"/henkilosto/toimielimet/{body.slug}/kokoukset/{data['upcoming'].pk}/",
        f"/henkilosto/toimielimet/{body.slug}/kokoukset/{data['held'].pk}/",
        f"/henkilosto/toimielimet/{body.slug}/kokoukset/{data['past'].pk}/",
        f"/henkilosto/toimielimet/{body.slug}/kokoukset/{data['upcoming'].pk}/esityslista/"
        f"?muokkaa={data['upcoming'].agenda_items.get().pk}",
        f"/henkilosto/toimielimet/{body.slug}/lausunnot/uusi/",
        f"/henkilosto/toimielimet/{body.slug}/lausunnot/{data['statement'].pk}/",
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page)
    # A form with errors: the summary takes focus and is accessible too.
    page.goto(f"/henkilosto/toimielimet/{body.slug}/kokoukset/uusi/")
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_accessible(page)


def test_secretary_adds_an_agenda_item_with_htmx_and_the_keyboard(page, data):
    body, meeting = data["body"], data["upcoming"]
    login(page, "sanna")
    page.goto(f"/henkilosto/toimielimet/{body.slug}/kokoukset/{meeting.pk}/")
    page.evaluate("window.stayedOnPage = true")
    page.focus("#id_title")
    page.keyboard.type("Nuorten palvelut")
    page.keyboard.press("Enter")
    page.wait_for_selector("#agenda li:has-text('Nuorten palvelut')")
    assert page.evaluate("window.stayedOnPage") is True
    assert page.locator("#agenda [role=status]").inner_text().endswith("Nuorten palvelut")
    # Focus stays in the title field (same id after the swap), which is empty for the next item.
    assert page.evaluate("document.activeElement.id") == "id_title"
    assert page.input_value("#id_title") == ""
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Talousarvio", "Nuorten palvelut"]
    # Move it up with the keyboard only: Tab from the first item's actions to the second's "Move up".
    page.locator("#agenda li").nth(1).get_by_role("button", name="Nuorten palvelut").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#agenda li:first-child:has-text('Nuorten palvelut')")
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True)) == [
        "Nuorten palvelut",
        "Talousarvio",
    ]
    assert page.evaluate("window.stayedOnPage") is True
    assert_accessible(page)


def test_secretary_records_attendance_with_htmx_and_the_keyboard(page, data):
    body, meeting = data["body"], data["held"]
    seats = list(data["term"].seats.order_by("order"))
    login(page, "sanna")
    page.goto(f"/henkilosto/toimielimet/{body.slug}/kokoukset/{meeting.pk}/")
    page.evaluate("window.stayedOnPage = true")
    # Radios: arrow keys move the choice within a seat; Tab moves to the next seat.
    page.focus(f"#id_seat_{seats[0].pk}_2")  # absent
    page.keyboard.press("ArrowUp")  # deputy present
    page.keyboard.press("ArrowUp")  # member present
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowUp")  # seat 2: deputy present
    page.focus("#attendance-save")
    page.keyboard.press("Enter")
    page.wait_for_selector("#attendance [role=status]:not(:empty)")
    assert page.evaluate("window.stayedOnPage") is True
    recorded = dict(Attendance.objects.filter(meeting=meeting).values_list("seat_id", "attendee"))
    assert recorded[seats[0].pk] == "member"
    assert recorded[seats[1].pk] == "deputy"
    assert recorded[seats[2].pk] == "absent"
    assert seats[3].pk not in recorded  # vacant seat: not listed
    expect(page.locator("#attendance .badge--ok")).to_have_count(1)  # 2 of 3 filled seats present: a quorum
    assert page.is_checked(f"#id_seat_{seats[1].pk}_1")
    assert_accessible(page)


def test_without_javascript_the_forms_still_work(browser, live_server, data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    login(page, "sanna")
    body, meeting = data["body"], data["upcoming"]
    page.goto(f"/henkilosto/toimielimet/{body.slug}/kokoukset/{meeting.pk}/")
    page.fill("#id_title", "Ilman skriptejä")
    page.click("#agenda form[aria-labelledby=agenda-add-title] button[type=submit]")
    page.wait_for_url("**#agenda")
    expect(page.locator("#agenda li:has-text('Ilman skriptejä')")).to_have_count(1)
    context.close()
    assert Statement.objects.count() == 1
