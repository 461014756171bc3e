"""In Chromium, with the keyboard: registering a backdated initiative needs its confirmation, and declaring an
initiative without a final notice fully processed needs its own; both pages pass axe-core with their warnings."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from initiatives.models import Initiative, ProcessedDeclaration
from osallisuus.models import Organ
from osallisuus.roles import Role
from tests.browser.support import assert_accessible, login
from tests.conftest import make_user
from tests.initiatives.factories import make_decided, make_municipality, make_organ, send_final_notice

pytestmark = pytest.mark.django_db(transaction=True)
POSTAL = {"email": "", "postal_address": "Katu 1"}


@pytest.fixture(autouse=True)
def _groups(transactional_db) -> None:
    # Transactional tests flush the tables, including the role groups a migration created.
    for role in Role:
        Group.objects.get_or_create(name=role)


def _press(page, selector: str, key: str) -> None:
    page.locator(selector).focus()
    page.keyboard.press(key)


def test_a_backdated_registration_warns_and_is_saved_once_confirmed_with_the_keyboard(page):
    make_user("kirjaaja", Role.REGISTRY)
    make_municipality()
    arrived = timezone.localdate() - datetime.timedelta(days=60)
    login(page, "kirjaaja")
    page.goto("/henkilosto/aloitteet/uusi/")
    page.check("#id_channel_0")
    page.fill("#id_arrived_on", arrived.isoformat())
    page.fill("#id_title", "Penkki terveysaseman pihaan")
    page.fill("#id_text", "Pihassa ei ole paikkaa levätä.")
    page.check("#id_initiator_kind_0")
    page.fill("#id_name", "Maija Meikäläinen")
    page.fill("#id_postal_address", "Isolinnankatu 1\n28100 Pori")
    _press(page, "main form.form button[type=submit]", "Enter")

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("on jo mennyt")
    expect(summary.locator('a[href="#id_confirm_deadline"]')).to_be_visible()
    assert not Initiative.objects.exists()
    assert_accessible(page)

    _press(page, "#id_confirm_deadline", "Space")
    expect(page.locator("#id_confirm_deadline")).to_be_checked()
    _press(page, "main form.form button[type=submit]", "Enter")
    expect(page.locator(".message--success")).to_contain_text("lähetä ilmoitus mahdollisimman pian")
    assert Initiative.objects.get().arrived_on == arrived


def test_declaring_an_unfinished_initiative_needs_its_confirmation_with_the_keyboard(page):
    make_user("koordinaattori", Role.HYTE)
    handler = make_user("valmistelija", Role.HANDLER)
    council = make_organ("Aluevaltuusto", Organ.Kind.COUNCIL)
    answered = send_final_notice(make_decided(handler, organ=council, title="Esteetön sisäänkäynti", **POSTAL), handler)
    decided = make_decided(handler, organ=council, title="Lisää penkkejä", **POSTAL)
    year = timezone.localdate().year
    login(page, "koordinaattori")
    page.goto(f"/henkilosto/vuosilista/{year}/paatos/")
    page.fill("#id_meeting_date", timezone.localdate().isoformat())
    page.fill("#id_section", "§ 45")
    _press(page, f'input[name="initiatives"][value="{answered.pk}"]', "Space")
    _press(page, f'input[name="unfinished"][value="{decided.pk}"]', "Space")
    _press(page, "main form.form button[type=submit]", "Enter")

    expect(page.locator(".error-summary")).to_contain_text(decided.reference)
    assert not ProcessedDeclaration.objects.exists()
    assert_accessible(page)

    _press(page, f'input[name="confirmed_unfinished"][value="{decided.pk}"]', "Space")
    _press(page, "main form.form button[type=submit]", "Enter")
    page.wait_for_url(f"**/henkilosto/vuosilista/{year}/")
    assert set(ProcessedDeclaration.objects.get().initiatives.all()) == {answered, decided}
