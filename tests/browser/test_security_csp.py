"""The strict Content Security Policy holds in a real browser on a page of every kind, public, staff and admin: the
page listens for `securitypolicyviolation` events from before its first script runs, and any event fails the test
(besides the harness's watch of CSP console messages)."""

import pytest

from tests.browser import support
from tests.security.portal import build_portal

# Registered through the DevTools protocol before any of the page's own scripts, so the page's CSP does not apply.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`);
});
"""


def public_pages(portal) -> list[str]:
    o, initiative = portal.objects, portal.initiative
    body = o["body"].slug
    return [
        "/",
        "/saavutettavuus/",
        "/saavutettavuus/palaute/",
        "/tietosuoja/",
        "/aloitteet/",
        "/aloitteet/?q=penkki&sort=oldest",
        "/aloitteet/uusi/",
        "/aloitteet/linkki/",
        f"/aloitteet/{initiative.reference}/",
        f"/aloitteet/seuranta/{initiative.tracking_token}/",
        "/toimielimet/",
        f"/toimielimet/{body}/",
        f"/toimielimet/{body}/kokoukset/{o['meeting'].pk}/",
        f"/toimielimet/{body}/lausunnot/{o['statement'].pk}/",
        "/ohjelma/",
        "/henkilosto/kirjaudu/",
        "/ei-tallaista-sivua/",  # the 404 page
    ]


def staff_pages(portal) -> list[str]:
    o, initiative = portal.objects, portal.initiative
    body = f"/henkilosto/toimielimet/{o['body'].slug}"
    return [
        "/henkilosto/",
        "/henkilosto/aloitteet/uusi/",
        f"/henkilosto/aloitteet/{initiative.reference}/",
        "/henkilosto/viestit/",
        f"/henkilosto/vuosilista/{initiative.arrival_year}/",
        f"/henkilosto/vuosilista/{initiative.arrival_year}/paatos/",
        f"/henkilosto/vuosilista/tiedosto/{o['annual_file'].pk}/",
        "/henkilosto/toimielimet/",
        f"{body}/",
        f"{body}/kokoukset/uusi/",
        f"{body}/kokoukset/{o['meeting'].pk}/",
        f"{body}/kokoukset/{o['meeting'].pk}/esityslista/",
        f"{body}/jasenyydet/{o['membership'].pk}/",
        f"{body}/lausunnot/{o['statement'].pk}/",
        "/henkilosto/ohjelma/",
        "/henkilosto/tietopyynto/",
        "/henkilosto/saavutettavuuspalaute/",
        f"/henkilosto/saavutettavuuspalaute/{o['feedback'].pk}/",
        "/admin/",
        "/admin/initiatives/initiative/",
        f"/admin/initiatives/initiative/{initiative.pk}/change/",
        "/admin/ladder/action/",
        "/admin/ladder/action/add/",
        f"/admin/bodies/meeting/{o['meeting'].pk}/change/",
        "/admin/osallisuus/user/",
    ]


def violations_on(page, path: str) -> list[str]:
    response = page.goto(path)
    assert response is not None
    assert response.status == (404 if path == "/ei-tallaista-sivua/" else 200), path  # the page itself, not a login
    page.wait_for_load_state("load")
    return [f"{path}: {violation}" for violation in page.evaluate("window.__cspViolations")]


@pytest.fixture
def portal(db):
    return build_portal()


def test_no_public_page_violates_the_policy(page, portal):
    page.add_init_script(LISTEN)
    paths = public_pages(portal)

    violations = [violation for path in paths for violation in violations_on(page, path)]

    assert violations == [], "\n".join(violations)
    assert len(paths) == 17


def test_no_staff_or_admin_page_violates_the_policy(page, portal):
    page.add_init_script(LISTEN)
    support.login(page, "paakayttaja")
    page.wait_for_url("**/henkilosto/")
    paths = staff_pages(portal)

    violations = [violation for path in paths for violation in violations_on(page, path)]

    assert violations == [], "\n".join(violations)
    assert len(paths) == 25


def test_an_htmx_swap_and_a_form_error_stay_within_the_policy(page, portal):
    page.add_init_script(LISTEN)
    page.goto("/aloitteet/")
    with page.expect_response(lambda response: "/aloitteet/?" in response.url):
        page.fill("#id_q", "penkki")
        page.press("#id_q", "Enter")
    page.goto("/henkilosto/kirjaudu/")
    page.fill("#id_username", "ei-ole")
    page.fill("#id_password", "vaara-salasana-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")

    assert page.evaluate("window.__cspViolations") == []


def test_the_listener_does_hear_a_violation(browser, live_server, portal):
    """The watch itself works: an inline script added to a page is blocked and reported. (Its own browser context:
    the `page` fixture would rightly fail on the violation this test causes.)"""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.add_init_script(LISTEN)
    page.goto("/")
    page.evaluate(
        """() => new Promise((resolve) => {
             document.addEventListener("securitypolicyviolation", () => resolve(), {once: true});
             const script = document.createElement("script");
             script.textContent = "window.injected = true";
             document.body.append(script);
           })"""
    )

    assert page.evaluate("window.injected") is None
    assert page.evaluate("window.__cspViolations.length") == 1
    assert page.evaluate("window.__cspViolations[0]").startswith("script-src")
    context.close()
