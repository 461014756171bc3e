"""Browser tests: Playwright driving Debian's Chromium, CSP violations watched (axe-core helpers: support.py).

Without /usr/bin/chromium these tests are skipped with one line saying how to install it, except in CI (CI=true),
where a missing browser is a failure.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MISSING_BROWSER = "Chromium not found at /usr/bin/chromium: install it with 'apt-get install chromium' to run them"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make there are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


NOT_RUN = pytest.StashKey[int]()


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests; where Chromium is missing (and not in CI) leave them out with one line saying why."""
    browser_items = [item for item in items if "tests/browser/" in str(item.path).replace(os.sep, "/")]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if not browser_items or CHROMIUM.exists() or os.environ.get("CI") == "true":
        return
    items[:] = [item for item in items if item not in browser_items]
    config.hook.pytest_deselected(items=browser_items)
    config.stash[NOT_RUN] = len(browser_items)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not_run := config.stash.get(NOT_RUN, 0):
        terminalreporter.write_line(f"{not_run} browser tests not run: {MISSING_BROWSER}.", yellow=True, bold=True)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{MISSING_BROWSER} (CI=true requires the browser tests)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A fresh browser context at 1280 px, failing the test if the page reports any CSP violation.

    The live server's tests flush the database, so they build the rows they need (tests.conftest.make_user creates
    role groups on demand)."""
    context = browser.new_context(base_url=live_server.url, locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert not violations, "CSP violations:\n" + "\n".join(violations)
