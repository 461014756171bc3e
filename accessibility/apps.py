from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessibilityConfig(AppConfig):
    name = "accessibility"
    verbose_name = _("Accessibility statement")

    def ready(self) -> None:
        from accessibility.services import register_feedback_outcomes

        register_feedback_outcomes()
