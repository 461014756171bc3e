"""The region's shared vocabulary: its municipalities, the authorities that decide (organs), the units responsible
for the programme's work, and the staff who use the portal; and the outbox every email of the portal goes through."""

import datetime
import secrets
from collections.abc import Iterable
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from osallisuus import badges
from osallisuus.badges import BadgeChoices


class User(AbstractUser):
    """A member of staff. Roles are Django groups named after `osallisuus.roles.Role`."""

    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    work_phone = models.CharField(
        _("work phone"),
        max_length=40,
        blank=True,
        help_text=_("An official number that may be shown to the public."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class LocalizedNameMixin(models.Model):
    """A Finnish name, an optional Swedish one, and the one to show in the active language."""

    name = models.CharField(_("name in Finnish"), max_length=200, unique=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.name_in(get_language())

    def name_in(self, language: str | None) -> str:
        """The name to show in `language`: the Swedish one in Swedish when there is one, the Finnish one otherwise."""
        if language == "sv" and self.name_sv:
            return self.name_sv
        return self.name


# The Finnish and the Swedish alphabet both end in å, ä, ö, in that order, after z ("{|}" follow "z" in code order).
_NORDIC_LETTERS = str.maketrans({"å": "{", "ä": "|", "ö": "}"})


def in_name_order(rows: Iterable[LocalizedNameMixin], language: str | None) -> list[LocalizedNameMixin]:
    """`rows` in the alphabetical order of their names in `language` (Vittis after Ulvsby in Swedish, as Huittinen
    before Ulvila in Finnish). The database orders by the Finnish name, in its own collation."""
    return sorted(rows, key=lambda row: row.name_in(language).casefold().translate(_NORDIC_LETTERS))


class Municipality(LocalizedNameMixin):
    """A municipality of the region (611/2021 3 §: its residents are members of the county)."""

    code = models.CharField(
        _("statistical code"),
        max_length=3,
        unique=True,
        help_text=_("Statistics Finland's three-digit code."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class Organ(LocalizedNameMixin):
    """An authority of the region that decides matters: the council, the board, a committee or an office holder.

    An initiative is handled by the organ competent to decide its matter; if that organ is a body (toimielin), the
    body is informed of its initiatives and their measures (Satakunta's administrative rules)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Regional council")
        BOARD = "board", _("Regional board")
        COMMITTEE = "committee", _("Committee")
        SUBCOMMITTEE = "subcommittee", _("Sub-committee")
        OFFICE_HOLDER = "office_holder", _("Office holder")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    handlers = models.ManyToManyField(
        "osallisuus.User",
        verbose_name=_("handlers"),
        related_name="handled_organs",
        blank=True,
        help_text=_("Staff who prepare this organ's initiatives."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organs")

    @property
    def is_body(self) -> bool:
        """A collegial body (toimielin) rather than a single office holder."""
        return self.kind != self.Kind.OFFICE_HOLDER


class Unit(LocalizedNameMixin):
    """A unit responsible for participation work (the programme's responsibility table, seeds/004 section III)."""

    parent_area = models.CharField(
        _("area of responsibility"),
        max_length=200,
        blank=True,
        help_text=_("The division the unit belongs to, e.g. Strategia ja järjestäminen."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")


# --- The outbox ---------------------------------------------------------------------------------------------------
#
# Every email of the portal is stored first and sent after the transaction commits (osallisuus.outbox). The stored
# row, with its send attempts, is the proof that a message was sent and when: a notice to an initiator, a receipt of
# accessibility feedback. A message is tried until the mail server accepts it or a person gives it up, never
# silently dropped. It carries one Message-ID, made when it is written and sent with every attempt, so that a
# receiver who got it twice (a server that accepted it but answered after the portal had stopped waiting) can tell
# it is the same.


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


# How long a sender's claim on a message keeps the other senders away (osallisuus.outbox.outbox_deliver): longer
# than any SMTP conversation (each of its steps waits at most EMAIL_TIMEOUT); a sender that died while sending leaves
# its message to be tried again after it.
SENDING_LEASE = datetime.timedelta(minutes=5)


def written_too_long_ago(now: datetime.datetime) -> Q:
    """Written more than OUTBOX_UNDELIVERED_WARNING_HOURS before `now`."""
    return Q(created_at__lt=now - datetime.timedelta(hours=settings.OUTBOX_UNDELIVERED_WARNING_HOURS))


# "Awaiting delivery": not accepted by the mail server, with an address, not given up. The one spelling of the rule,
# for the queryset and for the delivery's locking query (osallisuus.outbox).
AWAITING_DELIVERY = Q(sent_at__isnull=True, given_up_at__isnull=True) & ~Q(recipient="")


def about_label(model: type[models.Model] | models.Model) -> str:
    """How a message names the model of the row it is about (OutboxMessage.about_model): its label."""
    return model._meta.label_lower


class OutboxQuerySet(models.QuerySet):
    def about_rows_of(self, model: type[models.Model]) -> "OutboxQuerySet":
        """The messages about any row of `model` (their keys: `about_id`)."""
        return self.filter(about_model=about_label(model))

    def about(self, row: models.Model) -> "OutboxQuerySet":
        """The messages about `row`."""
        return self.about_rows_of(type(row)).filter(about_id=row.pk)

    def about_any(self, rows: models.QuerySet) -> "OutboxQuerySet":
        """The messages about any row of `rows` (a queryset, read as a subquery)."""
        return self.about_rows_of(rows.model).filter(about_id__in=rows.values("pk"))

    def undelivered(self) -> "OutboxQuerySet":
        """Messages not yet accepted by the mail server (waiting, failed or given up)."""
        return self.filter(sent_at__isnull=True)

    def failed(self) -> "OutboxQuerySet":
        """Undelivered messages that have been tried at least once."""
        return self.undelivered().filter(attempts__gt=0)

    def awaiting_delivery(self) -> "OutboxQuerySet":
        """Undelivered messages that are still to be sent: they have an address and no one gave them up. Retention
        (e.g. initiatives.retention) removes the address of a message that may never have been delivered; such a message
        is never sent (it would go to no one and be recorded as sent) and leaves the outbox."""
        return self.filter(AWAITING_DELIVERY)

    def to_try(self, now: datetime.datetime) -> "OutboxQuerySet":
        """Awaiting delivery, never tried or its back-off (`retry_delay`) passed: what a sender's run goes through."""
        return self.awaiting_delivery().filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))

    def due(self, now: datetime.datetime) -> "OutboxQuerySet":
        """To try (`to_try`), and no other sender is sending it: not claimed (`sending_since`) within SENDING_LEASE."""
        return self.to_try(now).filter(Q(sending_since__isnull=True) | Q(sending_since__lt=now - SENDING_LEASE))

    def undelivered_too_long(self, now: datetime.datetime) -> "OutboxQuerySet":
        """Awaiting delivery longer than OUTBOX_UNDELIVERED_WARNING_HOURS after it was written: the workspace and the
        daily commands warn about these until each is delivered or a person gives it up."""
        return self.awaiting_delivery().filter(written_too_long_ago(now))

    def with_too_long(self, now: datetime.datetime) -> "OutboxQuerySet":
        """Each row with `too_long`: written longer ago than the warning period (a row of `undelivered_too_long` when
        it awaits delivery)."""
        return self.annotate(too_long=ExpressionWrapper(written_too_long_ago(now), output_field=models.BooleanField()))


class Delivery(BadgeChoices, models.TextChoices):
    """Where a message stands with the mail server (a badge: templates/includes/badge.html)."""

    DELIVERED = "delivered", _("Delivered")
    NOT_TRIED = "not_tried", _("Not tried yet")
    NOT_DELIVERED = "not_delivered", _("Not delivered")
    TOO_LONG = "too_long", _("Undelivered too long")
    GIVEN_UP = "given_up", _("Given up")

    @classmethod
    def tones(cls) -> dict:
        return {
            cls.DELIVERED: badges.OK,
            cls.NOT_TRIED: badges.NEUTRAL,
            cls.NOT_DELIVERED: badges.DANGER,
            cls.TOO_LONG: badges.DANGER,
            cls.GIVEN_UP: badges.NEUTRAL,
        }


class OutboxMessage(models.Model):
    """One email, stored before it is sent. `about` names the row it is about (an initiative, a feedback), as a
    model label and a primary key: the outbox serves every app and imports none."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        NOTICE = "notice", _("One-month notice")
        FINAL_NOTICE = "final_notice", _("Final notice")
        RECLASSIFICATION = "reclassification", _("Re-classification")
        TRACKING_LINK = "tracking_link", _("Tracking link")
        REMINDER = "reminder", _("Deadline reminder")
        FEEDBACK_RECEIPT = "feedback_receipt", _("Receipt of accessibility feedback")
        FEEDBACK_COPY = "feedback_copy", _("Accessibility feedback to the registry")
        FEEDBACK_REMINDER = "feedback_reminder", _("Reminder of accessibility feedback")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    about_model = models.CharField(
        _("about"), max_length=100, blank=True, help_text=_("The label of the model of the row the message is about.")
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    recipient = models.EmailField(_("recipient"))
    reply_to = models.EmailField(_("reply to"), blank=True)
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
    sending_since = models.DateTimeField(
        _("sending since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a sender took the message to send it; the others leave it alone meanwhile."),
    )
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
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=AWAITING_DELIVERY, name="outbox_awaiting_idx"),
            models.Index(fields=["about_model", "about_id"], name="outbox_about_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"

    def about_row_of(self, model: type[models.Model]) -> int | None:
        """The key of the row of `model` the message is about; None when it is about no row of that model."""
        return self.about_id if self.about_model == about_label(model) else None

    @property
    def delivery(self) -> Delivery:
        """Delivered, given up by a person, or awaiting delivery: not tried yet, or tried and refused. (Awaiting
        longer than the warning period is OutboxQuerySet.undelivered_too_long, Delivery.TOO_LONG on the pages.)"""
        if self.sent_at is not None:
            return Delivery.DELIVERED
        if self.given_up_at is not None:
            return Delivery.GIVEN_UP
        return Delivery.NOT_DELIVERED if self.attempts else Delivery.NOT_TRIED
