"""Every form sent empty or answered with warnings (with JavaScript and without), every htmx swap, and the list
pages of an empty database."""

import re
import time

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from osallisuus.models import User
from tests.browser.crawl import data as crawl_data
from tests.browser.crawl.support import (
    EMPTY_FORM,
    FORMS_ANSWERED,
    FORMS_WITH_ERRORS,
    HTMX_SETTLED,
    PUBLIC,
    Audit,
    after_swap,
    announced,
    answer_values,
    check_axe,
    check_error_state,
    check_keyboard,
    close,
    focused_id,
    new_page,
    reset_announcer,
    url_of,
    visit,
)
from tests.browser.support import login


def test_every_form_sent_empty_shows_accessible_errors(browser, site, data):
    audit = Audit()
    started = time.monotonic()
    page = new_page(browser, site)
    page.goto(reverse("login"))
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    check_error_state(page, audit, "[fi, errors] login")
    audit.pages["public/fi/errors"] += 1
    site.log_in(page, "admin")
    for name, form_selector, submit in FORMS_WITH_ERRORS:
        label = f"[fi, errors] {name} {submit}"
        page.goto(url_of(name, data))
        form = page.locator(form_selector).first
        if not form.count():
            audit.problems.append(f"{label}: form {form_selector} not found")
            continue
        form.evaluate(EMPTY_FORM)
        with page.expect_navigation():
            form.locator(submit).first.click()
        check_error_state(page, audit, label)
        audit.pages[("public" if name in PUBLIC else "staff") + "/fi/errors"] += 1
    for language in ["sv", "en"]:  # the public form's errors in the other languages
        other = new_page(browser, site, language)
        other.goto(reverse("initiatives:create"))
        with other.expect_navigation():
            other.locator("main form.form button[type=submit]").click()
        check_error_state(other, audit, f"[{language}, errors] initiatives:create")
        audit.pages[f"public/{language}/errors"] += 1
        close(other, audit)
    close(page, audit)
    print(audit.summary(f"forms with errors ({time.monotonic() - started:.0f} s)"))
    audit.fail_if_any()


def test_forms_answered_with_warnings_stay_accessible(browser, site, data):
    """Each of FORMS_ANSWERED sent filled in: its warnings come as errors with boxes to confirm, and the page passes
    what an error page must (check_error_state) and the keyboard walk (the boxes are new stops)."""
    audit = Audit()
    started = time.monotonic()
    values = answer_values(data)
    page = new_page(browser, site, user="admin")
    for name, fill, state in FORMS_ANSWERED:
        label = f"[fi, answered] {name or 'again'} ({state})"
        if name:
            page.goto(url_of(name, data))
        form = page.locator("main form.form")
        for selector, value in fill.items():
            field = form.locator(selector.format(**values))
            if value is True:
                field.check()
            else:
                field.fill(value.format(**values))
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        check_error_state(page, audit, label)
        check_keyboard(page, audit, label)
        audit.pages["staff/fi/answered"] += 1
    close(page, audit)
    print(audit.summary(f"forms answered ({time.monotonic() - started:.0f} s)"))
    audit.fail_if_any()


def test_a_form_sent_without_javascript_shows_accessible_errors(browser, site, data):
    """The initiative form sent empty by a browser without JavaScript: the server's own page with the errors.

    axe-core needs JavaScript (its checks wait on timers), so the HTML the no-JavaScript browser got is audited in
    a second page at the same address, its response replaced by that HTML."""
    audit = Audit()
    no_script = new_page(browser, site, javascript=False)
    no_script.goto(reverse("initiatives:create"))
    with no_script.expect_navigation():
        no_script.locator("main form.form button[type=submit]").click()
    assert no_script.locator(".error-summary").is_visible()
    assert no_script.url.endswith(reverse("initiatives:create"))
    html = no_script.content()
    close(no_script, audit)

    page = new_page(browser, site)
    page.route(f"**{reverse('initiatives:create')}", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(reverse("initiatives:create"))
    check_error_state(page, audit, "[fi, errors, no JavaScript] initiatives:create")
    audit.pages["public/fi/errors without JavaScript"] += 1
    close(page, audit)
    audit.fail_if_any()


def test_public_htmx_swaps_announce_their_result_and_keep_focus(browser, site, data):
    """The public pages' swaps: the list's filter and pages, the programme's filters, a body's terms and the
    initiative form's service field."""
    audit = Audit()
    started = time.monotonic()
    page = new_page(browser, site)

    # The public list: a filter's change swaps the results; focus stays on the filter.
    page.goto(reverse("initiatives:list"))
    reset_announcer(page)
    page.locator("#id_status").focus()
    with page.expect_response(re.compile(r"/aloitteet/\?")):
        page.locator("#id_status").select_option("decided")
    after_swap(page, audit, "initiatives:list filter", focus="id_status", says=r"\d+ aloitet")
    # Its pagination: the link is replaced, so focus moves to the new results' heading.
    page.goto(reverse("initiatives:list"))
    reset_announcer(page)
    page.locator("#results .pagination a").last.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"page=2"))
    after_swap(page, audit, "initiatives:list next page", focus="results-heading", says=r"\d+ aloitet.*Sivu 2 / \d")

    # The programme's filters.
    page.goto(reverse("ladder:index"))
    reset_announcer(page)
    page.locator("#id_step").focus()
    with page.expect_response(re.compile(r"/ohjelma/\?")):
        page.locator("#id_step").select_option(index=1)
    after_swap(page, audit, "ladder:index filter", focus="id_step", says=r"\d+ toimenp")

    # A body's terms: the term link is replaced, focus moves to the term's heading.
    page.goto(reverse("bodies:body", kwargs={"slug": data.body.slug}))
    reset_announcer(page)
    page.locator(f"#term a[href$='/toimikausi/{data.old_term.pk}/']").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/toimikausi/{data.old_term.pk}/")
    after_swap(page, audit, "bodies:term", focus="H2", says=str(data.old_term))

    # Start typing the initiative form: the service field appears for service users, focus stays on the choice.
    page.goto(reverse("initiatives:create"))
    service_user = page.locator("input[name=initiator_kind][value=service_user]")
    service_user.focus()
    with page.expect_response(re.compile(r"/aloitteet/uusi/\?")):
        page.keyboard.press("Space")
    page.wait_for_function(HTMX_SETTLED)
    if page.evaluate("document.activeElement.value") != "service_user":
        audit.problems.append("initiatives:create service field: focus left the initiator choice")
    check_axe(page, audit, "initiatives:create service field")
    audit.pages["htmx/fi/swapped"] += 1
    close(page, audit)
    print(audit.summary(f"public htmx swaps ({time.monotonic() - started:.0f} s)"))
    audit.fail_if_any()


def test_staff_htmx_swaps_announce_their_result_and_keep_focus(browser, site, data):
    """The workspace's filter and the yearly list's organ choice."""
    audit = Audit()
    started = time.monotonic()
    page = new_page(browser, site)

    # The staff workspace: filtering moves focus to the results (autofocus), paging too.
    login(page, "admin", crawl_data.PASSWORD)
    page.wait_for_url("**/henkilosto/")
    reset_announcer(page)
    page.locator("#id_state").select_option("overdue")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"state=overdue"))
    after_swap(page, audit, "initiatives:workspace filter", focus="rows-heading", says=r"\d+ aloitet")

    # The yearly list's organ choice swaps its preview.
    page.goto(reverse("initiatives:annual-list", kwargs={"year": data.year}))
    organ = page.locator("main select").first
    expect(organ).to_be_visible()
    reset_announcer(page)
    organ.focus()
    with page.expect_response(re.compile(r"/vuosilista/")):
        organ.select_option(index=1)
    page.wait_for_function(HTMX_SETTLED)
    announced(page)
    check_axe(page, audit, "initiatives:annual-list organ")
    if page.locator("#live-announcer").inner_text().strip() == "":
        audit.problems.append("initiatives:annual-list organ: nothing announced")
    if focused_id(page) != organ.evaluate("el => el.id"):
        audit.problems.append("initiatives:annual-list organ: focus left the organ choice")
    audit.pages["htmx/fi/swapped"] += 1
    close(page, audit)
    print(audit.summary(f"staff htmx swaps ({time.monotonic() - started:.0f} s)"))
    audit.fail_if_any()


def test_agenda_and_attendance_swaps_announce_their_result_and_keep_focus(browser, site):
    """A meeting's agenda (add, errors, move) and attendance, on the test's own copy of the data: both are changed."""
    data = site.own_data()
    audit = Audit()
    started = time.monotonic()
    page = new_page(browser, site)
    login(page, "admin", crawl_data.PASSWORD)
    page.wait_for_url("**/henkilosto/")

    # A meeting's agenda: add an item, send the add form empty (errors in the swapped part), move an item.
    page.goto(reverse("bodies:staff-meeting", kwargs={"slug": data.body.slug, "pk": data.planned.pk}))
    reset_announcer(page)
    page.locator("#id_title").fill("Saavutettavuus")
    page.locator("#id_title").press("Enter")
    page.wait_for_selector("#agenda li:has-text('Saavutettavuus')")
    after_swap(page, audit, "bodies:staff-agenda add", focus="id_title", says="Saavutettavuus")
    reset_announcer(page)
    page.locator("#id_title").press("Enter")
    page.wait_for_selector("#agenda .error-summary")
    text = announced(page)
    if not text:
        audit.problems.append("bodies:staff-agenda empty: nothing announced")
    check_axe(page, audit, "bodies:staff-agenda empty (errors)")
    audit.pages["htmx/fi/errors"] += 1
    reset_announcer(page)
    page.locator("#agenda ol > li").last.get_by_role("button").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('live-announcer').textContent.trim() !== ''")
    after_swap(page, audit, "bodies:staff-agenda move", focus="agenda-title", says=r".")

    # Attendance of a held meeting whose minutes are not yet published (published minutes close the meeting).
    page.goto(reverse("bodies:staff-meeting", kwargs={"slug": data.body.slug, "pk": data.minutes_draft.pk}))
    save = page.locator("#attendance-save")
    expect(save).to_be_visible()
    reset_announcer(page)
    save.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#attendance [role=status]:not(:empty)")
    after_swap(page, audit, "bodies:staff-attendance", focus="attendance-save", says=r".")
    close(page, audit)
    print(audit.summary(f"agenda and attendance swaps ({time.monotonic() - started:.0f} s)"))
    audit.fail_if_any()


def test_list_pages_when_there_is_nothing_yet(browser, site):
    site.empty()
    crawl_data.ensure_groups()
    User.objects.create_superuser("admin", "admin@example.invalid", crawl_data.PASSWORD)
    audit = Audit()
    page = new_page(browser, site)
    year = timezone.localdate().year
    for name in ["home", "initiatives:list", "bodies:index", "ladder:index"]:
        visit(page, audit, reverse(name), f"[fi, empty] {name}")
        audit.pages["public/fi/empty"] += 1
    site.log_in(page, "admin")
    for url in [
        reverse("initiatives:workspace"),
        reverse("initiatives:staff-outbox"),
        reverse("initiatives:annual-list", kwargs={"year": year}),
        reverse("bodies:staff-index"),
        reverse("ladder:staff-index"),
    ]:
        visit(page, audit, url, f"[fi, empty] {url}")
        audit.pages["staff/fi/empty"] += 1
    close(page, audit)
    print(audit.summary("empty pages"))
    audit.fail_if_any()
