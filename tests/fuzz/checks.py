"""Assertions shared by the fuzz properties: what a refused form must show, and the rows that must not change."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape

FINNISH_SUMMARY = "Korjaa nämä kohdat"
SWEDISH_SUMMARY = "Rätta följande"


def row_counts(*models: type[Model]) -> dict[str, int]:
    """Rows of each model, and the files under MEDIA_ROOT (an upload saved before a failure would stay there)."""
    counts = {model._meta.label: model._default_manager.count() for model in models}
    media = Path(settings.MEDIA_ROOT)
    counts["media files"] = sum(1 for path in media.rglob("*") if path.is_file()) if media.exists() else 0
    return counts


def _translated(error: ValidationError, language: str) -> str:
    with translation.override(language):
        # A plural message (ngettext_lazy) picks its form only when the parameters are applied.
        return str(error.message % error.params) if error.params else str(error.message)


def assert_refused_in(response, language: str, summary: str, *, status: int = 400) -> None:
    """The form page again, with the error summary and every error in `language` (not the English msgid)."""
    html = response.content.decode()
    assert response.status_code == status, response.status_code
    assert 'class="error-summary" role="alert"' in html
    assert summary in html
    assert f'<html lang="{language}">' in html
    form = response.context["form"]
    assert form.errors
    for field, errors in form.errors.as_data().items():
        for error in errors:
            for single in error.error_list:
                if isinstance(single.message, Promise):
                    # A message the form translates: shown in the page's language, which is not English.
                    translated, english = _translated(single, language), _translated(single, "en")
                    assert translated != english, f"{field}: not translated: {english!r}"
                    shown = translated
                else:
                    shown = single.message % single.params if single.params else single.message
                assert escape(shown) in html, shown


def assert_clear_refusal(response, language: str = "fi") -> None:
    """A 400 in the visitor's language: the form again with its errors, or the portal's page for a request that
    could not be read at all (Django's bad_request view with templates/400.html)."""
    html = response.content.decode()
    assert response.status_code == 400, response.status_code
    assert f'<html lang="{language}">' in html
    if response.context and "form" in response.context:
        assert_refused_in(response, language, {"fi": FINNISH_SUMMARY, "sv": SWEDISH_SUMMARY}[language])
    else:
        assert UNREADABLE[language] in html


UNREADABLE = {"fi": "Pyyntöä ei voitu lukea", "sv": "Begäran kunde inte läsas"}
