"""The admin pages of the region's shared vocabulary (municipalities, organs, units): open to administrators only,
in Finnish."""

import pytest

from osallisuus.models import Unit


@pytest.mark.parametrize("model", ["municipality", "organ", "unit"])
def test_admin_pages_of_the_vocabulary_load_for_an_administrator(client, admin_user, municipality, organ, model):
    Unit.objects.create(name="HYTE-yksikkö", parent_area="Strategia ja järjestäminen")
    client.force_login(admin_user)
    row = {"municipality": municipality, "organ": organ, "unit": Unit.objects.get()}[model]

    listing = client.get(f"/admin/osallisuus/{model}/")
    adding = client.get(f"/admin/osallisuus/{model}/add/")
    changing = client.get(f"/admin/osallisuus/{model}/{row.pk}/change/")

    assert listing.status_code == adding.status_code == changing.status_code == 200
    assert row.name in listing.content.decode()
    assert f'value="{row.name}"' in changing.content.decode()


def test_admin_is_closed_to_staff_without_permissions(client, handler_user):
    client.force_login(handler_user)

    response = client.get("/admin/osallisuus/municipality/")

    assert response.status_code == 403


def test_admin_speaks_finnish(client, admin_user):
    client.force_login(admin_user)

    html = client.get("/admin/").content.decode()

    assert "Osallisuus – ylläpito" in html
    assert "Hyvinvointialue" in html  # the app's name
    assert "Kunnat" in html
    assert "Viranomaiset" in html
    assert "Yksiköt" in html
