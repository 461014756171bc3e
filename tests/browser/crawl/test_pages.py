"""Every page type, public and staff, in every language and state; every URL pattern crawled or skipped."""

import time

from django.urls import reverse

from tests.browser.crawl.support import (
    LANGUAGES,
    PUBLIC,
    SKIPPED,
    STAFF,
    STATES,
    Audit,
    admin_urls,
    check_language,
    close,
    new_page,
    resolver_names,
    url_of,
    visit,
    visit_staff_states,
)


def test_every_url_pattern_is_crawled_or_skipped_with_a_reason():
    names = resolver_names()
    declared = set(PUBLIC) | set(STAFF) | set(SKIPPED)
    forgotten = sorted(names - declared)
    assert not forgotten, f"URL patterns neither crawled nor skipped in tests/browser/crawl/support.py: {forgotten}"
    assert not set(PUBLIC) & set(STAFF)
    assert not (set(PUBLIC) | set(STAFF)) & set(SKIPPED)
    stale = sorted((set(PUBLIC) | set(STAFF) | set(SKIPPED)) - names)
    assert not stale, f"declared in the crawl but not in the resolver any more: {stale}"


def test_public_pages_in_every_language(browser, site, data):
    audit = Audit()
    started = time.monotonic()
    for language in LANGUAGES:
        page = new_page(browser, site, language)
        for name, query in PUBLIC.items():
            # Keyboard and zoom once (the layout is the language's only in its words); axe and 320 px in each.
            visit(page, audit, url_of(name, data, query), f"[{language}] {name}", keyboard=language == "fi")
            audit.pages[f"public/{language}/filled"] += 1
        for user, name, row, query, state in STATES:
            if not user:
                label = f"[{language}] {name} ({state})"
                visit(page, audit, url_of(name, data, query, row), label, keyboard=language == "fi")
                audit.pages[f"public/{language}/states"] += 1
        check_language(page, audit, language, "the page")
        close(page, audit)
    print(audit.summary(f"public pages ({time.monotonic() - started:.0f} s)"))
    audit.fail_if_any()


def test_staff_pages_and_the_admin(browser, site, data):
    audit = Audit()
    started = time.monotonic()
    page = new_page(browser, site, user="admin")
    for name, query in STAFF.items():
        status = 400 if name == "ladder:staff-report" else 200  # the report form's error page
        visit(page, audit, url_of(name, data, query), f"[fi] {name}", status=status)
        audit.pages["staff/fi/filled"] += 1
    held = reverse("bodies:staff-meeting", kwargs={"slug": data.body.slug, "pk": data.held.pk})
    visit(page, audit, held, "[fi] bodies:staff-meeting (held, attendance)")
    audit.pages["staff/fi/filled"] += 1
    for name, url in admin_urls():
        visit(page, audit, url, f"[fi] {name}")
        audit.pages["admin/fi/filled"] += 1
    close(page, audit)
    visit_staff_states(browser, site, data, audit, "fi")
    print(audit.summary(f"staff pages ({time.monotonic() - started:.0f} s)"))
    audit.fail_if_any()


def test_staff_pages_in_swedish_and_english(browser, site, data):
    """Staff may work in Swedish or English: axe and 320 px reflow there too (longer words, other badges); the
    keyboard walk is done once, in Finnish, as the pages' controls do not change with the language."""
    audit = Audit()
    started = time.monotonic()
    for language in ["sv", "en"]:
        page = new_page(browser, site, language, user="admin")
        for name, query in STAFF.items():
            status = 400 if name == "ladder:staff-report" else 200  # the report form's error page
            visit(page, audit, url_of(name, data, query), f"[{language}] {name}", keyboard=False, status=status)
            audit.pages[f"staff/{language}/filled"] += 1
        check_language(page, audit, language, "the staff page")
        close(page, audit)
        visit_staff_states(browser, site, data, audit, language)
    print(audit.summary(f"staff pages in sv and en ({time.monotonic() - started:.0f} s)"))
    audit.fail_if_any()
