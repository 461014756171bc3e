"""The base layout in a real browser: accessibility, keyboard use, the language switcher and reflow at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import assert_accessible


@pytest.mark.parametrize("path", ["/", "/saavutettavuus/", "/tietosuoja/", "/henkilosto/kirjaudu/"])
def test_page_has_no_axe_violations(page, db, path):
    page.goto(path)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


def test_login_error_state_has_no_axe_violations(page, db):
    page.goto("/henkilosto/kirjaudu/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong-password-123")
    page.click("main button[type=submit]")

    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Korjaa nämä kohdat" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")  # focus goes to the errors
    assert_accessible(page)


def test_tab_focuses_skip_link_and_enter_moves_to_main(page, db):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className + '|' + document.activeElement.textContent.trim()")
    assert focused == "skip-link|Siirry pääsisältöön"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # moved into view when focused

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName + '#' + document.activeElement.id") == "MAIN#main"
    page.keyboard.press("Tab")  # the next Tab continues after the start of the main content, not from the top
    assert page.evaluate(
        "document.getElementById('main').compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )


def test_language_switcher_changes_language_without_losing_the_page(page, db):
    page.goto("/tietosuoja/")
    assert page.locator("html").get_attribute("lang") == "fi"

    with page.expect_navigation():
        page.get_by_role("button", name="Svenska").click()

    assert page.url.endswith("/tietosuoja/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == "Dataskyddsbeskrivning"
    assert page.get_by_role("button", name="Svenska").get_attribute("aria-pressed") == "true"
    assert_accessible(page)

    page.goto("/")  # the choice is remembered
    assert page.locator("html").get_attribute("lang") == "sv"


def test_language_switcher_works_without_javascript(browser, live_server, db):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Participate and influence"
    context.close()


def test_htmx_loads_under_the_csp_with_its_indicator_styles_off(page, db):
    page.goto("/")
    page.wait_for_function("window.htmx !== undefined")
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.evaluate("document.querySelectorAll('style').length") == 0  # htmx injected no inline style
    assert page.locator("body").get_attribute("hx-headers") is None  # a public page carries no CSRF token


def test_home_page_reflows_at_320_px(page, db):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.locator(".language-switcher").is_visible()
    assert_accessible(page)


def test_focus_is_visible_on_links(page, db):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the skip link to the header's home link
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_print_stylesheet_hides_navigation(page, db):
    page.goto("/")
    page.emulate_media(media="print")
    assert not page.locator(".language-switcher").is_visible()
    assert not page.locator(".site-nav").is_visible()
    assert page.locator("main h1").is_visible()
