"""The accessibility statement (306/2019 15 §): conformance, how and when it was tested, the known gaps, the
feedback channel and the supervisory authority, in each language."""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def statement(client, db, settings):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "saavutettavuus@example.fi"

    def get(language: str) -> str:
        with override(language):
            client.cookies["django_language"] = language
            return client.get("/saavutettavuus/").content.decode()

    return get


def test_the_statement_in_finnish_has_every_part(statement):
    html = statement("fi")
    text = text_of(html)

    assert "WCAG 2.1 -ohjeiden AA-tason kriteerit" in text  # the conformance level
    assert "Portaali täyttää vaatimukset osittain." in text  # partially conforms: gaps are listed
    assert "Seloste on tehty 1. joulukuuta 2026." in text  # when
    assert "Portaali on testattu viimeksi 1. joulukuuta 2026." in text
    assert "axe-core" in text  # how
    assert "Chromium" in text
    assert "320 pikselin leveydellä" in text
    assert "200 prosentin suurennuksella" in text
    assert "suomeksi, ruotsiksi ja englanniksi" in text
    assert "käsin" in text  # the manual checks
    assert "PDF-asiakirjat" in text  # known gaps
    assert "ruudunlukijalla" in text
    assert "äidinkielenään" in text
    assert '<a href="mailto:saavutettavuus@example.fi">saavutettavuus@example.fi</a>' in html  # feedback channel
    assert "Vastaamme kahden viikon kuluessa." in text
    assert "Traficom" in text  # the supervisory authority
    assert '<a href="https://www.saavutettavuusvaatimukset.fi/">' in html


def test_the_statement_links_the_feedback_form_when_it_exists(statement):
    try:
        form_url = reverse("accessibility-feedback")
    except NoReverseMatch:
        pytest.fail("the statement's feedback form (URL name accessibility-feedback) is missing")
    assert f'<a href="{form_url}">' in statement("fi")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", ["WCAG 2.1", "axe-core", "320", "Traficom", "1 december 2026", "saavutettavuus@example.fi"]),
        ("en", ["WCAG 2.1", "axe-core", "320", "Traficom", "partly meets", "saavutettavuus@example.fi"]),
    ],
)
def test_the_statement_in_swedish_and_english(statement, language, expected):
    html = statement(language)
    text = text_of(html)

    assert f'<html lang="{language}">' in html
    for part in expected:
        assert part in text, part
    assert "Saavutettavuusseloste" not in text  # translated, not the Finnish page
