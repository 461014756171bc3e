"""The public initiative pages in Chromium: the form by keyboard alone, focus on errors, htmx swaps, axe-core."""

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from initiatives.models import Initiative
from initiatives.views import public as public_views
from tests.browser.support import assert_accessible
from tests.initiatives.factories import make_initiative, make_municipality, make_noticed, make_published

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _spam_checks_do_not_block(monkeypatch):
    # The live server runs in this process: a person at a keyboard is not slower than the test's minimum.
    monkeypatch.setattr(django_settings, "FORM_MIN_FILL_SECONDS", 0)
    # The rate limit's slots live in the cache table, which transactional tests do not empty between tests.
    monkeypatch.setattr(public_views, "CREATE_LIMIT_PER_HOUR", 1000)


def active(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def tab_to(page, element_id: str, *, limit: int = 80) -> None:
    """Press Tab until the element with `element_id` has focus, as a keyboard user would."""
    for _press in range(limit):
        if page.evaluate("document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} was not reached with Tab; focus is on {active(page)!r}")


def test_a_resident_makes_an_initiative_with_the_keyboard_only(page):
    make_municipality("Pori", "609")
    page.goto("/aloitteet/uusi/")
    assert page.locator("h1").inner_text() == "Tee aloite"
    assert_accessible(page)

    tab_to(page, "id_initiator_kind_0")
    page.keyboard.press("Space")  # "Alueen asukas"
    assert page.locator("#id_initiator_kind_0").is_checked()
    # htmx hides the service field from residents; without JavaScript it is simply always there.
    expect(page.locator("#service-field input")).to_have_count(0)

    tab_to(page, "id_name")
    page.keyboard.type("Maija Meikäläinen")
    tab_to(page, "id_home_municipality")
    page.keyboard.type("Pori")  # a closed select picks the option typed
    assert page.locator("#id_home_municipality option:checked").inner_text() == "Pori"
    # No email or postal address yet: the first try fails.
    tab_to(page, "id_title")
    page.keyboard.type("Penkki terveysaseman pihaan")
    tab_to(page, "id_text")
    page.keyboard.type("Pihassa ei voi levätä. Ehdotan penkkiä.")
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "sähköpostiosoite tai postiosoite" in summary.inner_text()
    assert page.title().startswith("Virhe:")
    assert Initiative.objects.count() == 0
    assert_accessible(page)
    # The answers given are kept.
    assert page.locator("#id_name").input_value() == "Maija Meikäläinen"

    page.keyboard.press("Tab")  # into the summary: its first link
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_email"
    page.keyboard.press("Enter")
    expect(page.locator("#id_email")).to_be_focused()
    page.keyboard.type("maija@example.invalid")
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    initiative = Initiative.objects.get()
    assert page.url.endswith(f"/aloitteet/seuranta/{initiative.tracking_token}/?sent=1")
    assert page.locator("h1").inner_text() == f"Aloitteesi {initiative.reference}"
    assert "Aloitteesi on vastaanotettu" in page.locator("#sent").inner_text()
    assert initiative.notice_due_on.strftime("%-d.%-m.%Y") in page.locator("#sent").inner_text()
    assert initiative.email == "maija@example.invalid"
    assert_accessible(page)


def test_the_service_field_appears_for_service_users(page):
    page.goto("/aloitteet/uusi/")
    page.locator("#id_initiator_kind_4").check()  # "Alueen palvelun käyttäjä"
    expect(page.locator("#service-field input[name=service]")).to_have_count(1)
    page.locator("#id_initiator_kind_0").check()
    expect(page.locator("#service-field input")).to_have_count(0)
    assert_accessible(page)


def _choose_with_arrow(page, key: str) -> None:
    """Move to the next or previous initiator kind with an arrow key (which also selects it) and wait for htmx's
    answer to that choice."""
    with page.expect_response(lambda response: "/aloitteet/uusi/?" in response.url):
        page.keyboard.press(key)


def test_a_service_user_chosen_with_the_keyboard_gets_the_service_field_instead_of_the_consent_box(page):
    """A service user's name is never published (initiatives.publication), so choosing that kind swaps the service
    field in and the name-consent box out (htmx, out of band into #consent-field); choosing resident brings it back.
    Focus stays on the choice and the page passes axe-core both ways."""
    consent = page.locator("#consent-field input[name=name_publication_consent]")
    service = page.locator("#service-field input[name=service]")
    page.goto("/aloitteet/uusi/")
    tab_to(page, "id_initiator_kind_0")
    page.keyboard.press("Space")  # "Alueen asukas"
    expect(consent).to_have_count(1)

    for _kind in range(4):  # down the radio group to the last kind, "Alueen palvelun käyttäjä"
        _choose_with_arrow(page, "ArrowDown")
    expect(page.get_by_label("Alueen palvelun käyttäjä", exact=True)).to_be_checked()
    expect(page.get_by_label("Alueen palvelun käyttäjä", exact=True)).to_be_focused()
    expect(service).to_have_count(1)
    expect(consent).to_have_count(0)
    expect(page.locator("#consent-field")).to_contain_text("Palvelun käyttäjän nimeä ei koskaan julkaista")
    assert_accessible(page)

    for _kind in range(4):  # and back up to resident
        _choose_with_arrow(page, "ArrowUp")
    expect(page.get_by_label("Alueen asukas", exact=True)).to_be_checked()
    expect(page.get_by_label("Alueen asukas", exact=True)).to_be_focused()
    expect(service).to_have_count(0)
    expect(consent).to_have_count(1)
    expect(consent).not_to_be_checked()
    assert_accessible(page)


def test_without_javascript_the_consent_box_is_shown_to_everyone(browser, live_server):
    """Without JavaScript nothing is swapped: the service field and the consent box are both there whatever kind is
    chosen (the server ignores the consent of a service user: tests/initiatives/test_public_form.py)."""
    context = browser.new_context(base_url=live_server.url, locale="fi-FI", java_script_enabled=False)
    page = context.new_page()
    page.goto("/aloitteet/uusi/")
    page.get_by_label("Alueen palvelun käyttäjä", exact=True).check()
    expect(page.get_by_label("Alueen palvelun käyttäjä", exact=True)).to_be_checked()
    expect(page.locator("#service-field input[name=service]")).to_be_visible()
    expect(page.locator("#consent-field input[name=name_publication_consent]")).to_be_visible()
    context.close()


def test_the_list_filters_with_htmx_and_stays_accessible(page, hyte_user, handler_user):
    pori = make_municipality("Pori", "609")
    rauma = make_municipality("Rauma", "684")
    make_published(hyte_user, title="Penkkejä Poriin", home_municipality=pori)
    make_published(hyte_user, title="Valoja Raumalle", home_municipality=rauma)
    noticed = make_noticed(handler_user, title="Käsittelyssä oleva", home_municipality=pori)
    from initiatives.services import initiative_publish

    initiative_publish(initiative=noticed, user=hyte_user)

    page.goto("/aloitteet/")
    expect(page.locator("#results .card")).to_have_count(3)
    assert_accessible(page)

    page.select_option("#id_municipality", str(rauma.pk))
    expect(page.locator("#results .card")).to_have_count(1)
    assert page.locator("#results h3").inner_text() == "Valoja Raumalle"
    assert f"municipality={rauma.pk}" in page.url  # the filtered list has its own address
    assert_accessible(page)

    page.select_option("#id_municipality", "")
    page.fill("#id_q", "penkkejä")
    page.locator("#id_q").press("Enter")
    # Waits for the search's own answer: the list before it (Rauma's) also had a single card.
    expect(page.locator("#results h3")).to_have_text(["Penkkejä Poriin"])

    page.goto("/aloitteet/?status=in_progress")  # the same address works as a full page
    assert page.locator("#results h3").inner_text() == "Käsittelyssä oleva"
    assert_accessible(page)

    page.locator("#results h3 a").click()
    assert page.locator("h1").inner_text() == "Käsittelyssä oleva"
    assert page.locator(".timeline").is_visible()
    assert_accessible(page)


def test_the_empty_list_and_the_resend_form_are_accessible(page):
    page.goto("/aloitteet/")
    expect(page.locator("#results .card")).to_have_count(0)
    assert_accessible(page)
    page.goto("/aloitteet/linkki/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä linkit").click()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_accessible(page)


def test_the_private_page_keeps_its_address_out_of_referrers_and_its_forms_working(page, live_server):
    initiative = make_initiative()
    page.goto(f"/aloitteet/seuranta/{initiative.tracking_token}/")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main a[href='/tietosuoja/#initiatives']").click()
    assert page.evaluate("document.referrer") == live_server.url + "/"  # the origin only, never the token
    page.go_back()
    with page.expect_navigation():
        page.get_by_role("button", name="Svenska").click()  # a POST form: must pass the CSRF origin check
    assert page.url.endswith(f"/aloitteet/seuranta/{initiative.tracking_token}/")
    assert page.locator("h1").inner_text() == f"Ditt initiativ {initiative.reference}"
