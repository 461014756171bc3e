"""Helpers for browser tests: axe-core (the copy the axe-playwright-python package ships) and logging in."""

from pathlib import Path

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# What axe loads before its rules that need it: by default the page's style sheets re-parsed ("cssom") and its audio
# and video ("media"). Of the rules these tags run only no-autoplay-audio needs anything (media); the one rule that
# reads the style sheets, css-orientation-lock, is tagged "experimental", which axe never runs unless that tag is
# asked for. Re-parsing every style sheet for nothing took about a tenth of each page's audit (the admin's most).
AXE_PRELOAD = {"assets": ["media"], "timeout": 10_000}
# `selectors` (a unique CSS selector for each element in the results: the report's targets) took about a sixth of a
# run; only a report of violations needs them, so a page with violations is audited again with them.
AXE_RUN = """([tags, preload, selectors]) => axe.run(document, {
  runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], preload, selectors})"""


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (evaluated through the DevTools protocol, so the page's CSP still holds)."""
    page.evaluate(AXE_SOURCE)
    violations = page.evaluate(AXE_RUN, [AXE_TAGS, AXE_PRELOAD, False])["violations"]
    if violations:  # again, for the offending elements' selectors
        violations = page.evaluate(AXE_RUN, [AXE_TAGS, AXE_PRELOAD, True])["violations"] or violations
    return violations


def assert_accessible(page) -> None:
    """Zero axe-core violations of the WCAG 2.1 and 2.2 A and AA rules on the page as it is now."""
    violations = axe_violations(page)
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
    assert not violations, f"axe-core violations on {page.url}:\n{report}"


def login(page, username: str, password: str = "test-password-123") -> None:
    """Log in through the real login form."""
    page.goto("/henkilosto/kirjaudu/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
