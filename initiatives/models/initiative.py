"""An initiative (aloite) from its arrival to the final notice (611/2021 30 §; Satakunta's administrative rules)."""

import datetime
import secrets
import uuid
from typing import ClassVar, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from osallisuus import badges
from osallisuus.badges import BadgeChoices
from osallisuus.deadlines import add_working_days, month_deadline

DUE_SOON_WORKING_DAYS = 5


def new_tracking_token() -> str:
    """An unguessable token for the initiator's private link (256 bits)."""
    return secrets.token_urlsafe(32)


class NoticeState(BadgeChoices, models.TextChoices):
    """Where an initiative stands against the one-month notice deadline."""

    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Notice due soon")
    OVERDUE = "overdue", _("Notice overdue")
    SENT_ON_TIME = "sent_on_time", _("Notice sent on time")
    SENT_LATE = "sent_late", _("Notice sent late")
    NOT_APPLICABLE = "not_applicable", _("No notice needed")

    @classmethod
    def tones(cls) -> dict:
        return {
            cls.ON_TIME: badges.INFO,
            cls.DUE_SOON: badges.WARN,
            cls.OVERDUE: badges.DANGER,
            cls.SENT_ON_TIME: badges.OK,
            cls.SENT_LATE: badges.WARN,
            cls.NOT_APPLICABLE: badges.NEUTRAL,
        }


class NoticeProgress(BadgeChoices, models.TextChoices):
    """Where a notice to the initiator stands (Initiative.notice_progress): it counts as sent only once given."""

    NOT_PREPARED = "not_prepared", _("Not yet")
    EMAIL_NOT_DELIVERED = "email_not_delivered", _("Email queued, not delivered yet")
    LETTER_NOT_POSTED = "letter_not_posted", _("Letter prepared, the day it was posted not recorded yet")
    GIVEN = "given", _("Sent")

    @classmethod
    def tones(cls) -> dict:
        return {
            cls.NOT_PREPARED: badges.NEUTRAL,
            cls.EMAIL_NOT_DELIVERED: badges.WARN,
            cls.LETTER_NOT_POSTED: badges.WARN,
            cls.GIVEN: badges.OK,
        }


# The one-month notice's deadline rules as conditions, the one spelling of each: the QuerySet methods awaiting_notice,
# overdue and due_soon filter with them, and InitiativeQuerySet.deadline_counts counts with them in one query. Their
# Python twin is Initiative.notice_state (the tests check that the three agree). Plain strings, not the TextChoices:
# the class is defined below and the value is the same.
AWAITING_NOTICE = ~Q(status="reclassified") & Q(notice_sent_at__isnull=True)


def notice_overdue_on(today: datetime.date) -> Q:
    """Awaiting notice after its deadline has passed (before `today`)."""
    return AWAITING_NOTICE & Q(notice_due_on__lt=today)


def notice_due_soon_on(today: datetime.date) -> Q:
    """Awaiting notice, deadline `today` or within the next five working days."""
    return AWAITING_NOTICE & Q(
        notice_due_on__gte=today, notice_due_on__lte=add_working_days(today, DUE_SOON_WORKING_DAYS)
    )


class InitiativeQuerySet(models.QuerySet):
    def initiatives(self) -> "InitiativeQuerySet":
        """Real initiatives: everything not re-classified as feedback or a personal application."""
        return self.exclude(status=Initiative.Status.RECLASSIFIED)

    def awaiting_notice(self) -> "InitiativeQuerySet":
        """Initiatives whose initiator has not yet been told who handles it (the one-month notice)."""
        return self.filter(AWAITING_NOTICE)

    def overdue(self, today: datetime.date) -> "InitiativeQuerySet":
        """Awaiting notice after its deadline has passed (`notice_overdue_on`). Python twin: `notice_state`."""
        return self.filter(notice_overdue_on(today))

    def due_soon(self, today: datetime.date) -> "InitiativeQuerySet":
        """Awaiting notice, deadline today or within the next five working days (`notice_due_soon_on`)."""
        return self.filter(notice_due_soon_on(today))

    def deadline_counts(self, today: datetime.date) -> dict[str, int]:
        """How many of these there are (`all`) and how many are `overdue` and `due_soon` today, in one query."""
        return self.aggregate(
            all=models.Count("pk"),
            overdue=models.Count("pk", filter=notice_overdue_on(today)),
            due_soon=models.Count("pk", filter=notice_due_soon_on(today)),
        )

    def notice_sent_late(self) -> "InitiativeQuerySet":
        """Notice sent, but on a (Helsinki) day after the deadline."""
        return self.filter(notice_sent_at__isnull=False, notice_sent_at__date__gt=models.F("notice_due_on"))

    def notice_sent_on_time(self) -> "InitiativeQuerySet":
        return self.filter(notice_sent_at__isnull=False, notice_sent_at__date__lte=models.F("notice_due_on"))

    def open(self) -> "InitiativeQuerySet":
        """Still being processed: a real initiative whose final notice has not been sent."""
        return self.initiatives().filter(final_notice_sent_at__isnull=True)

    def retention_started_before(self, day: datetime.date) -> "InitiativeQuerySet":
        """Initiatives whose retention clock for the initiator's personal data started before `day` (the rule of the
        clock; how long it runs and what is removed: initiatives.retention, GDPR art. 5(1)(e)).

        An initiative's clock starts only once BOTH have happened, on the later of the two (Helsinki) days: the
        final notice was sent (the initiator has been told the measures, 611/2021 30 §) and the initiative was
        declared fully processed (the meeting date of the declaring decision). One declared without a final notice
        (services.initiatives_declare_processed, confirmed) waits for its final notice. A message re-classified as
        feedback or a personal application starts its clock the day it was re-classified (it gets no final notice
        and no declaration)."""
        notified_and_declared = Q(final_notice_sent_at__date__lt=day, declared_processed_in__meeting_date__lt=day)
        reclassified = Q(status=Initiative.Status.RECLASSIFIED) & models.Exists(
            Initiative.history.model.objects.filter(
                id=models.OuterRef("pk"), status=Initiative.Status.RECLASSIFIED, history_date__date__lt=day
            )
        )
        return self.filter(notified_and_declared | reclassified)

    def declarable(self) -> "InitiativeQuerySet":
        """May be declared fully processed (loppuun käsitelty) as it stands: the initiator has been sent the final
        notice telling whether it led to measures (611/2021 30 §). Any other initiative is declared only when the
        staff confirm that the decision declared it all the same (services.initiatives_declare_processed)."""
        return self.filter(final_notice_sent_at__isnull=False)

    def published(self) -> "InitiativeQuerySet":
        """Visible on the public pages: published by staff after review, and never a re-classified message.

        The condition is `PUBLISHED` below, the one spelling of the rule (the partial indexes and
        selectors.published_years use it too); its Python twin is `Initiative.is_published`, and
        tests/initiatives/test_rules.py checks that the two agree for every status and publication state."""
        return self.filter(PUBLISHED)

    def on_annual_list(self, year: int) -> "InitiativeQuerySet":
        """The yearly list of `year`: initiatives that arrived that year, and those of earlier years not declared
        fully processed on an earlier list (they stay on the next list). A list made again later stays the same."""
        carried_over = Q(arrival_year__lt=year) & (
            Q(declared_processed_in__isnull=True) | Q(declared_processed_in__list_year__gte=year)
        )
        return self.initiatives().filter(Q(arrival_year=year) | carried_over)

    def needing_action_first(self) -> "InitiativeQuerySet":
        """The staff workspace's order: open ones awaiting notice by deadline, then the rest by arrival."""
        return self.order_by(
            models.F("notice_sent_at").asc(nulls_first=True), "notice_due_on", "arrived_on", "sequence"
        )

    def visible_to_handler(self, user) -> "InitiativeQuerySet":
        """Initiatives of the organs the user handles, or assigned to the user."""
        return self.filter(Q(handler=user) | Q(handling_organ__handlers=user)).distinct()


# "Published": the rows of the public pages (InitiativeQuerySet.published() and the partial indexes' condition).
# Plain strings, not the TextChoices below: the class is defined after this line and the value is the same.
PUBLISHED = ~Q(status="reclassified") & Q(publication_state="published")


class Transition(NamedTuple):
    """A handling step of an initiative: the statuses and publication states it may be taken from, the status it
    leaves the initiative in (None: the status stays), and the name of a property of the initiative that must also
    be true (None: none)."""

    statuses: frozenset[str]
    publication_states: frozenset[str] = frozenset({"unpublished", "published"})
    to_status: str | None = None
    requires: str | None = None


class Notice(NamedTuple):
    """The fields of one of the two notices to the initiator (611/2021 30 §; Satakunta's administrative rules): when
    staff prepared it, when it was given, and how. "Given" is the moment it left the county: the mail server accepted
    its email (initiatives.notices) or staff recorded the day its letter was posted (the services
    initiative_record_notice_posted and initiative_record_final_notice_posted). Clicking "send" only prepares it;
    every deadline rule reads the moment it was given."""

    prepared: str
    given: str
    method: str


class ReferenceCounter(models.Model):
    """The last sequence number given in an arrival year; incremented atomically (see services.next_reference)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Initiative(models.Model):
    class InitiatorKind(models.TextChoices):
        RESIDENT = "resident", _("Resident of the region")
        MUNICIPALITY = "municipality", _("Municipality of the region")
        ORGANISATION = "organisation", _("Association or foundation")
        PROPERTY = "property", _("Owner or holder of property in the region")
        SERVICE_USER = "service_user", _("User of a service of the region")

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        EMAIL = "email", _("Email")
        PAPER = "paper", _("Paper")

    class Language(models.TextChoices):
        FI = "fi", _("Finnish")
        SV = "sv", _("Swedish")
        EN = "en", _("English")

    class Status(BadgeChoices, models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("Being processed")
        DECIDED = "decided", _("Decided")
        ANSWERED = "answered", _("Answered")
        RECLASSIFIED = "reclassified", _("Not an initiative")

        @classmethod
        def tones(cls) -> dict:
            return {
                cls.RECEIVED: badges.INFO,
                cls.IN_PROGRESS: badges.INFO,
                cls.DECIDED: badges.OK,
                cls.ANSWERED: badges.OK,
                cls.RECLASSIFIED: badges.NEUTRAL,
            }

    class Outcome(models.TextChoices):
        YES = "yes", _("Led to measures")
        PARTLY = "partly", _("Partly led to measures")
        NO = "no", _("Did not lead to measures")

    class DeliveryMethod(models.TextChoices):
        EMAIL = "email", _("Email")
        LETTER = "letter", _("Letter")

    class Publication(models.TextChoices):
        UNPUBLISHED = "unpublished", _("Not published")
        PUBLISHED = "published", _("Published")

    class Reclassification(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback")
        APPLICATION = "application", _("Personal application")

    # The one table of handling steps (STYLE.md: a rule lives in one place). The services refuse a step the table
    # does not allow (services._require), and the staff pages and the admin read it through `allows` to offer only
    # the steps possible now. Publishing again updates the published text; a re-classified message is never public.
    TRANSITIONS: ClassVar[dict[str, Transition]] = {
        "assign": Transition(frozenset({Status.RECEIVED, Status.IN_PROGRESS})),
        "send_notice": Transition(frozenset({Status.RECEIVED}), to_status=Status.IN_PROGRESS),
        "record_hearing": Transition(frozenset({Status.IN_PROGRESS, Status.DECIDED})),
        "record_decision": Transition(frozenset({Status.IN_PROGRESS, Status.DECIDED}), to_status=Status.DECIDED),
        "send_final_notice": Transition(frozenset({Status.DECIDED}), to_status=Status.ANSWERED),
        "reclassify": Transition(frozenset({Status.RECEIVED, Status.IN_PROGRESS}), to_status=Status.RECLASSIFIED),
        # A letter counts as given on the day staff record that it was posted (Notice); recorded once.
        "record_notice_posted": Transition(
            frozenset({Status.IN_PROGRESS, Status.DECIDED, Status.ANSWERED}), requires="notice_awaits_posting"
        ),
        "record_final_notice_posted": Transition(frozenset({Status.ANSWERED}), requires="final_notice_awaits_posting"),
        "publish": Transition(frozenset(Status) - {Status.RECLASSIFIED}),
        "unpublish": Transition(frozenset(Status) - {Status.RECLASSIFIED}, frozenset({Publication.PUBLISHED})),
    }

    # The two notices, keyed by the kind of their email (OutboxMessage.Kind).
    NOTICES: ClassVar[dict[str, Notice]] = {
        "notice": Notice("notice_prepared_at", "notice_sent_at", "notice_method"),
        "final_notice": Notice("final_notice_prepared_at", "final_notice_sent_at", "final_notice_method"),
    }

    # Identity
    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    arrival_year = models.PositiveIntegerField(_("arrival year"), editable=False)
    sequence = models.PositiveIntegerField(_("number in the year"), editable=False)
    tracking_token = models.CharField(max_length=64, unique=True, default=new_tracking_token, editable=False)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    register_number = models.CharField(_("case register number"), max_length=50, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.WEB)
    arrived_on = models.DateField(_("arrival date"), help_text=_("The local date in Helsinki when it arrived."))
    notice_due_on = models.DateField(_("notice due"), editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # The initiator (the contact person: the first signatory or the one named)
    initiator_kind = models.CharField(_("initiator"), max_length=20, choices=InitiatorKind)
    membership_grounds = models.CharField(
        _("grounds of membership"),
        max_length=300,
        blank=True,
        help_text=_("What makes the initiator a member of the region, e.g. the property or the service used."),
    )
    name = models.CharField(_("name"), max_length=200)
    home_municipality = models.ForeignKey(
        "osallisuus.Municipality",
        verbose_name=_("home municipality or domicile"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    letter_language = models.CharField(_("language for letters"), max_length=2, choices=Language, default=Language.FI)
    name_publication_consent = models.BooleanField(_("name may be published"), default=False)

    # The initiative itself
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("initiative"))
    service = models.CharField(_("service concerned"), max_length=300, blank=True)

    # Handling
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.RECEIVED)
    handling_organ = models.ForeignKey(
        "osallisuus.Organ",
        verbose_name=_("competent authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_initiatives",
    )
    estimated_completion = models.DateField(_("estimated completion"), null=True, blank=True)
    info_contact_name = models.CharField(_("contact for more information"), max_length=200, blank=True)
    info_contact_email = models.EmailField(_("contact's email"), blank=True)
    info_contact_phone = models.CharField(_("contact's phone"), max_length=40, blank=True)
    notice_prepared_at = models.DateTimeField(
        _("notice prepared"),
        null=True,
        blank=True,
        help_text=_("When staff sent the notice: its email was queued or its letter printed."),
    )
    notice_sent_at = models.DateTimeField(
        _("notice sent"),
        null=True,
        blank=True,
        help_text=_("When the notice reached the initiator's mail server, or the day its letter was posted."),
    )
    notice_method = models.CharField(_("notice sent by"), max_length=10, choices=DeliveryMethod, blank=True)

    # 611/2021 30 §: the initiators' representatives must be offered a chance to be heard
    hearing_offered_on = models.DateField(_("hearing offered"), null=True, blank=True)
    hearing_held_on = models.DateField(_("hearing held"), null=True, blank=True)
    hearing_notes = models.TextField(_("hearing notes"), blank=True)

    # Outcome
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome, blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    decision_organ = models.ForeignKey(
        "osallisuus.Organ",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_section = models.CharField(_("decision section (§)"), max_length=20, blank=True)
    final_notice_prepared_at = models.DateTimeField(_("final notice prepared"), null=True, blank=True)
    final_notice_sent_at = models.DateTimeField(
        _("final notice sent"),
        null=True,
        blank=True,
        help_text=_("When the final notice reached the initiator's mail server, or the day its letter was posted."),
    )
    final_notice_method = models.CharField(_("final notice sent by"), max_length=10, choices=DeliveryMethod, blank=True)

    # Publication
    publication_state = models.CharField(
        _("publication"), max_length=12, choices=Publication, default=Publication.UNPUBLISHED
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    public_title = models.CharField(
        _("public title"),
        max_length=200,
        blank=True,
        help_text=_("A redacted title to publish instead of the original."),
    )
    public_text = models.TextField(
        _("public text"), blank=True, help_text=_("A redacted text to publish instead of the original.")
    )

    # Declared fully processed by the council or the competent body (the yearly list, see models/annual.py)
    declared_processed_in = models.ForeignKey(
        "initiatives.ProcessedDeclaration",
        verbose_name=_("declared fully processed in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )

    # Re-classification: the message was feedback or a personal application, not an initiative
    reclassified_as = models.CharField(_("re-classified as"), max_length=12, choices=Reclassification, blank=True)
    reclassification_message = models.TextField(_("message to the sender"), blank=True)

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["tracking_token", "submission_key"])

    class Meta:
        ordering = ["-arrived_on", "-sequence"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(fields=["arrival_year", "sequence"], name="initiative_unique_sequence"),
            models.CheckConstraint(
                condition=~Q(status="reclassified") | ~Q(reclassified_as=""),
                name="initiative_reclassified_has_kind",
            ),
            models.CheckConstraint(
                condition=Q(final_notice_sent_at__isnull=True) | ~Q(outcome=""),
                name="initiative_final_notice_has_outcome",
            ),
        ]
        # The lists' orders are served by indexes, so a page of them does not grow with the rows:
        # the public list newest or oldest first (one index, read either way) and by title, the staff workspace
        # needing action first (PostgreSQL only: migration 0005) and the programme's metrics by arrival date. The
        # filters' foreign keys have their own indexes, the year its unique constraint and the search its GIN index;
        # the year filter's choices come from initiative_pub_year_idx (selectors.published_years).
        indexes = [
            models.Index(fields=["notice_sent_at", "notice_due_on"], name="initiative_deadline_idx"),
            models.Index(fields=["publication_state", "-arrived_on"], name="initiative_public_idx"),
            models.Index(fields=["arrived_on", "sequence"], condition=PUBLISHED, name="initiative_pub_order_idx"),
            models.Index(fields=["title", "-arrived_on"], condition=PUBLISHED, name="initiative_pub_title_idx"),
            models.Index(fields=["arrival_year"], condition=PUBLISHED, name="initiative_pub_year_idx"),
            models.Index(fields=["arrived_on"], name="initiative_arrived_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @staticmethod
    def notice_deadline_for(arrived_on: datetime.date) -> datetime.date:
        """One month from arrival, moved to a working day (150/1930 3 § and 5 §)."""
        return month_deadline(arrived_on)

    @property
    def status_choice(self) -> "Initiative.Status":
        """The status as its choice (value, label, badge tone): a code constant, so its badge is rendered once per
        status and language (`{% fixed_include "includes/badge.html" choice=initiative.status_choice %}`)."""
        return self.Status(self.status)

    def notice_state(self, today: datetime.date) -> NoticeState:
        """The deadline state; the SQL twins are the QuerySet methods overdue, due_soon and notice_sent_late."""
        return self.notice_state_of(self.status, self.notice_due_on, self.notice_sent_on, today)

    @classmethod
    def notice_state_of(
        cls, status: str, notice_due_on: datetime.date, notice_sent_on: datetime.date | None, today: datetime.date
    ) -> NoticeState:
        """`notice_state` from the fields it reads, for rows read as values (selectors.workspace_rows)."""
        if status == cls.Status.RECLASSIFIED:
            return NoticeState.NOT_APPLICABLE
        if notice_sent_on is not None:
            return NoticeState.SENT_ON_TIME if notice_sent_on <= notice_due_on else NoticeState.SENT_LATE
        if notice_due_on < today:
            return NoticeState.OVERDUE
        if notice_due_on <= add_working_days(today, DUE_SOON_WORKING_DAYS):
            return NoticeState.DUE_SOON
        return NoticeState.ON_TIME

    @property
    def notice_overdue(self) -> bool:
        """The notice is not sent and its deadline passed before today (Helsinki), the OVERDUE of `notice_state`.
        The receipt, the track page and the staff messages then say the notice is late and comes as soon as
        possible: they never promise a date already gone."""
        return self.notice_state(timezone.localdate()) == NoticeState.OVERDUE

    @property
    def notice_sent_on(self) -> datetime.date | None:
        """The Helsinki day the notice was sent."""
        return timezone.localdate(self.notice_sent_at) if self.notice_sent_at else None

    @property
    def notice_met_deadline(self) -> bool | None:
        """Whether the notice went out by its deadline; None before it is sent. SQL twins: notice_sent_on_time and
        notice_sent_late."""
        return None if self.notice_sent_on is None else self.notice_sent_on <= self.notice_due_on

    def clean(self) -> None:
        """Until the final notice is sent someone must be able to answer the initiator: an email or a postal address.
        (Afterwards apply_retention removes both.)"""
        answered = self.status in {self.Status.ANSWERED, self.Status.RECLASSIFIED}
        if not answered and not self.email and not self.postal_address:
            raise ValidationError(_("Give an email address or a postal address so that we can answer you."))

    def allows(self, step: str) -> bool:
        """Whether the handling step `step` (a key of TRANSITIONS) may be taken in the current state."""
        transition = self.TRANSITIONS[step]
        return (
            self.status in transition.statuses
            and self.publication_state in transition.publication_states
            and (transition.requires is None or getattr(self, transition.requires))
        )

    def notice_progress(self, notice: str) -> NoticeProgress:
        """Where `notice` ("notice" or "final_notice", a key of NOTICES) stands: not prepared, its email not delivered
        yet, its letter not posted yet, or given. An email notice becomes a letter when staff give its email up
        (initiatives.mail.outbox_give_up)."""
        fields = self.NOTICES[notice]
        if getattr(self, fields.given) is not None:
            return NoticeProgress.GIVEN
        if getattr(self, fields.prepared) is None:
            return NoticeProgress.NOT_PREPARED
        if getattr(self, fields.method) == self.DeliveryMethod.LETTER:
            return NoticeProgress.LETTER_NOT_POSTED
        return NoticeProgress.EMAIL_NOT_DELIVERED

    @property
    def notice_sending(self) -> NoticeProgress:
        return self.notice_progress("notice")

    @property
    def final_notice_sending(self) -> NoticeProgress:
        return self.notice_progress("final_notice")

    @property
    def notice_awaits_posting(self) -> bool:
        """The notice was prepared as a letter whose posting day is not recorded yet (record_notice_posted)."""
        return self.notice_sending == NoticeProgress.LETTER_NOT_POSTED

    @property
    def final_notice_awaits_posting(self) -> bool:
        return self.final_notice_sending == NoticeProgress.LETTER_NOT_POSTED

    @property
    def is_published(self) -> bool:
        """On the public pages. SQL twin: `PUBLISHED` (InitiativeQuerySet.published()); tested to agree."""
        return self.publication_state == self.Publication.PUBLISHED and self.status != self.Status.RECLASSIFIED

    @property
    def is_service_user(self) -> bool:
        """Made by a user of a service of the region: being a social or health care client is confidential
        (julkisuuslaki 24 § 1 mom 25 k), so initiatives.publication never shows who they are."""
        return self.initiator_kind == self.InitiatorKind.SERVICE_USER


class CoInitiator(models.Model):
    """Another signatory: name and municipality only; notices go to the initiative's contact person."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="co_initiators")
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        "osallisuus.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("co-initiator")
        verbose_name_plural = _("co-initiators")

    def __str__(self) -> str:
        return self.name


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The sender's file name is never part of the path: it is kept only as data.
    return f"initiatives/{instance.initiative.arrival_year}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file sent with an initiative (PDF, JPEG or PNG, checked by content). Served only to staff."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
