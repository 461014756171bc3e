"""The email outbox: every message to an initiator or a handler is stored first and sent after the transaction
commits. The stored row, with its send attempts, is the proof that a notice was sent and when.

A message is tried until the mail server accepts it or a person gives it up (initiatives.mail): never silently
dropped. It carries one Message-ID, made when it is written and sent with every attempt, so that a receiver who got
it twice (a server that accepted it but answered after the portal had stopped waiting) can tell it is the same."""

import datetime
import secrets
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _


def new_message_id() -> str:
    """A Message-ID (RFC 5322 3.6.4) in the domain of the sender's address, else of the site. Its unique part is
    128 random bits from the operating system: email.utils.make_msgid draws from the `random` module, whose state
    forked processes share and tests seed (hypothesis), and a clash would stop the message from being stored."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or urlsplit(settings.SITE_URL).hostname
    return f"<{secrets.token_hex(16)}@{domain or 'localhost'}>"


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long after its `attempts`-th failed attempt a message is tried again: 2, 4, 8… minutes, at most
    OUTBOX_RETRY_MAX_MINUTES. There is no last attempt: only a person stops the retries (OutboxMessage.given_up_at)."""
    cap = max(1, settings.OUTBOX_RETRY_MAX_MINUTES)
    return datetime.timedelta(minutes=min(2 ** min(attempts, 20), cap))


def written_too_long_ago(now: datetime.datetime) -> Q:
    """Written more than OUTBOX_UNDELIVERED_WARNING_HOURS before `now`."""
    return Q(created_at__lt=now - datetime.timedelta(hours=settings.OUTBOX_UNDELIVERED_WARNING_HOURS))


# "Awaiting delivery": not accepted by the mail server, with an address, not given up. The one spelling of the rule,
# for the queryset and for the delivery's locking query (initiatives.mail).
AWAITING_DELIVERY = Q(sent_at__isnull=True, given_up_at__isnull=True) & ~Q(recipient="")


class OutboxQuerySet(models.QuerySet):
    def undelivered(self) -> "OutboxQuerySet":
        """Messages not yet accepted by the mail server (waiting, failed or given up)."""
        return self.filter(sent_at__isnull=True)

    def failed(self) -> "OutboxQuerySet":
        """Undelivered messages that have been tried at least once."""
        return self.undelivered().filter(attempts__gt=0)

    def awaiting_delivery(self) -> "OutboxQuerySet":
        """Undelivered messages that are still to be sent: they have an address and no one gave them up. Retention
        (initiatives.retention) removes the address of a message that may never have been delivered; such a message
        is never sent (it would go to no one and be recorded as sent) and leaves the outbox."""
        return self.filter(AWAITING_DELIVERY)

    def due(self, now: datetime.datetime) -> "OutboxQuerySet":
        """Awaiting delivery and due for an attempt: never tried, or its back-off (`retry_delay`) has passed."""
        return self.awaiting_delivery().filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))

    def undelivered_too_long(self, now: datetime.datetime) -> "OutboxQuerySet":
        """Awaiting delivery longer than OUTBOX_UNDELIVERED_WARNING_HOURS after it was written: the workspace and the
        daily commands warn about these until each is delivered or a person gives it up."""
        return self.awaiting_delivery().filter(written_too_long_ago(now))

    def with_too_long(self, now: datetime.datetime) -> "OutboxQuerySet":
        """Each row with `too_long`: written longer ago than the warning period (a row of `undelivered_too_long` when
        it awaits delivery)."""
        return self.annotate(too_long=ExpressionWrapper(written_too_long_ago(now), output_field=models.BooleanField()))


class OutboxMessage(models.Model):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        NOTICE = "notice", _("One-month notice")
        FINAL_NOTICE = "final_notice", _("Final notice")
        RECLASSIFICATION = "reclassification", _("Re-classification")
        TRACKING_LINK = "tracking_link", _("Tracking link")
        REMINDER = "reminder", _("Deadline reminder")

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
    message_id = models.CharField(
        _("Message-ID"),
        max_length=255,
        unique=True,
        default=new_message_id,
        editable=False,
        help_text=_("Sent with every attempt, so that a receiver can tell a message it got twice."),
    )
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
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    given_up_at = models.DateTimeField(_("given up"), null=True, blank=True)
    given_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given up by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email message")
        verbose_name_plural = _("email outbox")
        # The senders and the warnings read only the messages awaiting delivery: a small part of a growing table.
        indexes = [models.Index(fields=["next_attempt_at"], condition=AWAITING_DELIVERY, name="outbox_awaiting_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
