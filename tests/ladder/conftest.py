import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions read the English msgids; one test checks the Finnish page (test_views)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
