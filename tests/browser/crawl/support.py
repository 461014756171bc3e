"""What the accessibility crawl checks and how (the tests are beside this module; see its package docstring):
the page types and states crawled, the checks run on each page, and the browser contexts."""

import contextlib
import datetime
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.crawl import data as crawl_data
from tests.browser.support import axe_violations, login

LANGUAGES = ["fi", "sv", "en"]

# Pages anyone may see: url name -> query string.
PUBLIC: dict[str, str] = {
    "home": "",
    "accessibility": "",
    "accessibility-feedback": "",  # the feedback form of the accessibility statement
    "accessibility-feedback-thanks": "",
    "privacy": "",
    "login": "",
    "initiatives:list": "",
    "initiatives:create": "",
    "initiatives:resend-link": "",
    "initiatives:track": "",
    "initiatives:detail": "",
    "bodies:index": "",
    "bodies:body": "",
    "bodies:term": "",
    "bodies:meeting": "",
    "bodies:statement": "",
    "ladder:index": "",
}
# Staff pages, crawled logged in as the administrator (who holds every role): url name -> query string.
STAFF: dict[str, str] = {
    "initiatives:workspace": "",
    "initiatives:staff-register": "",
    "initiatives:staff-detail": "",
    "initiatives:staff-outbox": "",
    "initiatives:annual-list": "",
    "initiatives:annual-list-declare": "",
    "initiatives:annual-file": "",
    "bodies:staff-index": "",
    "bodies:staff-body": "",
    "bodies:staff-term-create": "",
    "bodies:staff-seat-create": "",
    "bodies:staff-membership-create": "",
    "bodies:staff-membership": "",
    "bodies:staff-meeting-create": "",
    "bodies:staff-meeting": "",
    "bodies:staff-agenda": "muokkaa={agenda_item}",  # the no-JavaScript page for editing one agenda item
    "bodies:staff-statement-create": "",
    "bodies:staff-statement": "",
    "bodies:staff-minutes-names": "",  # minutes published today whose every name the portal recognised
    "ladder:staff-index": "",
    "ladder:staff-report": "year=x",  # a wrong year: the staff page with the report form's error (400)
    "accessibility-feedback-list": "",
    "accessibility-feedback-detail": "",
    "access-request": "",  # a wrong year: the staff page with the report form's error
}
SKIPPED: dict[str, str] = {
    "healthz": "plain-text probe for load balancers",
    "set_language": "POST-only (the language form, used by the crawl itself)",
    "logout": "POST-only",
    "initiatives:feed": "Atom feed",
    "initiatives:open-data-csv": "CSV",
    "initiatives:open-data-json": "JSON",
    "initiatives:staff-attachment": "file download",
    "initiatives:staff-notice-letter": "PDF",
    "initiatives:staff-final-letter": "PDF",
    "initiatives:annual-list-csv": "CSV",
    "initiatives:annual-list-pdf": "POST-only (starts the PDF)",
    "initiatives:annual-file-download": "PDF",
    "bodies:calendar": "iCalendar",
    "bodies:body-calendar": "iCalendar",
    "bodies:meeting-ics": "iCalendar",
    "bodies:minutes-file": "PDF",
    "bodies:statement-file": "PDF",
    "bodies:staff-minutes-file": "PDF",
    "bodies:staff-attendance": "POST-only (htmx form of bodies:staff-meeting, crawled there after a swap)",
    "bodies:staff-minutes": "POST-only (form of bodies:staff-meeting)",
}
# Further states of crawled pages, each seen by the user the page is for: (user, url name, the CrawlData field whose
# row the page shows, query string, the state). User "" is anyone: public pages, crawled in every language; staff
# pages are crawled in Finnish with the keyboard, and in Swedish and English.
STATES: list[tuple[str, str, str, str, str]] = [
    ("", "initiatives:track", "late", "sent=1", "just sent, its notice late"),
    ("", "bodies:meeting", "minutes_withheld", "", "minutes text withheld after the appeal period"),
    ("", "bodies:meeting", "minutes_removed", "", "names removed from the minutes"),
    ("hyte", "initiatives:staff-detail", "undelivered", "", "undelivered email, attachment, no contact details"),
    ("kirjaamo", "initiatives:staff-detail", "undelivered", "", "undelivered email with its error, attachment"),
    ("sihteeri", "bodies:staff-minutes-names", "minutes_draft", "", "minutes not published"),
    ("sihteeri", "bodies:staff-minutes-names", "minutes_appeal", "", "appeal period, words to check"),
    ("sihteeri", "bodies:staff-minutes-names", "minutes_withheld", "", "withheld after the appeal period"),
    ("sihteeri", "bodies:staff-minutes-names", "minutes_removed", "", "names removed"),
]
# The admin app whose model is crawled as the app's changelist and change form (others: their first model).
ADMIN_MODELS = {
    "osallisuus": "organ",
    "initiatives": "initiative",
    "bodies": "meeting",
    "ladder": "action",
    "auth": "group",
}
# (url name, CSS selector of the form, its submit button): each is sent with its fields emptied.
FORMS_WITH_ERRORS: list[tuple[str, str, str]] = [
    ("initiatives:create", "main form.form", "button[type=submit]"),
    ("initiatives:resend-link", "main form.form", "button[type=submit]"),
    ("initiatives:staff-register", "main form.form", "button[type=submit]"),
    ("initiatives:staff-detail", "main form:has(button[name=send_notice])", "button[name=send_notice]"),
    ("initiatives:staff-detail", "main form:has(button[name=reclassify])", "button[name=reclassify]"),
    ("initiatives:annual-list-declare", "main form.form", "button[type=submit]"),
    ("bodies:staff-term-create", "main form.form", "button[type=submit]"),
    ("bodies:staff-seat-create", "main form.form", "button[type=submit]"),
    ("bodies:staff-membership-create", "main form.form", "button[type=submit]"),
    ("bodies:staff-membership", "main form.form", "button[type=submit]"),
    ("bodies:staff-meeting-create", "main form.form", "button[type=submit]"),
    ("bodies:staff-meeting", "#details-title ~ form", "button[value=save]"),
    ("bodies:staff-statement-create", "main form.form", "button[type=submit]"),
    ("bodies:staff-statement", "main form.form", "button[type=submit]"),
    ("accessibility-feedback", "main form.form", "button[type=submit]"),
    ("accessibility-feedback-detail", "main form.form", "button[type=submit]"),
    ("access-request", "main form[action$='/tietopyynto/']", "button[type=submit]"),
]
# Forms sent filled in, for the states only their answers show (warnings with boxes to confirm): (url name, field
# selector -> value typed or True to tick, the state). Values and selectors take {sixty_days_ago}, {today} and
# {unfinished} (answer_values). An entry without a url name is sent again from the page the one before it left.
REGISTRATION = {
    "#id_channel_0": True,
    "#id_title": "Penkki terveysaseman pihaan",
    "#id_text": "Pihassa ei ole paikkaa levätä.",
    "#id_initiator_kind_0": True,
    "#id_name": "Maija Meikäläinen",
    "#id_postal_address": "Isolinnankatu 1\n28100 Pori",
}
FORMS_ANSWERED: list[tuple[str, dict[str, str | bool], str]] = [
    ("initiatives:staff-register", REGISTRATION | {"#id_arrived_on": "{sixty_days_ago}"}, "notice deadline passed"),
    ("initiatives:staff-register", REGISTRATION | {"#id_arrived_on": "2020-01-01"}, "deadline passed, old arrival"),
    ("", {"#id_confirm_deadline": True}, "deadline confirmed, old arrival not"),
    (
        "initiatives:annual-list-declare",
        {"#id_meeting_date": "{today}", "#id_section": "§ 45", 'input[name=unfinished][value="{unfinished}"]': True},
        "without a final notice, not confirmed",
    ),
]


# --- The resolver -------------------------------------------------------------------------------------------


def resolver_names() -> set[str]:
    """Every named URL pattern outside the admin, as namespace:name."""
    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # crawled as its index, a changelist and a change form per app
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern):
                names.add(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>")

    walk(get_resolver().url_patterns, "")
    return names


# --- What a page must pass ----------------------------------------------------------------------------------

TABBABLE = """() => {
  const selector = 'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex],'
    + ' [contenteditable]:not([contenteditable="false"])';
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '')
    + ' "' + (el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
  const elements = [...document.querySelectorAll(selector)].filter(el => {
    if (el.tabIndex < 0 || el.disabled || el.type === 'hidden' || el.closest('[inert], [hidden]')) return false;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') return false;
    const details = el.closest('details:not([open])');
    return !details || (el.tagName === 'SUMMARY' && el.parentElement === details);
  });
  const look = el => { const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor,
            s.textDecorationLine, s.color].join('|'); };
  // The baseline is the unfocused look, also of an element focused on load (autofocus).
  const active = document.activeElement;
  if (active && active !== document.body) active.blur();
  window.__crawl = {elements, looks: elements.map(look), look, describe};
  if (active && active !== document.body) active.focus();
  // Radio buttons of one group are one Tab stop (the arrow keys move within the group).
  return elements.map(el => ({
    key: el.type === 'radio' && el.name ? 'radio:' + (el.form ? el.form.id || el.form.action : '') + ':' + el.name
         : 'element:' + elements.indexOf(el),
    text: describe(el)}));
}"""

# Installed by TABBABLE: each focus change is logged as it happens, so Tab can be pressed many times between reads.
FOCUS_LOG = """() => {
  const crawl = window.__crawl;
  const info = el => {
    const index = crawl.elements.indexOf(el);
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const changed = index >= 0 && crawl.look(el) !== crawl.looks[index];
    const entry = {index, visible: changed, outline, text: crawl.describe(el),
      skip: el.matches('a[href^="#"]') && /main|pääsis|huvudinn/i.test(el.textContent),
      skipTarget: el.matches('a[href^="#"]') && el.getAttribute('href').length > 1
                  && !!document.getElementById(el.getAttribute('href').slice(1)), inView: false};
    // On the page, not off-screen (the browser scrolls a focused element into view after this event).
    const r = el.getBoundingClientRect();
    const [top, left] = [r.top + scrollY, r.left + scrollX];
    const root = document.documentElement;
    entry.inView = r.width * r.height > 0 && top + r.height > 0 && left + r.width > 0
                   && top < root.scrollHeight && left < root.scrollWidth;
    return entry;
  };
  crawl.log = [];
  // Each entry counts the Tab presses seen so far (Tab moves focus after its keydown), so that focus leaving the
  // page because of a Tab is told apart from the window losing focus.
  crawl.tabs = 0;
  document.addEventListener('keydown', event => { if (event.key === 'Tab') crawl.tabs += 1; }, true);
  document.addEventListener('focusin', event => crawl.log.push({...info(event.target), tabs: crawl.tabs}), true);
  // Focus leaving the document (past the last element) is a focusout towards nothing.
  document.addEventListener('focusout', event => {
    if (!event.relatedTarget) crawl.log.push({index: -1, blur: true, tabs: crawl.tabs});
  }, true);
}"""
READ_LOG = "() => window.__crawl.log.splice(0)"
AUTOFOCUS_APPLIED = """() => {
  const wanted = document.querySelector('[autofocus]');
  return !wanted || document.activeElement === wanted;
}"""

REFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolling = [];
  const unlabelled = [];
  for (const el of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(s.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
    if (el.matches('select, textarea, input')) continue;  // a form control scrolls its own value
    if (el.closest('.visually-hidden, .honeypot')) continue;
    scrolling.push(el);
    const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (el.tabIndex < 0 || !named || !['region', 'group'].includes(el.getAttribute('role'))) {
      unlabelled.push(el.tagName.toLowerCase() + '.' + el.className);
    }
  }
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && !scrolling.some(box => box.contains(el) && getComputedStyle(el).position !== 'absolute')
        && getComputedStyle(el).position !== 'fixed') {
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + el.className + ' ' + Math.round(r.right));
      if (wide.length > 4) break;
    }
  }
  const main = document.querySelector('main, #content, #container');
  const box = main ? main.getBoundingClientRect() : null;
  return {scrollWidth: document.documentElement.scrollWidth, width, wide, unlabelled,
          mainVisible: !!box && box.width > 0 && box.left >= 0 && box.right <= width + 1 && box.height > 0};
}"""


@dataclass
class Audit:
    """What the crawl saw: pages by kind, language and state, and every problem found (reported all at once)."""

    pages: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    tab_stops: int = 0
    seconds: Counter = field(default_factory=Counter)

    def fail_if_any(self) -> None:
        assert not self.problems, f"{len(self.problems)} accessibility problems:\n" + "\n".join(self.problems)

    def summary(self, title: str) -> str:
        counts = ", ".join(f"{kind} {count}" for kind, count in sorted(self.pages.items()))
        timing = ", ".join(f"{what} {seconds:.0f} s" for what, seconds in sorted(self.seconds.items()))
        return (
            f"{title}: {sum(self.pages.values())} page states audited ({counts}); {self.tab_stops} Tab stops;"
            f" {len(self.problems)} problems; time: {timing}"
        )


def check_axe(page, audit: Audit, label: str) -> None:
    for violation in axe_violations(page):
        targets = [node["target"] for node in violation["nodes"]][:3]
        audit.problems.append(f"{label}: axe {violation['id']} ({violation['impact']}) {violation['help']} {targets}")


def check_keyboard(page, audit: Audit, label: str) -> None:
    """Tab through the whole page: every stop in order, each visibly focused, and out at the end (no trap).

    A page that focuses an element on load (the login form's username) is walked from there to the end and then
    from the top again, where the first stop must be the skip link."""
    # The browser applies `autofocus` (the error summary, the login form's username) at a rendering update after the
    # load event, not before it: wait for it, or the walk would start from the top and miss what comes before it.
    page.wait_for_function(AUTOFOCUS_APPLIED)
    tabbable = page.evaluate(TABBABLE)
    page.evaluate(FOCUS_LOG)
    expected = {item["key"] for item in tabbable}
    reached: set[str] = set()
    at_top = not page.evaluate("document.activeElement && document.activeElement !== document.body")
    wrapped = done = False
    first_pass: set[str] = set()  # the stops reached before Tab left the page
    tabs = 0  # the Tab presses the page had seen at the last focus change
    presses, limit = 0, len(tabbable) * 3 + 10  # a date input's day, month and year are three stops
    while not done and presses < limit:
        chunk = max(1, min(limit - presses, len(expected - reached) + 2))
        for _ in range(chunk):
            page.keyboard.press("Tab")
        presses += chunk
        for focused in page.evaluate(READ_LOG):
            if focused.get("blur") and focused["tabs"] == tabs:
                # Focus left the page with no Tab pressed: Chromium's window lost focus for a moment (it does now
                # and then just after focus came back from the browser's own UI). The next Tab comes in at the top
                # again and the walk goes on over the stops it has already seen.
                continue
            tabs = focused["tabs"]
            if focused["index"] == -1:  # Tab left the page
                if wrapped or at_top:
                    done = True
                    break
                wrapped = at_top = True
                continue
            if at_top:
                if not (focused["skip"] and focused["skipTarget"]):
                    audit.problems.append(f"{label}: the first Tab stop is {focused['text']}, not the skip link")
                at_top = False
            key = tabbable[focused["index"]]["key"] if focused["index"] >= 0 else None
            if key in first_pass and wrapped:
                done = True  # back where the walk started
                break
            if key is not None and not wrapped:
                first_pass.add(key)
            if key is not None and key not in reached:
                audit.tab_stops += 1
                if not focused["visible"]:
                    audit.problems.append(f"{label}: no visible focus on {focused['text']}")
                if not focused["inView"]:
                    audit.problems.append(f"{label}: focused {focused['text']} is off the page")
                reached.add(key)
    if not done:
        audit.problems.append(f"{label}: Tab did not leave the page (keyboard trap?)")
    missed = [item["text"] for item in tabbable if item["key"] in expected - reached]
    if missed:
        audit.problems.append(f"{label}: not reached with Tab: {missed[:5]}")


def check_reflow(page, audit: Audit, label: str) -> None:
    """At 320 px (reflow) and 640 × 450 (1280 px at 200 % zoom); the viewport goes back to 1280 × 900."""
    for width, height, what in [(320, 800, "320 px"), (640, 450, "200 % zoom")]:
        page.set_viewport_size({"width": width, "height": height})
        result = page.evaluate(REFLOW)
        if result["scrollWidth"] > result["width"]:
            audit.problems.append(
                f"{label} at {what}: scrolls sideways ({result['scrollWidth']} > {result['width']}): {result['wide']}"
            )
        if result["unlabelled"]:
            audit.problems.append(
                f"{label} at {what}: scrolling box not a focusable labelled region: {result['unlabelled'][:3]}"
            )
        if not result["mainVisible"]:
            audit.problems.append(f"{label} at {what}: the main content is not fully visible")
    page.set_viewport_size({"width": 1280, "height": 900})


def visit(
    page, audit: Audit, url: str, label: str, *, keyboard: bool = True, reflow: bool = True, status: int = 200
) -> None:
    started = time.monotonic()
    response = page.goto(url)
    audit.seconds["load"] += time.monotonic() - started
    if response is None or response.status != status or "text/html" not in response.headers.get("content-type", ""):
        audit.problems.append(f"{label}: {url} answered {response and response.status} (not an HTML page)")
        return
    if response.request.redirected_from is not None:  # e.g. a staff page answering with the login form
        audit.problems.append(f"{label}: {url} redirected to {response.url}")
        return
    for check, wanted in [(check_keyboard, keyboard), (check_axe, True), (check_reflow, reflow)]:
        if wanted:
            started = time.monotonic()
            check(page, audit, label)
            audit.seconds[check.__name__] += time.monotonic() - started


# --- The site and its contexts -----------------------------------------------------------------------------


class Site:
    """The crawl's live server and what its database holds.

    The data set is built on the first test that reads it (Site.data) and kept for the next ones, which must not
    change its rows (sessions aside); a test that does (Site.own_data) or needs a database without them (Site.empty)
    leaves the database to be flushed before the next build. Each user logs in through the login form once per data
    set; later contexts get that session's cookie (the pages keep nothing in the session but the login, and no test
    logs out)."""

    def __init__(self, url: str, media_root: Path) -> None:
        self.url = url
        self.media_root = media_root  # where the data set's files are
        self.shared: crawl_data.CrawlData | None = None  # built, and no test has changed it since
        self.dirty = False  # rows were added since the last flush
        self.sessions: dict[str, dict] = {}  # username -> the session cookie of their login

    def flush(self) -> None:
        """Empty the database as a transactional test does after itself."""
        call_command("flush", verbosity=0, interactive=False)
        self.shared, self.dirty, self.sessions = None, False, {}

    def data(self) -> crawl_data.CrawlData:
        """The shared data set, for a test that only reads it."""
        if self.shared is None:
            if self.dirty:
                self.flush()
            self.dirty = True  # also when the build fails half-way
            self.shared = crawl_data.build()
        return self.shared

    def own_data(self) -> crawl_data.CrawlData:
        """The data set for a test that changes it: the next test that reads gets it built again."""
        data = self.data()
        self.shared = None
        return data

    def empty(self) -> None:
        """A database without the data set (nor the role groups), for a test that adds its own rows."""
        self.flush()
        self.dirty = True

    def log_in(self, page, username: str) -> None:
        if session := self.sessions.get(username):
            page.context.add_cookies([session])
            return
        login(page, username, crawl_data.PASSWORD)
        page.wait_for_url(re.compile(r"/henkilosto/(?!kirjaudu)"))  # a secretary lands on the bodies' workspace
        cookies = page.context.cookies()
        self.sessions[username] = next(c for c in cookies if c["name"] == settings.SESSION_COOKIE_NAME)


def new_page(browser, site: Site, language: str = "fi", *, user: str = "", javascript: bool = True):
    """A context at 1280 × 900 in `language` (Django's language cookie), JavaScript on or off, logged in as `user`."""
    context = browser.new_context(
        base_url=site.url,
        locale={"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}[language],
        viewport={"width": 1280, "height": 900},
        java_script_enabled=javascript,
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": site.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    csp: list[str] = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    page.csp_violations = csp
    if user:
        site.log_in(page, user)
    return page


def check_language(page, audit: Audit, language: str, what: str) -> None:
    """The last page visited declares the language it was asked in (<html lang>)."""
    html_lang = page.evaluate("document.documentElement.lang")
    if html_lang != language:
        audit.problems.append(f"[{language}] {what} says lang={html_lang!r}")


def close(page, audit: Audit) -> None:
    audit.problems.extend(f"CSP violation: {text}" for text in page.csp_violations)
    page.context.close()


def url_of(name: str, data: crawl_data.CrawlData | None, query: str = "", row: str = "") -> str:
    url = reverse(name, kwargs=data.kwargs(name, row) if data else {})
    if query:
        values = {"agenda_item": data.planned.agenda_items.order_by("position", "pk").first().pk} if data else {}
        url += "?" + query.format(**values)
    return url


def admin_urls() -> list[tuple[str, str]]:
    """The admin index, and per app one changelist and the change form of its first row."""
    urls = [("admin:index", reverse("admin:index"))]
    by_app: dict[str, list] = {}
    for model in apps.get_models():
        if admin.site.is_registered(model):
            by_app.setdefault(model._meta.app_label, []).append(model)
    for app, models in sorted(by_app.items()):
        models.sort(key=lambda m: m._meta.model_name)
        chosen = next((m for m in models if m._meta.model_name == ADMIN_MODELS.get(app)), models[0])
        info = (chosen._meta.app_label, chosen._meta.model_name)
        urls.append((f"admin:{info[0]}_{info[1]}_changelist", reverse("admin:{}_{}_changelist".format(*info))))
        row = chosen._default_manager.order_by("pk").first()
        if row is not None:  # an app without rows (the task results) has its changelist only
            urls.append(
                (f"admin:{info[0]}_{info[1]}_change", reverse("admin:{}_{}_change".format(*info), args=[row.pk]))
            )
    return urls


# --- The crawl ----------------------------------------------------------------------------------------------


def visit_staff_states(browser, site: Site, data, audit: Audit, language: str) -> None:
    """The staff pages' STATES, each user logged in in a context of their own; the keyboard walk in Finnish."""
    for username in dict.fromkeys(user for user, *_ in STATES if user):
        page = new_page(browser, site, language, user=username)
        for user, name, row, query, state in STATES:
            if user == username:
                label = f"[{language}, {username}] {name} ({state})"
                visit(page, audit, url_of(name, data, query, row), label, keyboard=language == "fi")
                audit.pages[f"staff/{language}/states"] += 1
        check_language(page, audit, language, f"the staff page of {username}")
        close(page, audit)


EMPTY_FORM = """form => {
  for (const el of form.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio])'
                                        + ':not([type=submit]):not([type=file]), textarea')) el.value = '';
  for (const select of form.querySelectorAll('select')) {
    if ([...select.options].some(option => option.value === '')) select.value = '';
  }
}"""


def check_error_state(page, audit: Audit, label: str) -> None:
    summary = page.locator(".error-summary")
    if not summary.count():
        audit.problems.append(f"{label}: no error summary after sending the form empty")
        return
    # The browser applies the summary's `autofocus` at a rendering update after the load event (as check_keyboard
    # waits for): reading the focus before it would report a problem the user never meets.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(AUTOFOCUS_APPLIED, timeout=2_000)
    if not page.evaluate("document.activeElement.classList.contains('error-summary')"):
        audit.problems.append(f"{label}: focus is not on the error summary")
    linked = page.evaluate(
        "() => [...document.querySelectorAll('.error-summary a[href^=\"#\"]')]"
        ".filter(a => !document.getElementById(a.getAttribute('href').slice(1))).map(a => a.textContent)"
    )
    if linked:
        audit.problems.append(f"{label}: error links to missing fields: {linked}")
    check_axe(page, audit, label)
    check_reflow(page, audit, label)


def answer_values(data: crawl_data.CrawlData) -> dict[str, str]:
    """What FORMS_ANSWERED's values and selectors take."""
    today = timezone.localdate()
    return {
        "today": today.isoformat(),
        "sixty_days_ago": (today - datetime.timedelta(days=60)).isoformat(),
        "unfinished": str(data.unfinished.pk),
    }


# --- htmx swaps ---------------------------------------------------------------------------------------------


# htmx marks the element that sent a request until its answer is in, and the swapped content until it has settled.
HTMX_SETTLED = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"


def announced(page, says: str = ".") -> str:
    """The live region's text once it matches `says` (or whatever it says after the wait)."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "pattern => new RegExp(pattern).test(document.getElementById('live-announcer').textContent)", arg=says
        )
    return page.locator("#live-announcer").text_content().strip()


def reset_announcer(page) -> None:
    page.evaluate("document.getElementById('live-announcer').textContent = ''")


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.tagName")


def after_swap(page, audit: Audit, label: str, *, focus: str, says: str) -> None:
    """The swap's result is announced in the persistent live region, focus is on `focus`, and axe passes."""
    text = announced(page, says)
    if not re.search(says, text):
        audit.problems.append(f"{label}: announced {text!r}, expected {says!r}")
    if focused_id(page) != focus:
        audit.problems.append(f"{label}: focus on {focused_id(page)!r}, expected {focus!r}")
    check_axe(page, audit, label)
    audit.pages["htmx/fi/swapped"] += 1


# --- Nothing yet --------------------------------------------------------------------------------------------
