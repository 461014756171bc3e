from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def region(request: HttpRequest) -> dict[str, str]:
    """The region's name and public addresses for every page's header, footer and statements."""
    return region_settings()


def region_settings() -> dict[str, str]:
    """The region's name in the active language and its public addresses: settings only (the `{% fixed %}` blocks
    of osallisuus.templatetags.fixed see these and nothing else)."""
    return {
        "region_name": settings.REGION_NAME_SV if get_language() == "sv" else settings.REGION_NAME,
        "registry_email": settings.REGION_REGISTRY_EMAIL,
        "feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL,
    }
