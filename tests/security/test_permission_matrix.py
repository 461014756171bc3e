"""Who may open which page: every URL of the portal, found by walking the URL resolver, requested (GET) as anonymous,
as each staff role, as a handler and a secretary who do not own the object, and as an administrator.

The expected outcome of every URL is declared once in MATRIX below (the admin's generated model pages by one rule,
ADMIN_APP_ACCESS). A URL the resolver knows and the table does not fails the test: a new view cannot be forgotten.

Outcomes: "200"; "login" (302 to the staff login with ?next=); "admin-login" (302 to the admin's login); "403";
"404" (the object is not among those the user may see); "405" (POST only); "400" (needs parameters); "302:/path/"
(a redirect to /path/).
"""

import pytest
from django.test import Client
from django.urls import reverse

from osallisuus.roles import Role
from tests.conftest import make_user
from tests.security.portal import Portal, Route, admin_model, admin_url, admin_view, build_portal, url_arguments, walk

pytestmark = pytest.mark.django_db

IDENTITIES = (
    "anonymous",
    "registry",
    "handler",  # handles the competent organ of the initiative
    "handler_other",  # a handler of no organ of the initiative
    "hyte",
    "secretary",  # a secretary of the body
    "secretary_other",  # holds the secretary role but keeps no body
    "admin",
)

OK, LOGIN, DENIED, MISSING, POST_ONLY = "200", "login", "403", "404", "405"
CHANGE_PAGE = "302:<the object's change page>"
PUBLIC = (OK,) * 8


def row(anonymous, registry, handler, handler_other, hyte, secretary, secretary_other, admin):
    return (anonymous, registry, handler, handler_other, hyte, secretary, secretary_other, admin)


SECRETARY_ONLY = row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, DENIED, OK)
SECRETARY_ONLY_POST = row(LOGIN, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY)
LIST_KEEPERS = row(LOGIN, OK, DENIED, DENIED, OK, DENIED, DENIED, OK)
INITIATIVE_VISIBLE = row(LOGIN, OK, OK, MISSING, OK, DENIED, DENIED, OK)
# Those who may see the initiator's contact details (initiatives.permissions.can_see_contact_details)
INITIATIVE_CONTACT = row(LOGIN, OK, OK, MISSING, DENIED, DENIED, DENIED, OK)

# name: (the kind of object its arguments come from (tests.security.portal.url_arguments), outcomes by IDENTITIES)
MATRIX: dict[str, tuple[str, tuple[str, ...]]] = {
    # The portal's own pages
    "home": ("", PUBLIC),
    "accessibility": ("", PUBLIC),
    "privacy": ("", PUBLIC),
    "healthz": ("", PUBLIC),
    "set_language": ("", ("302:/",) * 8),  # GET changes nothing and goes back
    "login": ("", row(OK, *("302:/henkilosto/",) * 7)),
    "logout": ("", (POST_ONLY,) * 8),
    # A data subject's access request (GDPR art. 15) is answered by the registry
    "access-request": ("", row(LOGIN, OK, DENIED, DENIED, DENIED, DENIED, DENIED, OK)),
    # Accessibility feedback: the registry and HYTE answer it
    "accessibility-feedback": ("", PUBLIC),
    "accessibility-feedback-thanks": ("", PUBLIC),
    "accessibility-feedback-list": ("", row(LOGIN, OK, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    "accessibility-feedback-detail": ("feedback", row(LOGIN, OK, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    # Initiatives, public
    "initiatives:list": ("", PUBLIC),
    "initiatives:create": ("", PUBLIC),
    "initiatives:feed": ("", PUBLIC),
    "initiatives:resend-link": ("", PUBLIC),
    "initiatives:open-data-csv": ("", PUBLIC),
    "initiatives:open-data-json": ("", PUBLIC),
    "initiatives:track": ("tracking", PUBLIC),  # the unguessable link is the permission
    "initiatives:detail": ("initiative", PUBLIC),  # published
    # Initiatives, staff workspace: a secretary landing on /henkilosto/ is sent to the bodies' workspace
    "initiatives:workspace": (
        "",
        row(LOGIN, OK, OK, OK, OK, "302:/henkilosto/toimielimet/", "302:/henkilosto/toimielimet/", OK),
    ),
    "initiatives:staff-register": ("", row(LOGIN, OK, DENIED, DENIED, DENIED, DENIED, DENIED, OK)),
    "initiatives:staff-detail": ("initiative", INITIATIVE_VISIBLE),
    # Attachments (scanned letters show addresses) and the letters (they print the postal address) carry the
    # initiator's contact details: HYTE sees the initiative but not these
    "initiatives:staff-attachment": ("attachment", INITIATIVE_CONTACT),
    "initiatives:staff-notice-letter": ("initiative", INITIATIVE_CONTACT),
    "initiatives:staff-final-letter": ("initiative", INITIATIVE_CONTACT),
    "initiatives:staff-outbox": ("", row(LOGIN, OK, DENIED, DENIED, DENIED, DENIED, DENIED, OK)),
    # The yearly list: the registry and HYTE
    "initiatives:annual-list": ("year", LIST_KEEPERS),
    "initiatives:annual-list-csv": ("year", LIST_KEEPERS),
    "initiatives:annual-list-pdf": ("year", row(LOGIN, *(POST_ONLY,) * 7)),
    "initiatives:annual-list-declare": ("year", LIST_KEEPERS),
    "initiatives:annual-file": ("annual-file", LIST_KEEPERS),
    "initiatives:annual-file-download": ("annual-file", LIST_KEEPERS),
    # Advisory bodies, public
    "bodies:index": ("", PUBLIC),
    "bodies:calendar": ("", PUBLIC),
    "bodies:body": ("body", PUBLIC),
    "bodies:term": ("term", PUBLIC),
    "bodies:body-calendar": ("body", PUBLIC),
    "bodies:meeting": ("meeting", PUBLIC),
    "bodies:meeting-ics": ("meeting", PUBLIC),
    "bodies:minutes-file": ("meeting", PUBLIC),  # published minutes
    "bodies:statement": ("statement", PUBLIC),
    "bodies:statement-file": ("statement", PUBLIC),
    # Advisory bodies, staff: the body's own secretaries and administrators
    "bodies:staff-index": ("", row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK, OK)),
    "bodies:staff-body": ("body", SECRETARY_ONLY),
    "bodies:staff-term-create": ("body", SECRETARY_ONLY),
    "bodies:staff-seat-create": ("term", SECRETARY_ONLY),
    "bodies:staff-membership-create": ("seat", SECRETARY_ONLY),
    "bodies:staff-membership": ("membership", SECRETARY_ONLY),
    "bodies:staff-meeting-create": ("body", SECRETARY_ONLY),
    "bodies:staff-meeting": ("meeting", SECRETARY_ONLY),
    "bodies:staff-agenda": ("meeting", SECRETARY_ONLY),
    "bodies:staff-minutes-names": ("meeting", SECRETARY_ONLY),
    "bodies:staff-attendance": ("meeting", SECRETARY_ONLY_POST),
    "bodies:staff-minutes": ("meeting", SECRETARY_ONLY_POST),
    "bodies:staff-minutes-file": ("meeting", SECRETARY_ONLY),
    "bodies:staff-statement-create": ("body", SECRETARY_ONLY),
    "bodies:staff-statement": ("statement", SECRETARY_ONLY),
    # The programme
    "ladder:index": ("", PUBLIC),
    "ladder:staff-index": ("", row(LOGIN, DENIED, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    # The report asks for its year and format: without them 400, for those who may make it
    "ladder:staff-report": ("", row(LOGIN, DENIED, DENIED, DENIED, "400", DENIED, DENIED, "400")),
    # The admin's own pages (every user made here is is_staff, so each may log in to the admin)
    "admin:index": ("", row("admin-login", *(OK,) * 7)),
    "admin:login": ("", row(OK, *("302:/admin/",) * 7)),
    "admin:logout": ("", row("302:/admin/", *(POST_ONLY,) * 7)),
    "admin:password_change": ("", row("admin-login", *(OK,) * 7)),
    "admin:password_change_done": ("", row("admin-login", *(OK,) * 7)),
    "admin:autocomplete": ("", row("admin-login", *(DENIED,) * 7)),  # without its parameters
    "admin:jsi18n": ("", row("admin-login", *(OK,) * 7)),
    "admin:view_on_site": ("", row("admin-login", *(MISSING,) * 7)),  # initiatives have no page of their own there
    "admin:app_list": ("", row("admin-login", MISSING, MISSING, MISSING, OK, MISSING, MISSING, OK)),  # /admin/ladder/
    "admin:<admin/(?P<url>.*)$>": ("", row("admin-login", *(MISSING,) * 7)),
    "admin:auth_user_password_change": ("", row("admin-login", *(DENIED,) * 6, OK)),
}

# The admin's generated model pages: the apps whose every model each role keeps there (the HYTE coordinator keeps
# the programme, ladder/migrations/0002_hyte_permissions.py); administrators keep everything; no one else any.
ADMIN_APP_ACCESS = {"hyte": {"ladder"}, "admin": {"*"}}
# Model pages the admin offers to no one.
ADMIN_NEVER = {
    "admin:osallisuus_outboxmessage_add",  # messages are written by the services only
    "admin:django_tasks_database_dbtaskresult_add",
    "admin:django_tasks_database_dbtaskresult_delete",
    "admin:accessibility_accessibilityfeedback_add",  # feedback arrives through its public form
    # Initiatives are registered in the staff workspace and leave only through retention (initiatives/admin.py)
    "admin:initiatives_initiative_add",
    "admin:initiatives_initiative_delete",
    # Attendance is kept on the secretary's meeting page (bodies/admin.py); the matrix's term holds meetings, and a
    # term with meetings is not deleted
    "admin:bodies_attendance_add",
    "admin:bodies_attendance_delete",
    "admin:bodies_term_delete",
    # The logs of access request exports and retention runs are written by the portal and never removed by hand
    "admin:privacy_accessrequestexport_add",
    "admin:privacy_accessrequestexport_delete",
    "admin:privacy_retentionrun_add",
    "admin:privacy_retentionrun_delete",
}


def admin_expected(route: Route, identity: str) -> str:
    """The outcome of an admin model page (changelist, add, change, delete, history, a history version)."""
    if identity == "anonymous":
        return "admin-login"
    model = admin_model(route)
    view = admin_view(route)
    if view == "redirect":  # the object's bare URL sends to its change page, which then checks
        return CHANGE_PAGE
    apps = ADMIN_APP_ACCESS.get(identity.removesuffix("_other"), set())
    if route.key in ADMIN_NEVER or not ({"*", model._meta.app_label} & apps):
        return DENIED
    return OK


def expected_outcomes(route: Route) -> tuple[str, ...] | None:
    if route.key in MATRIX:
        return MATRIX[route.key][1]
    if route.is_admin and admin_model(route) is not None:
        return tuple(admin_expected(route, identity) for identity in IDENTITIES)
    return None


def url_for(route: Route, portal: Portal) -> str:
    if route.is_admin:
        return admin_url(route, portal)
    return reverse(route.key, kwargs=url_arguments(MATRIX[route.key][0], portal))


def outcome(response, url: str) -> str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(f"{reverse('login')}?next="):
            return LOGIN
        if location.startswith(f"{reverse('admin:login')}?next="):
            return "admin-login"
        return f"302:{location.split('?')[0]}"
    return str(response.status_code)


def identity_clients(portal: Portal) -> dict[str, Client]:
    users = dict(portal.users)
    users["handler_other"] = make_user("toinen-valmistelija", Role.HANDLER)
    users["secretary_other"] = make_user("toinen-sihteeri", Role.SECRETARY)
    clients = {}
    for identity in IDENTITIES:
        clients[identity] = Client()
        if users[identity] is not None:
            clients[identity].force_login(users[identity])
    return clients


def normalise_redirect(expected: str, url: str) -> str:
    """An admin object's bare URL redirects to the object's own change page."""
    return f"302:{url}change/" if expected == CHANGE_PAGE else expected


def test_the_table_declares_every_url_of_the_resolver_and_nothing_else():
    routes = walk()
    keys = {route.key for route in routes}

    undeclared = [route.route for route in routes if expected_outcomes(route) is None]
    stale = sorted(set(MATRIX) - keys)

    assert undeclared == [], "URLs missing from MATRIX in tests/security/test_permission_matrix.py"
    assert stale == [], "MATRIX names URLs the resolver no longer has"
    assert len(routes) > 200  # the admin's pages are walked too
    for key, (_kind, outcomes) in MATRIX.items():
        assert len(outcomes) == len(IDENTITIES), key


def test_every_url_answers_each_identity_as_the_table_declares():
    """The table's answer for every URL and identity; and the answer of a staff or admin page, also the one for
    someone without access (a login redirect, 403, 404), is never stored by a browser or a proxy."""
    portal = build_portal()
    clients = identity_clients(portal)
    mismatches, stored, requests = [], [], 0

    for route in walk():
        url = url_for(route, portal)
        staff = url.startswith(("/henkilosto/", "/admin/"))
        for identity, expected in zip(IDENTITIES, expected_outcomes(route), strict=True):
            response = clients[identity].get(url)
            requests += 1
            got, want = outcome(response, url), normalise_redirect(expected, url)
            if got != want:
                mismatches.append(f"{route.key:45} {identity:16} expected {want:12} got {got}   {url}")
            cache_control = response.get("Cache-Control", "")
            if staff and ("no-store" not in cache_control or "private" not in cache_control):
                stored.append(f"{identity:16} {url}: {cache_control!r}")

    assert mismatches == [], "\n".join(mismatches)
    assert stored == [], "\n".join(stored)
    assert requests == len(walk()) * len(IDENTITIES)
    print(f"\npermission matrix: {len(walk())} URL patterns x {len(IDENTITIES)} identities = {requests} requests")


# --- POST: a change is refused wherever the page is ------------------------------------------------------------

ALLOWED = "allowed"  # may post; not posted here (that would change data), the apps' own tests post
# Views that only take POST: who may post to them.
POST_ONLY_ACCESS = {
    "logout": (ALLOWED,) * 8,
    "initiatives:annual-list-pdf": row(LOGIN, ALLOWED, DENIED, DENIED, ALLOWED, DENIED, DENIED, ALLOWED),
    "bodies:staff-attendance": row(LOGIN, DENIED, DENIED, DENIED, DENIED, ALLOWED, DENIED, ALLOWED),
    "bodies:staff-minutes": row(LOGIN, DENIED, DENIED, DENIED, DENIED, ALLOWED, DENIED, ALLOWED),
}
REFUSALS = {LOGIN, DENIED, MISSING}


def test_post_only_views_are_declared():
    get_405_for_staff = {
        route.key
        for route in walk()
        if not route.is_admin and route.key in MATRIX and set(MATRIX[route.key][1][1:]) == {POST_ONLY}
    }

    assert get_405_for_staff == set(POST_ONLY_ACCESS)


def test_post_is_refused_to_everyone_the_page_refuses():
    """Every non-admin URL, posted (empty, CSRF checks off as for a forged form) by each identity that may not use
    it, answers with the same refusal as for GET, or 405: no view takes a change from someone it would not show."""
    portal = build_portal()
    clients = identity_clients(portal)
    mismatches, posts = [], 0

    for route in walk():
        if route.is_admin:
            continue
        url = url_for(route, portal)
        outcomes = POST_ONLY_ACCESS.get(route.key) or MATRIX[route.key][1]
        for identity, expected in zip(IDENTITIES, outcomes, strict=True):
            if expected not in REFUSALS:
                continue
            got = outcome(clients[identity].post(url, {}), url)
            posts += 1
            if got != expected and got != POST_ONLY:
                mismatches.append(f"{route.key:45} {identity:16} POST expected {expected:8} got {got}   {url}")

    assert mismatches == [], "\n".join(mismatches)
    assert posts > 150
    print(f"\nPOST refusals: {posts} requests")
