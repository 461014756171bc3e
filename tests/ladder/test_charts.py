"""The metrics' charts: the geometry (ladder.charts) and the inline SVG with its text alternative and table."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from ladder.charts import HEIGHT, PAD_BOTTOM, PAD_TOP, metric_chart, number
from tests.ladder.factories import make_measurement, make_metric, make_programme


def test_bars_are_in_order_scaled_to_the_highest_value_and_target():
    chart = metric_chart("Aloitteiden määrä", [("2024", Decimal(12)), ("2025", Decimal(18))], target=Decimal(20))
    first, second = chart.bars
    assert [bar.label for bar in chart.bars] == ["2024", "2025"]
    assert chart.baseline_y == HEIGHT - PAD_BOTTOM  # the axis is at zero
    # The top of the scale is 10 % above the target (the highest figure), so 20 sits at 1/1.1 of the plot height.
    plot = HEIGHT - PAD_TOP - PAD_BOTTOM
    assert chart.target_y == pytest.approx(PAD_TOP + plot * (1 - 20 / 22), abs=0.1)
    assert first.height == pytest.approx(plot * 12 / 22, abs=0.2)
    assert second.height == pytest.approx(plot * 18 / 22, abs=0.2)
    assert first.y + first.height == pytest.approx(chart.baseline_y, abs=0.1)
    assert first.x < second.x
    assert first.width == second.width
    assert chart.left <= first.x
    assert second.x + second.width <= chart.right
    assert chart.target_y < second.y  # the target is above the higher bar
    assert chart.description == "Aloitteiden määrä: 2024 12, 2025 18; target 20"
    # The labels: the value just above its bar, the period under the axis, both centred on the bar.
    assert first.centre == pytest.approx(first.x + first.width / 2, abs=0.1)
    assert first.value_y == pytest.approx(first.y - 6, abs=0.1)
    assert first.label_y == second.label_y > chart.baseline_y
    assert chart.left < chart.legend_end < chart.legend_text_x < chart.right


def test_missing_values_keep_their_place_without_a_bar_and_no_target_draws_no_line():
    chart = metric_chart("Kokoukset", [("2024", None), ("2025", Decimal("4.50"))], unit="kpl")
    assert chart.bars[0].height == 0
    assert chart.bars[0].value_text == "–"
    assert chart.bars[1].value_text == "4.5"
    assert chart.target_y is None
    assert chart.target_text == ""
    assert chart.description == "Kokoukset: 2024 – kpl, 2025 4.5 kpl"


def test_an_empty_or_all_zero_chart_does_not_divide_by_zero():
    assert metric_chart("Tyhjä", []).bars == []
    assert "no values yet" in metric_chart("Tyhjä", []).description
    chart = metric_chart("Nollat", [("2024", Decimal(0))])
    assert chart.bars[0].height == 0


def test_numbers_follow_the_language():
    assert number(Decimal("86.50")) == "86.5"
    assert number(Decimal("4820.00")) == "4820"
    with translation.override("fi"):
        assert number(Decimal("68.40")) == "68,4"
        assert "tavoite 70" in metric_chart("Indikaattori", [("2024", Decimal("68.4"))], target=Decimal(70)).description


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2025, 10, 15, 12, tzinfo=datetime.UTC), tick=False)
def test_page_draws_each_metric_as_svg_with_its_values_as_text_and_table(client):
    programme = make_programme()
    metric = make_metric(programme, name="Aloitteiden määrä", target=Decimal(20))
    make_measurement(metric, year=2024, value=Decimal(12))
    make_measurement(metric, year=2025, value=Decimal(18))
    html = client.get("/ohjelma/").text
    svg = re.search(r'<svg class="ladder-chart__svg".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg
    assert f'aria-labelledby="metric-chart-{metric.pk}-title metric-chart-{metric.pk}-desc"' in svg
    assert f'<title id="metric-chart-{metric.pk}-title">Aloitteiden määrä</title>' in svg
    assert (
        f'<desc id="metric-chart-{metric.pk}-desc">Aloitteiden määrä: 2024 12 kpl, 2025 18 kpl; target 20 kpl</desc>'
        in svg
    )
    assert svg.count("<rect ") == 2
    assert svg.count('class="ladder-chart__target"') == 1
    assert "style=" not in svg
    table = re.search(r'<details class="ladder-chart__data">.*?</details>', html, re.S).group(0)
    assert "<caption>Aloitteiden määrä (kpl)</caption>" in table
    cells = re.findall(r"<tr><th scope=\"row\">([^<]+)</th><td>([^<]+)</td></tr>", table)
    assert cells == [("2024", "12"), ("2025", "18"), ("Target", "20")]


@pytest.mark.django_db
def test_finnish_page_states_the_values_in_finnish(client):
    programme = make_programme()
    metric = make_metric(programme, name="Osallisuusindikaattori", unit="pistettä", target=Decimal(70))
    make_measurement(metric, year=2024, value=Decimal("68.4"))
    html = client.get("/ohjelma/", headers={"accept-language": "fi"}).text
    assert "Osallisuusindikaattori: 2024 68,4 pistettä; tavoite 70 pistettä" in html
