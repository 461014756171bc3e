"""The participation programme in Chromium: axe-core on the public page in each state (with the metrics' SVG charts)
and on the admin pages of an action, the filters used with the keyboard (htmx swap, focus kept, address updated), and
the HYTE coordinator keeping the programme through the admin forms."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from demo.region import seed_region
from ladder.demo import seed_programme
from ladder.models import Action, Metric
from osallisuus.roles import Role
from tests.browser.support import assert_accessible, login
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def programme(transactional_db):
    # Transactional tests flush the tables, including the role groups and the permissions the migrations granted.
    for role in Role:
        Group.objects.get_or_create(name=role)
    Group.objects.get(name=Role.HYTE).permissions.add(*Permission.objects.filter(content_type__app_label="ladder"))
    seed_region(log=lambda _: None)  # the programme's units and organs
    seed_programme(log=lambda _: None)


def test_public_page_is_accessible_by_default_and_filtered(page, programme):
    page.goto("/ohjelma/")
    assert page.locator("h1").inner_text() == "Osallisuusohjelma 2024–2025"
    expect(page.locator('[aria-current="step"]')).to_have_count(1)
    assert_accessible(page)

    page.goto("/ohjelma/?step=3&state=done")
    assert "Osallisuustyöryhmän aloitus" in page.locator("#programme-actions").inner_text()
    assert "Kuntakiertueet" not in page.locator("#programme-actions").inner_text()
    assert_accessible(page)

    page.goto("/ohjelma/?state=cancelled")  # nothing matches
    assert_accessible(page)


def test_filters_work_with_the_keyboard_and_htmx(page, programme):
    page.goto("/ohjelma/")
    step = page.locator("#id_step")
    step.focus()
    for _ in range(20):  # Tab order reaches the select from the top of the page too; start there for speed
        if page.evaluate("document.activeElement.id") == "id_step":
            break
        page.keyboard.press("Tab")
    with page.expect_response(re.compile(r"/ohjelma/\?")):
        page.keyboard.press("ArrowDown")  # "Step 1"
        page.keyboard.press("ArrowDown")  # "Step 2": the change swaps the results in place
    page.wait_for_function("() => location.search.includes('step=2')")
    results = page.locator("#programme-actions")
    assert "Kuntakiertueet" in results.inner_text()
    assert "Osallisuustyöryhmän aloitus" not in results.inner_text()
    assert page.evaluate("document.activeElement.id") == "id_step"  # focus stays where the user is
    page.keyboard.press("Tab")  # way of working
    page.keyboard.press("Tab")  # state
    with page.expect_response(re.compile(r"state=done")):
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")  # Planned, In progress, Done
    page.wait_for_function("() => location.search.includes('state=done')")
    expect(page.locator("#programme-actions .ladder-action")).to_have_count(10)  # all of step 2 is done
    expect(page.locator("#programme-actions .ladder-action .badge--ok")).to_have_count(10)
    assert_accessible(page)


def test_filters_work_without_javascript(browser, live_server, programme):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    page.goto("/ohjelma/")
    page.select_option("#id_step", "2")
    page.click("#programme-actions >> xpath=preceding::button[@type='submit'][1]")
    page.wait_for_url(re.compile(r"step=2"))
    assert "Kuntakiertueet" in page.locator("#programme-actions").inner_text()
    assert "Osallisuustyöryhmän aloitus" not in page.locator("#programme-actions").inner_text()
    context.close()


def test_admin_changelist_and_change_form_are_accessible(page, programme):
    make_user("helmi", Role.HYTE)
    login(page, "helmi")
    page.goto("/admin/ladder/action/")
    expect(page.locator("#result_list")).to_have_count(1)
    assert_accessible(page)
    page.goto("/admin/ladder/action/?late=yes")
    assert_accessible(page)
    action = Action.objects.get(title="Osallisuustyöryhmän aloitus")
    page.goto(f"/admin/ladder/action/{action.pk}/change/")
    assert page.locator("#id_schedule").input_value() == "Q1/2024"
    assert_accessible(page)
    page.fill("#id_schedule", "Q3/2024–Q1/2024")
    page.click("input[name=_save]")
    page.locator(".errornote").wait_for()
    assert "Q3/2024" in page.locator("#id_schedule_error").inner_text()
    assert_accessible(page)


def test_public_page_with_the_metrics_charts_is_accessible(page, programme):
    page.goto("/ohjelma/")
    charts = page.locator("svg.ladder-chart__svg[role=img]")
    expect(charts).to_have_count(Metric.objects.count())
    indicator = Metric.objects.get(name="Osallisuusindikaattori")
    svg = page.locator(f"#metric-chart-{indicator.pk}-desc")
    assert "2024 68,4 pistettä; tavoite 70 pistettä" in svg.text_content()
    expect(page.get_by_role("img", name="Osallisuusindikaattori")).to_have_count(1)
    details = page.locator(".ladder-chart__data").nth(0)
    details.locator("summary").click()  # the values' table opens with the keyboard or the mouse
    assert details.locator("table caption").is_visible()
    assert_accessible(page)

    page.goto("/ohjelma/?kind=resident")
    assert page.locator("#id_kind").input_value() == "resident"
    assert_accessible(page)


def test_hyte_coordinator_changes_a_state_and_adds_a_measurement_in_the_admin(page, programme):
    user = make_user("hyte2", Role.HYTE)
    # The flush may have removed what the data migration granted; give the model permissions explicitly.
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="ladder"))
    page.goto("/admin/login/")
    page.fill("#id_username", "hyte2")
    page.fill("#id_password", "test-password-123")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    action = Action.objects.get(title="Osallisuustyöryhmän aloitus")
    assert action.state == Action.State.DONE
    page.goto(f"/admin/ladder/action/{action.pk}/change/")
    page.select_option("#id_state", Action.State.IN_PROGRESS)
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/ladder/action/(\?.*)?$"))
    action.refresh_from_db()
    assert action.state == Action.State.IN_PROGRESS

    metric = Metric.objects.get(name="Palautteen määrä")
    index = metric.measurements.count()  # the inline's empty extra form comes after the stored ones
    page.goto(f"/admin/ladder/metric/{metric.pk}/change/")
    assert_accessible(page)
    page.fill(f"#id_measurements-{index}-period_start", "1.1.2025")
    page.fill(f"#id_measurements-{index}-period_end", "31.12.2025")
    page.fill(f"#id_measurements-{index}-value", "5100")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/ladder/metric/(\?.*)?$"))
    added = metric.measurements.get(period_start=datetime.date(2025, 1, 1))
    assert (added.period_end, added.value) == (datetime.date(2025, 12, 31), Decimal(5100))

    page.goto("/ohjelma/")  # the new value is drawn on the public page
    assert "2025 5100 kpl" in page.locator(f"#metric-chart-{metric.pk}-desc").text_content()
