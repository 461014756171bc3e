"""Lists of municipalities and organs follow the alphabet of the page's language: Swedish pages by the Swedish names,
both alphabets ending in å, ä, ö (osallisuus.models.in_name_order)."""

import re

import pytest
from django.urls import reverse

from osallisuus.models import Municipality, in_name_order

# Finnish name, Swedish name, code: the Finnish and the Swedish order differ.
NAMES = [
    ("Eurajoki", "Euraåminne", "051"),
    ("Huittinen", "Vittis", "102"),
    ("Pori", "Björneborg", "609"),
    ("Säkylä", "", "783"),
    ("Ulvila", "Ulvsby", "886"),
]


def municipality(name: str, name_sv: str = "") -> Municipality:
    return Municipality(name=name, name_sv=name_sv)


def test_each_language_orders_by_its_own_names():
    rows = [municipality(name, name_sv) for name, name_sv, _code in NAMES]
    assert [m.name_in("fi") for m in in_name_order(rows, "fi")] == ["Eurajoki", "Huittinen", "Pori", "Säkylä", "Ulvila"]
    assert [m.name_in("sv") for m in in_name_order(rows, "sv")] == [
        "Björneborg",
        "Euraåminne",
        "Säkylä",
        "Ulvsby",
        "Vittis",
    ]


def test_the_nordic_letters_come_after_z_in_their_own_order():
    rows = [municipality(name) for name in ["Örö", "Ähtäri", "Åbo", "Zürich", "ylöjärvi", "Aura"]]
    assert [m.name for m in in_name_order(rows, "fi")] == ["Aura", "ylöjärvi", "Zürich", "Åbo", "Ähtäri", "Örö"]


@pytest.mark.django_db
def test_the_public_list_offers_the_municipalities_in_the_pages_language(client):
    for name, name_sv, code in NAMES:
        Municipality.objects.create(name=name, name_sv=name_sv, code=code)

    def offered(language: str) -> list[str]:
        page = client.get(reverse("initiatives:list"), headers={"accept-language": language}).text
        select = re.search(r'<select name="municipality".*?</select>', page, re.S).group(0)
        return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)

    assert offered("fi") == ["Eurajoki", "Huittinen", "Pori", "Säkylä", "Ulvila"]
    assert offered("sv") == ["Björneborg", "Euraåminne", "Säkylä", "Ulvsby", "Vittis"]
