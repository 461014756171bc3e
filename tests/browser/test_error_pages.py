"""The error pages in a real browser (issue 19): no axe-core violations in the layout's states that only an error
shows, and the language switcher works from a page rendered without the database (500 and 503)."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import assert_accessible

# (address, status): the failing addresses are tests/faults/failing_urls.py's.
ERRORS = [
    ("/aloitteet/?q=%FF", 400),
    ("/virhe/403/", 403),
    ("/ei-tallaista-sivua/", 404),
    ("/virhe/429/", 429),
    ("/virhe/500/", 500),
    ("/virhe/503/", 503),
]


@pytest.fixture(autouse=True)
def _failing_addresses(settings):
    settings.ROOT_URLCONF = "tests.faults.failing_urls"


@pytest.mark.parametrize(("path", "status"), ERRORS, ids=[str(status) for _path, status in ERRORS])
def test_error_page_has_no_axe_violations(page, db, path, status):
    response = page.goto(path)

    assert response.status == status
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


def test_the_csrf_failure_page_has_no_axe_violations(page, db):
    page.goto("/")
    page.context.clear_cookies()  # as when cookies are blocked: the language form goes without the CSRF cookie

    with page.expect_navigation():
        page.get_by_role("button", name="Svenska").click()

    assert page.locator("h1").inner_text() == "Lomaketta ei voitu lähettää"
    assert_accessible(page)


@pytest.mark.parametrize(
    ("path", "heading"), [("/virhe/500/", "Något gick fel"), ("/virhe/503/", "Tjänsten är tillfälligt otillgänglig")]
)
def test_the_language_can_be_changed_on_a_page_rendered_without_the_database(page, db, path, heading):
    page.goto(path)

    with page.expect_navigation():
        page.get_by_role("button", name="Svenska").click()

    assert page.url.endswith(path)
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == heading
