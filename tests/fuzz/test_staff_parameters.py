"""The staff pages' query parameters, fuzzed as a logged-in administrator: filters, page numbers, the term and the
agenda item to edit, the report year. Staff are not the public, but a mistyped or stale link must not be a server
error for them either."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import strategies as fuzz
from tests.fuzz.checks import assert_clear_refusal
from tests.fuzz.conftest import World, fuzz_settings

pytestmark = pytest.mark.django_db

# Digits that str.isdigit() accepts but int() refuses, and numbers no database column holds.
ODD_NUMBERS = ["²", "¹²", "١٢", "１２", "9" * 25, "9" * 24 + "1", "0" * 5000, "-1", "0", " 1", "1 "]


def staff_pages(world: World) -> dict[str, list[str]]:
    body, meeting, reference = world.body, world.meeting, world.initiative.reference
    return {
        "/henkilosto/": ["state", "organ", "handler", "page", "q"],
        f"/henkilosto/aloitteet/{reference}/": ["action"],
        "/henkilosto/viestit/": ["page"],
        "/henkilosto/vuosilista/2026/": ["organ"],
        "/henkilosto/toimielimet/": [],
        f"/henkilosto/toimielimet/{body.slug}/": ["toimikausi"],
        f"/henkilosto/toimielimet/{body.slug}/kokoukset/{meeting.pk}/": [],
        f"/henkilosto/toimielimet/{body.slug}/kokoukset/{meeting.pk}/esityslista/": ["muokkaa"],
        "/henkilosto/ohjelma/": [],
        "/henkilosto/ohjelma/raportti/": ["year"],
        "/henkilosto/saavutettavuuspalaute/": ["tila", "page"],
        "/admin/ladder/action/": ["quarter", "q", "o", "p"],
        "/admin/initiatives/initiative/": ["q", "o", "p", "status__exact"],
    }


def fuzz_page(client, url: str, names: list[str]) -> None:
    value = st.one_of(st.sampled_from(ODD_NUMBERS), fuzz.field_value)
    strategy = st.fixed_dictionaries({}, optional=dict.fromkeys(names, value)) if names else st.just({})

    @fuzz_settings(examples=8 if names else 1)
    @given(params=strategy, htmx=st.booleans())
    def check(params, htmx):
        response = client.get(url, params, headers={"HX-Request": "true"} if htmx else {})
        # The admin answers an unknown filter by redirecting to ?e=1.
        assert response.status_code in (200, 302, 400, 404), (url, params, response.status_code)

    check()


def test_staff_pages_answer_any_query_string(client, world):
    client.force_login(world.hyte)
    for url, names in staff_pages(world).items():
        fuzz_page(client, url, names)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/henkilosto/toimielimet/{slug}/", "toimikausi"),
        ("/henkilosto/toimielimet/{slug}/kokoukset/{pk}/esityslista/", "muokkaa"),
        ("/henkilosto/", "page"),
        ("/admin/ladder/action/", "quarter"),
    ],
)
def test_odd_digits_are_not_a_server_error(client, world, url, name):
    client.force_login(world.hyte)
    for value in ODD_NUMBERS:
        response = client.get(url.format(slug=world.body.slug, pk=world.meeting.pk), {name: value})
        assert response.status_code in (200, 302, 404), (value, response.status_code)


def test_odd_agenda_item_ids_in_a_form_are_not_found_and_a_closed_agenda_says_so(client, world):
    """The world's meeting has published minutes: an item that exists (" 1" is item 1) cannot be moved or
    removed, and the page says why; any other id is not found."""
    client.force_login(world.hyte)
    url = f"/henkilosto/toimielimet/{world.body.slug}/kokoukset/{world.meeting.pk}/esityslista/"
    for value in ODD_NUMBERS:
        for action in ("remove", "update", "up"):
            response = client.post(url, {"action": action, "item": value})
            assert response.status_code in (200, 404), (value, action, response.status_code)
            if response.status_code == 200 and action != "update":  # "update" shows its own form's errors
                assert "Pöytäkirja on julkaistu, joten kokousta ei voi enää muuttaa." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["status__exact=%00", "kind=%00", "q=a%00b", "state__exact=x&o=%00", "%00=1"],
)
def test_a_nul_in_an_admin_query_string_is_refused_before_the_admin_queries(client, world, query):
    """PostgreSQL refuses NUL, and the admin puts its filters into queries unchecked (osallisuus.middleware)."""
    client.force_login(world.hyte)
    for changelist in ["/admin/initiatives/initiative/", "/admin/osallisuus/organ/", "/admin/ladder/action/"]:
        response = client.get(f"{changelist}?{query}")
        assert_clear_refusal(response)
