"""The email outbox: every message to an initiator or a handler is stored first and sent after the transaction
commits. The stored row, with its send attempts, is the proof that a notice was sent and when."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxQuerySet(models.QuerySet):
    def undelivered(self) -> "OutboxQuerySet":
        """Messages not yet accepted by the mail server (waiting or failed)."""
        return self.filter(sent_at__isnull=True)

    def failed(self) -> "OutboxQuerySet":
        """Undelivered messages that have been tried at least once."""
        return self.undelivered().filter(attempts__gt=0)

    def awaiting_delivery(self) -> "OutboxQuerySet":
        """Undelivered messages that can still be sent: they have an address. Retention (initiatives.retention)
        removes the address of a message that may never have been delivered; such a message is never sent (it
        would go to no one and be recorded as sent) and leaves the outbox."""
        return self.undelivered().exclude(recipient="")


class OutboxMessage(models.Model):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        NOTICE = "notice", _("One-month notice")
        FINAL_NOTICE = "final_notice", _("Final notice")
        RECLASSIFICATION = "reclassification", _("Re-classification")
        TRACKING_LINK = "tracking_link", _("Tracking link")
        REMINDER = "reminder", _("Deadline reminder")

    MAX_ATTEMPTS = 8

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    language = models.CharField(_("language"), max_length=2)
    dedupe_key = models.CharField(
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Set for messages that must be sent only once, e.g. a reminder of a given day."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email message")
        verbose_name_plural = _("email outbox")
        indexes = [models.Index(fields=["sent_at", "attempts"], name="outbox_undelivered_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
