"""Every public URL, found from the URL resolver, answers arbitrary query strings, path values and methods without a
server error; every staff URL sends an anonymous visitor to the login page whatever it is sent.

A new URL makes `test_every_public_url_is_fuzzed` fail until it is added to PUBLIC_PARAMETERS (and, if it is a form,
to a form property in this folder): nothing public goes unfuzzed by oversight."""

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import strategies as fuzz
from tests.fuzz.conftest import World, forget_rate_limits, fuzz_settings

# Each public URL name with the query or form parameters its view reads (all of them are fuzzed besides random
# names); the forms are fuzzed field by field in test_forms.py and test_initiative_form.py as well.
PUBLIC_PARAMETERS: dict[str, list[str]] = {
    "home": [],
    "accessibility": [],
    "accessibility-feedback": ["message", "page_url", "sender_name", "email", "homepage", "form_token"],
    "accessibility-feedback-thanks": ["kuittaus"],
    "privacy": [],
    "healthz": [],
    "set_language": ["language", "next"],
    "login": ["username", "password", "next"],
    "logout": ["next"],
    "initiatives:list": ["q", "status", "year", "municipality", "organ", "sort", "page"],
    "initiatives:create": ["initiator_kind", "service"],
    "initiatives:feed": [],
    "initiatives:resend-link": ["sent", "email"],
    "initiatives:open-data-csv": [],
    "initiatives:open-data-json": [],
    "initiatives:track": ["sent"],
    "initiatives:detail": [],
    "bodies:index": [],
    "bodies:calendar": [],
    "bodies:body": [],
    "bodies:term": [],
    "bodies:body-calendar": [],
    "bodies:meeting": [],
    "bodies:meeting-ics": [],
    "bodies:minutes-file": [],
    "bodies:statement": [],
    "bodies:statement-file": [],
    "ladder:index": ["step", "principle", "state", "unit", "kind"],
}
POST_FORMS = {"set_language", "login", "logout", "accessibility-feedback", "initiatives:resend-link"}
# Staff URLs live under /henkilosto/ (besides the login and logout pages, which are public) and /admin/.
STAFF_PREFIXES = ("henkilosto/", "admin/")
PUBLIC_UNDER_STAFF_PREFIX = {"login", "logout"}
LOGIN = "/henkilosto/kirjaudu/"


def url_patterns(patterns=None, prefix: str = "", namespace: str = "") -> list[tuple[str, str, URLPattern]]:
    """(route, namespaced name, pattern) of every URL the resolver knows, admin's own included."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            found += url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        else:
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            found.append((prefix + str(pattern.pattern), name, pattern))
    return found


def public_names() -> set[str]:
    return {
        name
        for route, name, _pattern in url_patterns()
        if not route.lstrip("^").startswith(STAFF_PREFIXES) or name in PUBLIC_UNDER_STAFF_PREFIX
    }


def test_every_public_url_is_fuzzed():
    assert public_names() == set(PUBLIC_PARAMETERS)


def real_arguments(name: str, world: World) -> dict[str, object]:
    """Path values that find the world's rows, so that a fuzzed query string reaches the view's own code."""
    body, meeting, statement, initiative = world.body, world.meeting, world.statement, world.initiative
    return {
        "initiatives:track": {"token": initiative.tracking_token},
        "initiatives:detail": {"reference": initiative.reference},
        "bodies:body": {"slug": body.slug},
        "bodies:term": {"slug": body.slug, "term_id": body.terms.get().pk},
        "bodies:body-calendar": {"slug": body.slug},
        "bodies:meeting": {"slug": body.slug, "pk": meeting.pk},
        "bodies:meeting-ics": {"slug": body.slug, "pk": meeting.pk},
        "bodies:minutes-file": {"slug": body.slug, "pk": meeting.pk},
        "bodies:statement": {"slug": body.slug, "pk": statement.pk},
        "bodies:statement-file": {"slug": body.slug, "pk": statement.pk},
    }.get(name, {})


def assert_handled(response, name: str, *, allowed=frozenset({200, 204, 302, 400, 403, 404, 405, 413, 429})) -> None:
    """A server error raises in the test client; any other answer must be one a client can act on."""
    assert response.status_code in allowed, (name, response.status_code, response.content[:300])


# The URLs are looped inside one test each (not parametrised), so that the world is built once per property.
def fuzz_query_strings(client, name: str, url: str) -> None:
    methods = ["get", "head"] + (["post"] if name in POST_FORMS else [])

    @fuzz_settings(examples=10)
    @given(data=fuzz.params(PUBLIC_PARAMETERS[name]), method=st.sampled_from(methods), htmx=st.booleans())
    def check(data, method, htmx):
        forget_rate_limits()
        headers = {"HX-Request": "true", "HX-Target": "service-field"} if htmx else {}
        if method == "post":
            response = client.post(url, data, headers=headers)
        else:
            response = getattr(client, method)(url, data, headers=headers)
        assert_handled(response, name)

    check()


def test_public_url_survives_any_query_string(client, world):
    for name in sorted(PUBLIC_PARAMETERS):
        fuzz_query_strings(client, name, reverse(name, kwargs=real_arguments(name, world)))


# Path values: each converter's slot gets arbitrary text (percent-encoded, as a browser sends it).
path_value = st.one_of(
    fuzz.arbitrary_text.filter(bool),
    fuzz.junk_number,
    fuzz.long_text(2_000, 5_000),
    st.sampled_from(["0", "-1", "9" * 30, "2026-0001", "2026-99999999", "%00", "..", "ä", "\x00", "2026-0001\x00"]),
)
SLOT = re.compile(r"<[^>]+>|\(\?P<[^>]+>[^)]*\)")


def routes() -> dict[str, str]:
    return {name: route.lstrip("^").rstrip("$") for route, name, _pattern in url_patterns()}


def fill_route(route: str, values: list[str]) -> str:
    """The route with its n-th converter slot replaced by values[n] (percent-encoded)."""
    slots = iter(values)
    return "/" + SLOT.sub(lambda _match: quote(next(slots), safe=""), route)


def fuzz_path_values(client, name: str, route: str) -> None:
    @fuzz_settings(examples=8)
    @given(values=st.lists(path_value, min_size=3, max_size=3))
    def check(values):
        assert_handled(client.get(fill_route(route, values)), name)

    check()


def test_public_url_survives_any_path_value(client, world):
    for name in sorted(name for name in PUBLIC_PARAMETERS if SLOT.search(routes()[name])):
        fuzz_path_values(client, name, routes()[name])


def staff_routes() -> list[tuple[str, str]]:
    return sorted(
        (name, route)
        for name, route in routes().items()
        if route.startswith(STAFF_PREFIXES[0]) and name not in PUBLIC_UNDER_STAFF_PREFIX
    )


def fuzz_anonymous_staff_request(client, path: str) -> None:
    @fuzz_settings(examples=3)
    @given(method=st.sampled_from(["get", "post"]), data=fuzz.params(["q", "page", "year", "organ"]))
    def check(method, data):
        response = getattr(client, method)(path, data)
        if response.status_code == 405:
            return  # a method the view never takes is refused before anything is looked at
        if response.status_code == 400:
            # Django refuses to redirect to a login URL over 16,384 characters (a fuzzed query string that long).
            assert len(path) + len(str(data)) > 8_000
            return
        assert response.status_code == 302, (path, response.status_code)
        assert response["Location"].startswith(LOGIN)

    check()


def test_staff_url_sends_an_anonymous_visitor_to_login(client, db):
    """Slots get values their converter accepts (so the view itself answers), the query or form is fuzzed."""
    for _name, route in staff_routes():
        values = [{"<int:": "1", "<slug": "x"}.get(slot[:5], "2026-0001") for slot in SLOT.findall(route)]
        fuzz_anonymous_staff_request(client, fill_route(route, values))


NUL_VALUES = ["\x00", "2026-0001\x00", "a\x00b", "1\x00", "abc"]


def test_a_nul_in_any_path_slot_is_refused_not_a_server_error(client, world):
    """PostgreSQL refuses NUL in a query; a path that carries one must be answered before a query is made, and
    an id that is not a number is not found (the admin's history pages too). Staff and admin pages are opened
    as an administrator, so that the view itself is reached."""
    client.force_login(world.hyte)
    for name, route in sorted(routes().items()):
        for value in NUL_VALUES if SLOT.search(route) else []:
            response = client.get(fill_route(route, [value] * len(SLOT.findall(route))))
            assert response.status_code in (302, 400, 403, 404, 405), (name, value, response.status_code)


@pytest.mark.parametrize(
    ("language", "heading"), [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte"), ("en", "Page not found")]
)
def test_an_unknown_address_gets_the_portals_not_found_page_in_the_visitors_language(
    client, db, settings, language, heading
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for path in ["/ei-ole/", "/aloitteet/1999-0001/", f"/aloitteet/seuranta/{quote('<script>', safe='')}/"]:
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 404
        assert f'<html lang="{language}">' in html
        assert heading in html
        assert "<script>" not in html
