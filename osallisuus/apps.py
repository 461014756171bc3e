from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OsallisuusConfig(AppConfig):
    name = "osallisuus"
    verbose_name = _("Region")

    def ready(self) -> None:
        # Importing checks registers the deployment checks.
        from osallisuus import checks  # noqa: F401
