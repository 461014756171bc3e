"""The catalogues in locale/ are complete: every msgid (English) has a Finnish, Swedish and English text, none fuzzy,
and every translation keeps the msgid's placeholders. Fill them with `make messages MESSAGES_ARGS="--fill FILE"`."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|\{(\w*)\}")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def describe(entries: list[polib.POEntry]) -> str:
    return "\n".join(f"  {entry.occurrences[:1]} {entry.msgid!r}" for entry in entries)


def translations_of(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(msgid, translation) pairs, one per plural form."""
    if entry.msgid_plural:
        return [(entry.msgid if form == 0 else entry.msgid_plural, text) for form, text in entry.msgstr_plural.items()]
    return [(entry.msgid, entry.msgstr)]


def test_every_language_of_the_settings_has_a_catalogue():
    assert LANGUAGES == ["fi", "sv", "en"]
    for language in LANGUAGES:
        assert len(catalogue(language)) > 0, language


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    po = catalogue(language)

    untranslated = po.untranslated_entries()
    fuzzy = po.fuzzy_entries()

    assert len(untranslated) == 0, f"{language}: {len(untranslated)} untranslated:\n{describe(untranslated)}"
    assert len(fuzzy) == 0, f"{language}: {len(fuzzy)} fuzzy:\n{describe(fuzzy)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    broken = [
        entry
        for entry in catalogue(language).translated_entries()
        for msgid, text in translations_of(entry)
        if set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(text))
    ]

    assert not broken, f"{language}: placeholders differ from the msgid:\n{describe(broken)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_the_same_msgids(language):
    assert {entry.msgid for entry in catalogue(language)} == {entry.msgid for entry in catalogue("fi")}


@pytest.mark.parametrize(("language", "label"), [("fi", "- Valitse -"), ("sv", "- Välj -")])
def test_djangos_empty_choice_of_a_select_is_translated(language, label):
    from django import forms
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    class Form(forms.Form):
        choice = forms.ChoiceField(choices=[("", BLANK_CHOICE_LABEL), ("a", "A")], required=False)

    with translation.override(language):
        assert f">{label}</option>" in str(Form()["choice"])
