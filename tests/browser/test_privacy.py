"""The privacy notice and the access request page in real Chromium: axe-core in every state, and an export downloaded
with the keyboard alone."""

import json
from pathlib import Path

import pytest

from osallisuus.roles import Role
from privacy.models import AccessRequestExport
from tests.browser.support import assert_accessible, login
from tests.conftest import make_user
from tests.initiatives.factories import make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_privacy_notice_is_accessible(page, language):
    page.goto("/tietosuoja/")
    if language != "fi":
        page.locator(f"form.language-switcher button[value={language}]").click()
        page.wait_for_url("**/tietosuoja/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("main h3").count() >= 10
    assert_accessible(page)


def test_access_request_page_empty_error_and_keyboard_download(page):
    make_user("kirjaaja", Role.REGISTRY)
    make_initiative(name="Maija Meikäläinen", email="maija@example.invalid")
    login(page, "kirjaaja")
    page.goto("/henkilosto/tietopyynto/")
    assert page.locator("h1").inner_text() == "Pyyntö saada omat henkilötiedot"
    assert_accessible(page)

    # Sent empty: the error summary takes focus and names the field.
    page.get_by_role("button", name="Lataa JSON-tiedostona").click()
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "Tämä kenttä vaaditaan." in page.locator(".error-summary").inner_text()
    assert_accessible(page)

    # Keyboard only: focus the field, type, Enter downloads the JSON.
    page.focus("#id_query")
    page.keyboard.type("maija@example.invalid")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.startswith("tietopyynto-")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["initiatives"][0]["name"] == "Maija Meikäläinen"
    assert AccessRequestExport.objects.get().query == "maija@example.invalid"

    # The log on the page, and still accessible with rows.
    page.goto("/henkilosto/tietopyynto/")
    assert "maija@example.invalid" in page.locator("main table").inner_text()
    assert_accessible(page)
