"""A statement may name the initiative it is about; the public page links it only when it is published."""

import pytest
from django.urls import reverse

from bodies.models import Statement
from tests.initiatives.factories import make_initiative

pytestmark = pytest.mark.django_db


def test_statement_links_only_a_published_initiative(client, body, keeper):
    initiative = make_initiative(title="Penkit terveysaseman pihaan")
    client.force_login(keeper)
    response = client.post(
        reverse("bodies:staff-statement-create", args=[body.slug]),
        {
            "subject": "Lausunto aloitteesta",
            "requested_by_other": "Palvelulautakunta",
            "given_on": "2026-10-30",
            "text": "Teksti",
            "initiative_reference": initiative.reference,
        },
    )
    assert response.status_code == 302
    statement = Statement.objects.get(subject="Lausunto aloitteesta")
    assert statement.initiative == initiative
    client.logout()
    url = reverse("bodies:statement", args=[body.slug, statement.pk])
    assert "Penkit terveysaseman pihaan" not in client.get(url).content.decode()
    type(initiative).objects.filter(pk=initiative.pk).update(publication_state="published")
    html = client.get(url).content.decode()
    assert "Penkit terveysaseman pihaan" in html
    assert reverse("initiatives:detail", args=[initiative.reference]) in html


def test_unknown_initiative_reference_is_refused(client, body, keeper):
    client.force_login(keeper)
    response = client.post(
        reverse("bodies:staff-statement-create", args=[body.slug]),
        {
            "subject": "S",
            "requested_by_other": "X",
            "given_on": "2026-10-30",
            "text": "T",
            "initiative_reference": "2099-9999",
        },
    )
    assert response.status_code == 200
    assert "2099-9999" in response.content.decode()
    assert not Statement.objects.filter(subject="S").exists()
