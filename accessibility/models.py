"""Accessibility feedback and the rule of its answer deadline."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from osallisuus import badges
from osallisuus.badges import BadgeChoices
from osallisuus.deadlines import add_working_days, is_working_day

# 306/2019: the provider of a digital service answers accessibility feedback within two weeks of its arrival.
ANSWER_PERIOD = datetime.timedelta(weeks=2)
# An open feedback is "due soon" on the last three working days before its deadline.
DUE_SOON_WORKING_DAYS = 3


def answer_deadline_for(received_on: datetime.date) -> datetime.date:
    """Two weeks after the Helsinki day the feedback arrived: the same weekday (150/1930 4 §), moved to the next
    working day when that is a Saturday, a Sunday or a holiday (150/1930 5 §)."""
    day = received_on + ANSWER_PERIOD
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


class AnswerState(BadgeChoices, models.TextChoices):
    """Where an open feedback stands against its answer deadline (a badge: templates/includes/badge.html)."""

    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Answer due soon")
    OVERDUE = "overdue", _("Answer overdue")
    ANSWERED = "sent_on_time", _("Answered")

    @classmethod
    def tones(cls) -> dict:
        return {
            cls.ON_TIME: badges.INFO,
            cls.DUE_SOON: badges.WARN,
            cls.OVERDUE: badges.DANGER,
            cls.ANSWERED: badges.OK,
        }


class AccessibilityFeedbackQuerySet(models.QuerySet):
    def open(self) -> "AccessibilityFeedbackQuerySet":
        """Feedback not yet marked answered. Python twin: `AccessibilityFeedback.is_open`."""
        return self.filter(answered_at__isnull=True)

    def answered(self) -> "AccessibilityFeedbackQuerySet":
        return self.filter(answered_at__isnull=False)

    def mail_missing(self) -> "AccessibilityFeedbackQuerySet":
        """Feedback whose copy to the registry, or whose receipt to the sender's email address, is not yet sent."""
        return self.filter(Q(registry_notified_at__isnull=True) | Q(receipt_sent_at__isnull=True) & ~Q(email=""))

    def overdue(self, today: datetime.date) -> "AccessibilityFeedbackQuerySet":
        """Open after its deadline has passed. Python twin: `AccessibilityFeedback.answer_state`."""
        return self.open().filter(answer_due_on__lt=today)

    def due_soon(self, today: datetime.date) -> "AccessibilityFeedbackQuerySet":
        """Open, deadline today or within the next DUE_SOON_WORKING_DAYS working days."""
        return self.open().filter(
            answer_due_on__gte=today, answer_due_on__lte=add_working_days(today, DUE_SOON_WORKING_DAYS)
        )


class AccessibilityFeedback(models.Model):
    """Feedback on the portal's accessibility, sent through the form of the accessibility statement.

    The sender may stay anonymous; without an email address no receipt or answer can be sent by email, but the
    feedback is still handled."""

    class Language(models.TextChoices):
        FI = "fi", _("Finnish")
        SV = "sv", _("Swedish")
        EN = "en", _("English")

    page_url = models.CharField(
        _("page"),
        max_length=500,
        blank=True,
        help_text=_("The address or name of the page the feedback is about."),
    )
    message = models.TextField(_("feedback"), max_length=5000)
    sender_name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language,
        default=Language.FI,
        help_text=_("The language of the form; the receipt and the answer are written in it."),
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    answer_due_on = models.DateField(_("answer due"))
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)
    registry_notified_at = models.DateTimeField(_("registry notified"), null=True, blank=True)
    reminded_on = models.DateField(
        _("last reminder"),
        null=True,
        blank=True,
        help_text=_("The day the registry was last reminded of this unanswered feedback."),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_note = models.TextField(
        _("answer"),
        blank=True,
        help_text=_("How and when the sender was answered, and what was done."),
    )
    submission_key = models.CharField(max_length=36, unique=True, null=True, blank=True, editable=False)

    # The tables keep the names they had when feedback was part of the osallisuus app: moving the model moved no data.
    history = HistoricalRecords(
        excluded_fields=["submission_key", "reminded_on"], table_name="osallisuus_historicalaccessibilityfeedback"
    )
    objects = AccessibilityFeedbackQuerySet.as_manager()

    class Meta:
        db_table = "osallisuus_accessibilityfeedback"
        ordering = ["answer_due_on", "received_at", "pk"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer_note=""),
                name="feedback_answered_has_note",
            ),
        ]
        indexes = [models.Index(fields=["answered_at", "answer_due_on"], name="feedback_open_due_idx")]

    def __str__(self) -> str:
        received = timezone.localdate(self.received_at).strftime("%d.%m.%Y")
        return f"{received}: {self.message[:60]}"

    @property
    def received_on(self) -> datetime.date:
        """The Helsinki day the feedback arrived (the deadline counts from it)."""
        return timezone.localdate(self.received_at)

    @property
    def is_open(self) -> bool:
        """Not yet answered; SQL twin: `AccessibilityFeedbackQuerySet.open`."""
        return self.answered_at is None

    def answer_state(self, today: datetime.date) -> AnswerState:
        """The deadline state; the SQL twins are the QuerySet methods open, overdue and due_soon."""
        if not self.is_open:
            return AnswerState.ANSWERED
        if self.answer_due_on < today:
            return AnswerState.OVERDUE
        if self.answer_due_on <= add_working_days(today, DUE_SOON_WORKING_DAYS):
            return AnswerState.DUE_SOON
        return AnswerState.ON_TIME
