"""Accessibility feedback in Chromium: the form by keyboard alone (empty, with errors, thank-you) and the staff list
and detail, every state checked with axe-core."""

import pytest
from django.conf import settings
from django.conf import settings as django_settings
from playwright.sync_api import expect

from accessibility import views as feedback_views
from accessibility.models import AccessibilityFeedback
from osallisuus.roles import Role
from tests.accessibility.factories import make_feedback
from tests.browser.support import assert_accessible, login
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _spam_checks_do_not_block(monkeypatch):
    # The live server runs in this process: a person at a keyboard is not slower than the test's minimum.
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 0)
    # The rate limit's slots live in the cache table, which transactional tests do not empty between tests.
    monkeypatch.setattr(feedback_views, "SEND_LIMIT_PER_HOUR", 1000)


def tab_to(page, element_id: str, *, limit: int = 60) -> None:
    """Press Tab until the element with `element_id` has focus, as a keyboard user would."""
    for _press in range(limit):
        if page.evaluate("document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} was not reached with Tab")


def tab_to_submit(page) -> None:
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")


def test_feedback_is_sent_with_the_keyboard_only(page, mailoutbox):
    page.goto("/saavutettavuus/palaute/")
    assert page.locator("h1").inner_text() == "Anna palautetta saavutettavuudesta"
    assert_accessible(page)

    # Nothing written yet: the first try fails and the error summary takes the focus.
    tab_to(page, "id_email")
    page.keyboard.type("maija@example.invalid")
    tab_to_submit(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "Kirjoita palautteesi." in summary.inner_text()
    assert page.title().startswith("Virhe:")
    assert AccessibilityFeedback.objects.count() == 0
    assert page.locator("#id_email").input_value() == "maija@example.invalid"
    assert page.locator("#id_message").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    page.keyboard.press("Tab")  # into the summary: its link to the field
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_message"
    page.keyboard.press("Enter")
    expect(page.locator("#id_message")).to_be_focused()
    page.keyboard.type("Aloitelomakkeen liitekenttä ei toimi ruudunlukijalla.")
    # The honeypot is never reached with Tab.
    tab_to_submit(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == "Aloitelomakkeen liitekenttä ei toimi ruudunlukijalla."
    assert feedback.email == "maija@example.invalid"
    assert page.locator("h1").inner_text() == "Kiitos palautteestasi"
    assert f"Vastaamme viimeistään {feedback.answer_due_on:%-d.%-m.%Y}." in page.locator("main").inner_text()
    assert_accessible(page)
    assert {tuple(message.to) for message in mailoutbox} == {
        ("maija@example.invalid",),
        (settings.ACCESSIBILITY_FEEDBACK_EMAIL,),
    }


def test_the_honeypot_is_out_of_the_tab_order(page):
    page.goto("/saavutettavuus/palaute/")
    focused = []
    for _press in range(15):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id"))
    assert "id_homepage" not in focused
    assert "id_message" in focused


def test_the_staff_list_and_detail_are_accessible_and_mark_answered_by_keyboard(page):
    make_user("kirjaaja", Role.REGISTRY)
    make_feedback(message="Video ilman tekstitystä.", email="maija@example.invalid")
    make_feedback(message="Kontrasti on heikko.")
    make_feedback(message="Kuvalta puuttuu tekstivastine.")
    login(page, "kirjaaja")

    page.goto("/henkilosto/saavutettavuuspalaute/")
    assert page.locator("h1").inner_text() == "Saavutettavuuspalaute"
    expect(page.locator("tbody tr")).to_have_count(3)
    expect(page.locator("tbody .badge")).to_have_count(3)
    assert_accessible(page)

    page.locator("a", has_text="Video ilman tekstitystä.").click()
    assert page.locator("h1").inner_text().startswith("Saavutettavuuspalaute")
    assert_accessible(page)

    # An empty answer is refused with an error summary that is itself accessible.
    tab_to(page, "id_answer_note")
    tab_to_submit(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Kerro, miten palautteen antajalle vastattiin." in page.locator(".error-summary").inner_text()
    assert_accessible(page)

    tab_to(page, "id_answer_note")
    page.keyboard.type("Vastattu sähköpostilla, tekstitys lisätty.")
    tab_to_submit(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Palaute merkittiin vastatuksi." in page.locator(".messages").inner_text()
    expect(page.locator("tbody tr")).to_have_count(2)
    assert_accessible(page)
    assert AccessibilityFeedback.objects.answered().get().answer_note == "Vastattu sähköpostilla, tekstitys lisätty."

    page.goto("/henkilosto/saavutettavuuspalaute/?tila=vastatut")
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)


def test_the_empty_staff_list_is_accessible(page):
    make_user("koordinaattori", Role.HYTE)
    login(page, "koordinaattori")
    page.goto("/henkilosto/saavutettavuuspalaute/")
    assert "Kaikkiin palautteisiin on vastattu." in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_staff_list_pages_with_htmx_and_keeps_the_focus_in_place(page):
    make_user("kirjaaja", Role.REGISTRY)
    for number in range(52):
        make_feedback(message=f"Palaute numero {number:02d}.")
    login(page, "kirjaaja")
    page.goto("/henkilosto/saavutettavuuspalaute/")
    expect(page.locator("tbody tr")).to_have_count(50)

    page.locator("#rows nav a", has_text="Seuraava sivu").click()
    expect(page.locator("tbody tr")).to_have_count(2)
    assert page.url.endswith("/henkilosto/saavutettavuuspalaute/?page=2")
    expect(page.locator("h1")).to_have_count(1)  # only the rows were swapped
    expect(page.locator("#rows-heading")).to_be_focused()
    assert_accessible(page)


@pytest.mark.parametrize(("language", "error"), [("sv", "Skriv din respons."), ("en", "Write your feedback.")])
def test_the_form_with_errors_and_the_thank_you_page_are_accessible_in_swedish_and_english(page, language, error):
    page.goto("/saavutettavuus/palaute/")
    with page.expect_navigation():
        page.locator(f".language-switcher button[value={language}]").click()
    assert page.locator("html").get_attribute("lang") == language
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert error in page.locator(".error-summary").inner_text()
    assert_accessible(page)
    page.fill("#id_message", "Feedback text.")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert "/saavutettavuus/palaute/kiitos/?kuittaus=" in page.url
    assert AccessibilityFeedback.objects.get().language == language
    assert_accessible(page)
