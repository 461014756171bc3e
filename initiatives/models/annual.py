"""The yearly list to the regional council and the council's "fully processed" decisions (Satakunta's administrative
rules: by the end of June the board presents last year's initiatives and their measures; the council may declare
which are fully processed, the others stay on the next list)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ProcessedDeclaration(models.Model):
    """A decision of the council (or the competent body) declaring initiatives fully processed (loppuun käsitelty)."""

    organ = models.ForeignKey("osallisuus.Organ", verbose_name=_("decided by"), on_delete=models.PROTECT)
    meeting_date = models.DateField(_("meeting date"))
    section = models.CharField(_("section (§)"), max_length=20)
    list_year = models.PositiveIntegerField(_("list year"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting_date", "-pk"]
        verbose_name = _("fully processed decision")
        verbose_name_plural = _("fully processed decisions")
        constraints = [
            models.UniqueConstraint(fields=["organ", "meeting_date", "section"], name="declaration_unique_section")
        ]

    def __str__(self) -> str:
        return f"{self.organ} {self.meeting_date:%d.%m.%Y} {self.section}"


class AnnualReportFile(models.Model):
    """A generated PDF of a yearly list. Reused while the list's content (its fingerprint) is unchanged."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    year = models.PositiveIntegerField(_("year"))
    organ = models.ForeignKey(
        "osallisuus.Organ", verbose_name=_("organ"), on_delete=models.CASCADE, null=True, blank=True
    )
    fingerprint = models.CharField(max_length=64)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    file = models.FileField(upload_to="annual-lists/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("yearly list file")
        verbose_name_plural = _("yearly list files")
        indexes = [models.Index(fields=["year", "fingerprint"], name="annual_file_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.organ or ''} {self.get_state_display()}"
