"""The accessibility crawl: every page type of the portal, in every state, in Chromium.

Which pages: every URL pattern of the resolver. A pattern is either crawled (PUBLIC, STAFF) or skipped with the
reason (SKIPPED: feeds, calendars, files, POST-only endpoints); `test_every_url_pattern_is_crawled_or_skipped`
fails on a new pattern that is neither, so no page type is forgotten. The admin is crawled as its index plus one
changelist and one change form of every app registered with it.

What each page must pass:
- axe-core with the WCAG 2.1 and 2.2 A and AA rules (support.AXE_TAGS): zero violations, in Finnish; the public
  pages also in Swedish and English;
- reflow (WCAG 1.4.10): at 320 CSS px no horizontal scrolling of the page; a wide table may scroll only inside its
  own container, which then is a keyboard-focusable, labelled region;
- 200 % zoom (WCAG 1.4.4): a 1280 × 900 window at 200 % lays the page out in 640 × 450 CSS px (the device scale
  factor changes only how finely it is drawn, not the layout), so the crawl checks that viewport: main content
  visible, no horizontal scrolling;
- keyboard (WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7): Tab reaches every focusable element in turn, each with a visible
  focus indicator (its outline or shadow differs from the unfocused one) and on the page, the first Tab stop is
  the skip link to the main content, and Tab leaves the page at the end (no trap).
States: filled (seed_demo's data), empty (a fresh database), each form submitted empty (with JavaScript, and one
without), the forms whose answers bring warnings to confirm (FORMS_ANSWERED), the further states of pages that other
rows show, each seen by the user the page is for (STATES: a late initiative, an undelivered email, minutes before and
after the appeal period), and after each htmx swap, where a persistent live region must announce the result and focus
must stay on the control or move to the new content's heading (static/js/announce.js).

The data set (crawl_data.build, several seconds) is built once per test module and shared by its tests that only
read it, on the module's own live server (pytest-django's `live_server` would flush the database after every test);
a test that changes rows takes the data set for itself and the next reader gets a new one (Site).
"""
