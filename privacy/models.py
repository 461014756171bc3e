"""The logs of the GDPR's accountability (art. 5(2)): the access request exports and the retention runs.

The tables keep the names they had when these models were part of the osallisuus app: moving them moved no data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessRequestExport(models.Model):
    """One export made for a data subject's access request (GDPR art. 15): who made it, when, for which email
    address or name, and how many records it held. Every export is logged (accountability, art. 5(2))."""

    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        on_delete=models.PROTECT,
        related_name="access_request_exports",
    )
    exported_at = models.DateTimeField(_("exported"), auto_now_add=True)
    query = models.CharField(_("email address or name"), max_length=254)
    record_count = models.PositiveIntegerField(_("records"))

    class Meta:
        db_table = "osallisuus_accessrequestexport"
        ordering = ["-exported_at", "-pk"]
        verbose_name = _("access request export")
        verbose_name_plural = _("access request exports")

    def __str__(self) -> str:
        return f"{self.exported_at:%Y-%m-%d %H:%M} {self.query}"


class RetentionRun(models.Model):
    """One run of `manage.py apply_retention` that removed something: when, and how many records each rule
    cleaned (counts only, never the removed data)."""

    ran_at = models.DateTimeField(_("run at"), auto_now_add=True)
    counts = models.JSONField(_("records cleaned per rule"), default=dict)

    class Meta:
        db_table = "osallisuus_retentionrun"
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M}"
