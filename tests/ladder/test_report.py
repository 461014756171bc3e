import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from demo.region import seed_region
from ladder.demo import seed_programme

pytestmark = pytest.mark.django_db


def _text(path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@time_machine.travel(datetime.datetime(2025, 1, 20, 12, tzinfo=datetime.UTC), tick=False)
def test_programme_report_pdf_shows_the_years_progress(tmp_path):
    seed_region(log=lambda _: None)  # the programme's units and organs
    seed_programme(log=lambda _: None)
    output = tmp_path / "report" / "ohjelma-2024.pdf"
    call_command("programme_report", "--year", "2024", "--output", str(output), stdout=io.StringIO())
    text = _text(output)
    assert "Osallisuusohjelma 2024–2025: progress in 2024" in text
    assert "Situation on 20.1.2025" in text
    assert "Kokemustiedon hyödyntäminen palveluissa" in text  # the current step, section II title
    assert "Osallisuustyöryhmän aloitus" in text  # a 2024 action
    assert "Kuntakiertueet" not in text  # a 2022 action is not in the 2024 report
    assert "Kokemusosaajien maakunnallinen välitystoiminta selkeytetty" in text
    assert "Late 3" in text  # the delayed Q2 action and the two in progress whose schedule ended in 2024
    assert "Osallisuusindikaattori" in text
    assert "68.4" in text.replace(",", ".")
    assert "Työryhmä kokoontui ensimmäisen kerran." in text
    assert "Vanhusneuvosto" in text


def test_report_without_a_programme_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no participation programme"):
        call_command("programme_report", "--year", "2024", "--output", str(tmp_path / "x.pdf"))


@time_machine.travel(datetime.datetime(2025, 1, 20, 12, tzinfo=datetime.UTC), tick=False)
def test_programme_report_pdf_draws_the_metrics_charts(tmp_path):
    seed_region(log=lambda _: None)  # the programme's units and organs
    seed_programme(log=lambda _: None)
    output = tmp_path / "ohjelma-2024.pdf"
    call_command("programme_report", "--year", "2024", "--output", str(output), stdout=io.StringIO())
    text = _text(output)
    assert "Trends against the targets" in text
    assert "Osallisuustyöryhmän aloitus" in text  # the actions are still there
    # The chart's values table (open in print) and the SVG's own labels: the value and the target line's legend.
    assert "Osallisuusindikaattori (pistettä)" in text
    assert "Period Value 2024 68.4 Target 70" in text
    assert "target 70 pistettä" in text
    # WeasyPrint drew the inline SVG: its text runs are in the PDF too (the value above the bar, the period below).
    assert text.count("68.4") >= 3
