"""The yearly list in Chromium: the list page, making the PDF and the decision form pass axe-core."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from osallisuus.models import Organ
from osallisuus.roles import Role
from tests.browser.support import assert_accessible, login
from tests.conftest import make_user
from tests.initiatives.factories import make_decided, make_initiative, make_noticed, make_organ

pytestmark = pytest.mark.django_db(transaction=True)
POSTAL = {"email": "", "postal_address": "Katu 1"}


@pytest.fixture
def year(transactional_db) -> int:
    # Transactional tests flush the tables, including the role groups a migration created.
    for role in Role:
        Group.objects.get_or_create(name=role)
    make_user("koordinaattori", Role.HYTE)
    handler = make_user("valmistelija", Role.HANDLER)
    council = make_organ("Aluevaltuusto", Organ.Kind.COUNCIL)
    make_decided(handler, organ=council, title="Esteetön sisäänkäynti", **POSTAL)
    make_noticed(handler, organ=council, title="Lisää penkkejä", **POSTAL)
    make_initiative(title="Pidemmät aukioloajat", **POSTAL)
    return timezone.localdate().year


def test_the_list_and_its_pdf_are_accessible(page, year):
    login(page, "koordinaattori")
    page.goto(f"/henkilosto/vuosilista/{year}/")
    page.get_by_role("heading", level=1).wait_for()
    assert "Esteetön sisäänkäynti" in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Tee PDF").click()

    page.wait_for_url("**/henkilosto/vuosilista/tiedosto/*/")
    download = page.get_by_role("link", name=f"Lataa vuoden {year} lista (PDF)")
    download.wait_for()
    assert_accessible(page)


def test_the_decision_form_is_accessible_with_and_without_errors(page, year):
    login(page, "koordinaattori")
    page.goto(f"/henkilosto/vuosilista/{year}/paatos/")
    page.get_by_role("heading", level=1).wait_for()
    assert_accessible(page)

    page.locator("main form.form button[type=submit]").click()

    page.locator(".field__error").first.wait_for()
    assert_accessible(page)
