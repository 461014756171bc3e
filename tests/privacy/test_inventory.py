"""The personal-data inventory (privacy.inventory) against the models, and the privacy notice rendered from it."""

import html
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from privacy import inventory

PROJECT_APPS = ("osallisuus", "initiatives", "bodies", "ladder", "accessibility", "privacy")
# Name parts that suggest a person's data in a text field.
# "error": a mail server's answer to a failed delivery names the refused address.
PERSONAL_WORDS = {
    "name",
    "email",
    "phone",
    "address",
    "recipient",
    "grounds",
    "notes",
    "note",
    "message",
    "text",
    "error",
}


def _looks_personal(field: models.Field) -> bool:
    if isinstance(field, models.EmailField | models.FileField | models.GenericIPAddressField):
        return True
    if field.is_relation and field.related_model is not None:
        return field.related_model._meta.label == settings.AUTH_USER_MODEL
    return isinstance(field, models.CharField | models.TextField) and bool(
        PERSONAL_WORDS.intersection(field.name.split("_"))
    )


def _project_models():
    for model in apps.get_models():
        # History models mirror their models' fields and are cleaned by the same rules (initiatives.retention,
        # bodies.retention; tested in test_retention.py).
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical"):
            yield model


def test_every_field_that_looks_personal_is_in_the_inventory_or_explained():
    unexplained = sorted(
        f"{model._meta.label}.{field.name}"
        for model in _project_models()
        for field in model._meta.concrete_fields
        if _looks_personal(field)
        and f"{model._meta.label}.{field.name}" not in inventory.inventoried_fields()
        and f"{model._meta.label}.{field.name}" not in inventory.NOT_PERSONAL
    )
    assert unexplained == []


def test_every_inventoried_field_exists():
    for name in inventory.inventoried_fields() | set(inventory.NOT_PERSONAL):
        label, field_name = name.rsplit(".", 1)
        model = apps.get_model(label)
        assert model._meta.get_field(field_name), name


def test_no_field_is_both_personal_and_not():
    assert inventory.inventoried_fields().isdisjoint(inventory.NOT_PERSONAL)


def test_the_retention_settings_the_inventory_names_exist():
    for item in inventory.ITEMS:
        if item.days_setting:
            assert isinstance(getattr(settings, item.days_setting), int), item.key


def _text(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(body).split())


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_notice_shows_every_item_in_each_language(client, db, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/tietosuoja/")
    assert response["Content-Language"] == language
    text = _text(response)
    with translation.override(language):
        for section, items in inventory.inventory():
            assert str(section.title) in text
            for item in items:
                for part in (item.title, item.what, item.why, item.who):
                    assert " ".join(str(part).split()) in text, (item.key, str(part))
                assert " ".join(item.how_long_text.split()) in text, item.key
                if language != "en":
                    # really translated, not the English msgid
                    with translation.override("en"):
                        english = " ".join(str(item.what).split())
                    assert english not in text, item.key


def test_notice_states_the_current_retention_periods(client, db, settings):
    settings.RETENTION_INITIATOR_CONTACT_DAYS = 400
    settings.RETENTION_BODY_MEMBER_DAYS = 1
    settings.RETENTION_MINUTES_PERSONAL_DATA_DAYS = 30
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = _text(client.get("/tietosuoja/"))
    assert (
        "Removed 400 days after both have happened: you were sent the final notice and the initiative was declared "
        "fully processed" in text
    )
    assert "Names and contact details are removed 1 day after the term of office has ended." in text
    assert "Names are removed from the web 30 days after the minutes were published" in text


def test_notice_in_finnish_states_periods_with_the_setting(client, db, settings):
    settings.RETENTION_INITIATOR_CONTACT_DAYS = 365
    text = _text(client.get("/tietosuoja/"))
    assert "Yhteystietoja ei julkaista koskaan." in text
    assert "365 päivän kuluttua" in text
