from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def region(request: HttpRequest) -> dict[str, str]:
    """The region's name and public addresses for every page's header, footer and statements."""
    return region_settings()


def region_name(language: str | None) -> str:
    """The region's name in `language`: Swedish in Swedish, Finnish otherwise (the region has no English name)."""
    return settings.REGION_NAME_SV if language == "sv" else settings.REGION_NAME


def region_settings() -> dict[str, str]:
    """The region's name in the active language and its public addresses: settings only (the `{% fixed %}` blocks
    of osallisuus.templatetags.fixed see these and nothing else)."""
    return {
        "region_name": region_name(get_language()),
        "registry_email": settings.REGION_REGISTRY_EMAIL,
        "feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL,
    }
