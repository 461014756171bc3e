"""Properties of the public lists' filters: whatever /aloitteet/ and /ohjelma/ are sent (unknown choices, repeated
parameters, huge or negative page numbers, numbers with junk, 10k-character searches), the page answers 200 in
Finnish, as a full page or as the htmx fragment, and never shows what is not public."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import strategies as fuzz
from tests.fuzz.conftest import World, fuzz_settings
from tests.initiatives.factories import make_initiative

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Julkaisematon aloite 7781"
SECRET_EMAIL = "salainen-7781@example.invalid"


@pytest.fixture
def lists(world) -> World:
    make_initiative(title=SECRET_TITLE, home_municipality=world.municipality, email=SECRET_EMAIL)
    return world


def list_params(world: World) -> st.SearchStrategy[dict]:
    real = {
        "status": st.sampled_from(["received", "in_progress", "decided", "answered", "reclassified", "closed"]),
        "year": st.sampled_from(["2026", "2025", "1", "99999"]),
        "municipality": st.just(str(world.municipality.pk)),
        "organ": st.just(str(world.organ.pk)),
        "sort": st.sampled_from(["newest", "oldest", "title", "-title", "?"]),
        "page": st.one_of(st.integers(-(10**20), 10**20).map(str), st.sampled_from(["last", "0", "1", "2", "-0"])),
        "q": st.one_of(st.sampled_from(["Penkki", "penkki", "Julkaisematon", "7781", '"', "*", "%", "_"])),
    }
    value = {name: st.one_of(strategy, fuzz.field_value) for name, strategy in real.items()}
    return st.fixed_dictionaries({}, optional=value)


@fuzz_settings(examples=40)
@given(data=st.data(), htmx=st.booleans())
def test_the_initiative_list_answers_any_filter_and_shows_only_published(client, lists, data, htmx):
    params = data.draw(list_params(lists))
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get("/aloitteet/", params, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert SECRET_TITLE not in html
    assert SECRET_EMAIL not in html
    assert "maija@example.invalid" not in html  # the published initiative's contact details never show
    if htmx:
        assert "<html" not in html
    else:
        assert '<html lang="fi">' in html
    # Either the published initiative or the empty-result message, and nothing broken in between.
    assert lists.initiative.reference in html or "Hakuasi vastaavia julkaistuja aloitteita ei löytynyt." in html


@fuzz_settings(examples=25)
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(st.sampled_from(["1", "3", "5", "6", "0", "-1", "planned", "asukas"]), fuzz.field_value)
            for name in ["step", "principle", "state", "unit", "kind"]
        },
    ),
    htmx=st.booleans(),
)
def test_the_programme_answers_any_filter(client, world, params, htmx):
    response = client.get("/ohjelma/", params, headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 200
    html = response.content.decode()
    assert ("<html" in html) is not htmx
