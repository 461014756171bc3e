"""The initiatives' staff workspace in a real browser: keyboard handling of the notice, htmx filtering and paging,
and axe-core on every page and state."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from initiatives.models import Initiative
from osallisuus.models import OutboxMessage
from osallisuus.roles import Role
from tests.browser import support
from tests.browser.support import assert_accessible
from tests.conftest import make_user
from tests.initiatives.factories import make_initiative, make_organ

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _role_groups():
    # A transactional test empties the tables, including the groups a data migration made.
    for role in Role:
        Group.objects.get_or_create(name=role)


@pytest.fixture
def handler():
    organ = make_organ("Palvelulautakunta", "committee")
    user = make_user("valmistelija", Role.HANDLER, first_name="Ville", last_name="Valmistelija")
    organ.handlers.add(user)
    return user


@pytest.fixture
def initiatives(handler):
    organ = handler.handled_organs.get()
    today = timezone.localdate()
    created = []
    for number, days_ago in enumerate([45, 28, 3, 0]):
        initiative = make_initiative(
            title=f"Lisää penkkejä terveysaseman pihaan {number + 1}",
            arrived_on=today - datetime.timedelta(days=days_ago),
        )
        Initiative.objects.filter(pk=initiative.pk).update(handling_organ=organ)
        created.append(initiative)
    return created


def login(page, username: str) -> None:
    """Log in and wait until the login has landed on the workspace (the next goto must not race it)."""
    support.login(page, username)
    page.wait_for_url("**/henkilosto/")


def type_date(page, selector: str, day: datetime.date) -> None:
    """Type a date into the focused date input, digit by digit as a keyboard user does. The order of the fields
    follows the browser's own locale (headless Chromium: month/day/year; a Finnish one: day.month.year)."""
    for order in ["%m%d%Y", "%d%m%Y"]:
        page.keyboard.type(day.strftime(order))
        if page.locator(selector).input_value() == day.isoformat():
            return
        for _segment in range(3):  # clear the three fields and go back to the first one
            page.keyboard.press("Backspace")
            page.keyboard.press("Shift+Tab")
        page.locator(selector).focus()
    raise AssertionError(f"could not type {day} into {selector}")


def tab_until(page, element_id: str, limit: int = 4) -> None:
    """Press Tab until `element_id` has focus (a date input's day, month and year fields are tab stops too)."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab did not reach #{element_id}")


def test_handler_sends_the_notice_with_the_keyboard(page, handler, initiatives):
    login(page, "valmistelija")
    page.goto("/henkilosto/")
    overdue = initiatives[0]
    page.get_by_role("link", name=overdue.reference).click()
    expect(page.locator("h1")).to_contain_text(overdue.title)
    assert_accessible(page)  # before the notice

    estimate = timezone.localdate() + datetime.timedelta(days=120)
    page.locator("#id_send_notice-handling_organ").focus()
    page.keyboard.press("Tab")  # the estimated completion date
    type_date(page, "#id_send_notice-estimated_completion", estimate)
    tab_until(page, "id_send_notice-info_contact_name")  # the contact person, filled with the handler's details
    expect(page.locator("#id_send_notice-info_contact_name")).to_have_value("Ville Valmistelija")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("02 123 4567")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "send_notice"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_be_visible()
    overdue.refresh_from_db()
    assert overdue.status == Initiative.Status.IN_PROGRESS
    assert overdue.estimated_completion == estimate
    assert overdue.info_contact_phone == "02 123 4567"
    assert OutboxMessage.objects.about(overdue).filter(kind=OutboxMessage.Kind.NOTICE).exists()
    expect(page.locator("#send_notice-heading")).to_have_count(0)  # the step is done
    expect(page.locator("#record_decision-heading")).to_be_visible()  # the next ones are offered
    expect(page.locator(".timeline")).to_contain_text("Ville Valmistelija")
    assert_accessible(page)  # after the notice


def test_notice_form_errors_are_accessible(page, handler, initiatives):
    login(page, "valmistelija")
    page.goto(f"/henkilosto/aloitteet/{initiatives[1].reference}/")
    page.fill("#id_send_notice-estimated_completion", "2020-01-01")
    page.fill("#id_send_notice-info_contact_email", "")
    page.fill("#id_send_notice-info_contact_phone", "")
    with page.expect_navigation():
        page.locator("button[name=send_notice]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_accessible(page)
    initiatives[1].refresh_from_db()
    assert initiatives[1].notice_sent_at is None


def test_workspace_filters_and_pages_with_htmx_and_stays_accessible(page, handler, initiatives):
    organ = handler.handled_organs.get()
    for number in range(26):
        initiative = make_initiative(title=f"Aloite numero {number}", arrived_on=timezone.localdate())
        Initiative.objects.filter(pk=initiative.pk).update(handling_organ=organ)
    login(page, "valmistelija")
    page.goto("/henkilosto/")
    expect(page.locator("#rows tbody tr")).to_have_count(25)
    assert_accessible(page)  # with rows

    page.locator("#id_state").select_option("overdue")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("#rows tbody tr")).to_have_count(1)
    expect(page.locator("#rows")).to_contain_text(initiatives[0].reference)
    assert "state=overdue" in page.url  # htmx pushed the filtered address
    expect(page.locator("#rows-heading")).to_be_focused()  # focus moves to the new results
    assert_accessible(page)  # filtered

    page.locator("#id_state").select_option("")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("#rows tbody tr")).to_have_count(25)
    page.locator("#rows .pagination a").last.click()
    expect(page.locator("#rows tbody tr")).to_have_count(5)
    assert "page=2" in page.url
    page.go_back()
    expect(page.locator("#rows tbody tr")).to_have_count(25)


def test_outbox_page_is_accessible(page, db):
    make_user("kirjaaja", Role.REGISTRY)
    initiative = make_initiative()
    OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.NOTICE,
        about_model="initiatives.initiative",
        about_id=initiative.pk,
        recipient="asukas@example.invalid",
        subject=f"Aloitteesi {initiative.reference}: kuka käsittelee",
        body="…",
        language="fi",
        attempts=2,
        last_attempt_at=timezone.now(),
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    login(page, "kirjaaja")
    page.goto("/henkilosto/viestit/")
    expect(page.locator("table")).to_contain_text("Connection unexpectedly closed")
    assert_accessible(page)
