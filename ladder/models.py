"""The participation programme: its five-step ladder, ways of working, kinds of participation, actions, metrics and
their measurements, and the change-programme timeline (seeds/004, Osallisuusohjelma 2024–2025).

Step numbers (1–5) are the ladder's identity; titles and descriptions are data, because the programme itself
swaps the titles of steps 3 and 4 between its sections II and VI.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Mod
from django.db.models.lookups import Range
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.annual import list_deadline
from ladder.metrics import COMPUTED_METRICS
from ladder.quarters import Quarter, format_quarter_range
from osallisuus import badges
from osallisuus.badges import BadgeChoices

STEP_NUMBERS = (1, 2, 3, 4, 5)
quarter_validators = [MinValueValidator(19001), MaxValueValidator(21004)]


def choice_label(choices: type[models.Choices], value: str) -> str:
    """`value`'s label, as get_FOO_display() gives it without rebuilding and translating every choice on each call
    (too much for the public page's lists); a value the choices do not declare ("", or one no longer offered) is
    shown as stored, as get_FOO_display() does."""
    try:
        return choices(value).label
    except ValueError:
        return value


class ProgrammeQuerySet(models.QuerySet):
    def current(self, today: datetime.date) -> "Programme | None":
        """The programme in force on `today`: the one whose period covers the year, else the latest to have started,
        else (none has started yet) the one that starts last.

        A county adopts successive programmes; between two of them the previous one stays the one shown. They are
        few (one every few years), so all are read in one query and the rule is applied here: cheaper than ordering
        by it in SQL, which the public page pays on every request."""
        year = today.year

        def precedence(programme: Programme) -> int:
            if programme.start_year <= year <= programme.end_year:
                return 0
            return 1 if programme.start_year <= year else 2

        # min() keeps the first of equals: a tie goes to the latest start, then the name, as ordered in SQL.
        return min(self.order_by("-start_year", "name"), key=precedence, default=None)


class Programme(models.Model):
    """A participation programme adopted by an organ (seeds/004: adopted by the regional board 13.2.2024)."""

    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=[MinValueValidator(2000)])
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=[MinValueValidator(2000)])
    adopted_by = models.ForeignKey(
        "osallisuus.Organ",
        verbose_name=_("adopted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adoption_section = models.CharField(
        _("section of the minutes"), max_length=20, blank=True, help_text=_("The § of the decision, e.g. 45 §.")
    )
    current_step = models.PositiveSmallIntegerField(
        _("current step"),
        choices=[(n, n) for n in STEP_NUMBERS],
        default=1,
        help_text=_("The step of the ladder the region stands on now."),
    )
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["name", "start_year"], name="ladder_programme_unique_name_year"),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="ladder_programme_period_in_order"
            ),
            models.CheckConstraint(condition=Q(current_step__gte=1, current_step__lte=5), name="ladder_current_step"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.period}"

    @property
    def period(self) -> str:
        return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot come before the first year.")})


class Step(models.Model):
    """A step of the participation ladder (osallisuuden portaat). The number is the identity, the title is data."""

    class Standing(BadgeChoices, models.TextChoices):
        REACHED = "reached", _("Reached")
        CURRENT = "current", _("We are here")
        AHEAD = "ahead", _("Ahead")

        @classmethod
        def tones(cls) -> dict:
            return {cls.REACHED: badges.OK, cls.CURRENT: badges.INFO, cls.AHEAD: badges.NEUTRAL}

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="steps"
    )
    number = models.PositiveSmallIntegerField(_("number"), choices=[(n, n) for n in STEP_NUMBERS])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    schedule_note = models.CharField(
        _("schedule"), max_length=200, blank=True, help_text=_("When the step is worked on, e.g. 2024–2025.")
    )
    responsible_note = models.CharField(
        _("responsible parties as written"),
        max_length=300,
        blank=True,
        help_text=_("For example “the whole organisation” when no unit is named."),
    )
    responsible_units = models.ManyToManyField(
        "osallisuus.Unit", verbose_name=_("responsible units"), blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[responsible_units])

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="ladder_step_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=5), name="ladder_step_number_1_5"),
        ]

    def __str__(self) -> str:
        return gettext("Step %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    @property
    def label(self) -> str:
        """The step as a heading names it, e.g. "Step 3"."""
        return gettext("Step %(number)s") % {"number": self.number}

    @property
    def label_in_text(self) -> str:
        """The step as named within a sentence, e.g. "step 3" (the timeline's rows)."""
        return gettext("step %(number)s") % {"number": self.number}

    @property
    def standing(self) -> "Step.Standing":
        """Where the region stands relative to this step (Programme.current_step)."""
        if self.number < self.programme.current_step:
            return self.Standing.REACHED
        if self.number == self.programme.current_step:
            return self.Standing.CURRENT
        return self.Standing.AHEAD

    def get_standing_display(self) -> str:
        return str(self.standing.label)

    @property
    def is_current(self) -> bool:
        return self.standing == self.Standing.CURRENT


class Principle(models.Model):
    """One of the programme's six ways of working (yhteinen tapa toimia); every action is filed under one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("way of working")
        verbose_name_plural = _("ways of working")

    def __str__(self) -> str:
        return self.name


class ParticipationKind(models.Model):
    """Resident, client or staff participation in a programme, with its responsible units and partners
    (seeds/004 section III, Osallisuuden vastuutahot)."""

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("Resident participation")
        CLIENT = "client", _("Client participation")
        STAFF = "staff", _("Staff participation")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="participation_kinds"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    description = models.TextField(_("description"), blank=True)
    responsible_units = models.ManyToManyField(
        "osallisuus.Unit", verbose_name=_("responsible units"), blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[responsible_units])

    class Meta:
        ordering = ["programme", "kind"]
        verbose_name = _("kind of participation")
        verbose_name_plural = _("kinds of participation")
        constraints = [models.UniqueConstraint(fields=["programme", "kind"], name="ladder_participation_kind_once")]

    def __str__(self) -> str:
        return str(self.kind_label)

    @property
    def kind_label(self) -> str:
        """get_kind_display() without rebuilding the choices on every call (see Action.state_label)."""
        return choice_label(self.Kind, self.kind)


class Partner(models.Model):
    """An internal or external partner of a kind of participation (e.g. Vanhusneuvosto, Järjestöt ja seurakunnat)."""

    class Scope(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    participation_kind = models.ForeignKey(
        ParticipationKind, verbose_name=_("kind of participation"), on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(_("internal or external"), max_length=10, choices=Scope)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["participation_kind", "position", "name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["participation_kind", "name"], name="ladder_partner_once"),
        ]

    def __str__(self) -> str:
        return self.name


class MeansOfParticipation(models.TextChoices):
    """The means of participation named in 611/2021 29 § 2 mom."""

    HEARINGS = "hearings", _("Discussion and hearing events, resident panels")
    OPINIONS = "opinions", _("Finding out opinions before decisions")
    REPRESENTATIVES = "representatives", _("Service users' representatives in bodies")
    CO_DESIGN = "co_design", _("Planning and developing services with their users")
    FINANCES = "finances", _("Participation in financial planning")
    OWN_INITIATIVE = "own_initiative", _("Supporting residents' and communities' own initiatives")


class ActionQuerySet(models.QuerySet):
    def late(self, today: datetime.date) -> "ActionQuerySet":
        """Actions whose schedule has ended but which are not finished: the last scheduled quarter is over
        (it is before the quarter of `today`) and the state is planned, in progress or delayed.

        Done and cancelled actions are never late. The same rule in Python: `Action.is_late_on(today)`."""
        return self.filter(ends_in__lt=Quarter.of(today).code, state__in=Action.State.open_states())

    def in_quarter(self, quarter: Quarter) -> "ActionQuerySet":
        """Actions whose schedule includes `quarter`."""
        return self.filter(starts_in__lte=quarter.code, ends_in__gte=quarter.code)

    def of_programme(self, programme: Programme) -> "ActionQuerySet":
        return self.filter(step__programme=programme)


class Action(models.Model):
    """An action on a step of the ladder, filed under a way of working, with responsible units, a schedule in
    quarters and a state (seeds/004 section VI)."""

    class ScheduleStanding(BadgeChoices, models.TextChoices):
        """An action whose schedule has ended while it is still open (`schedule_standing`, `is_late`)."""

        LATE = "late", _("Late")

        @classmethod
        def tones(cls) -> dict:
            return {cls.LATE: badges.DANGER}

    class State(BadgeChoices, models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

        @classmethod
        def open_states(cls) -> list[str]:
            """States in which the work is still to be finished."""
            return [cls.PLANNED, cls.IN_PROGRESS, cls.DELAYED]

        @classmethod
        def tones(cls) -> dict:
            return {
                cls.PLANNED: badges.NEUTRAL,
                cls.IN_PROGRESS: badges.INFO,
                cls.DONE: badges.OK,
                cls.DELAYED: badges.WARN,
                cls.CANCELLED: badges.NEUTRAL,
            }

    # Which state may follow which: a finished action can be reopened, a cancelled one planned again.
    TRANSITIONS = {
        State.PLANNED: {State.IN_PROGRESS, State.DONE, State.DELAYED, State.CANCELLED},
        State.IN_PROGRESS: {State.DONE, State.DELAYED, State.CANCELLED},
        State.DELAYED: {State.IN_PROGRESS, State.DONE, State.CANCELLED},
        State.DONE: {State.IN_PROGRESS},
        State.CANCELLED: {State.PLANNED},
    }

    step = models.ForeignKey(Step, verbose_name=_("step"), on_delete=models.PROTECT, related_name="actions")
    principle = models.ForeignKey(
        Principle, verbose_name=_("way of working"), on_delete=models.PROTECT, related_name="actions"
    )
    means = models.CharField(
        _("means of participation (29 §)"),
        max_length=20,
        choices=MeansOfParticipation,
        blank=True,
        help_text=_("The means of participation of 611/2021 29 § the action serves, if any."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_units = models.ManyToManyField(
        "osallisuus.Unit", verbose_name=_("responsible units"), blank=True, related_name="ladder_actions"
    )
    starts_in = models.PositiveIntegerField(
        _("first quarter"), validators=quarter_validators, help_text=_("Stored as year × 10 + quarter.")
    )
    ends_in = models.PositiveIntegerField(
        _("last quarter"), validators=quarter_validators, help_text=_("Stored as year × 10 + quarter.")
    )
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.PLANNED)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # Evidence of what the action produced, in the portal's other apps (which never refer back to the programme).
    initiatives = models.ManyToManyField(
        "initiatives.Initiative", verbose_name=_("initiatives"), blank=True, related_name="+"
    )
    statements = models.ManyToManyField(
        "bodies.Statement", verbose_name=_("statements of advisory bodies"), blank=True, related_name="+"
    )
    meetings = models.ManyToManyField(
        "bodies.Meeting", verbose_name=_("meetings of advisory bodies"), blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[responsible_units])

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["step__number", "principle__position", "starts_in", "position", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_in__gte=models.F("starts_in")), name="ladder_action_schedule"),
            models.CheckConstraint(
                condition=Q(Range(Mod("starts_in", 10), (1, 4))) & Q(Range(Mod("ends_in", 10), (1, 4))),
                name="ladder_action_quarters_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def start_quarter(self) -> Quarter:
        return Quarter.from_code(self.starts_in)

    @property
    def end_quarter(self) -> Quarter:
        return Quarter.from_code(self.ends_in)

    @property
    def schedule(self) -> str:
        return format_quarter_range(self.start_quarter, self.end_quarter)

    def is_late_on(self, today: datetime.date) -> bool:
        """The Python side of `ActionQuerySet.late`: the schedule is over and the action is still open."""
        return self.ends_in < Quarter.of(today).code and self.state in self.State.open_states()

    @property
    def is_late(self) -> bool:
        """Late today (Europe/Helsinki). A done or cancelled action is never late: today is not even looked up."""
        return self.state in self.State.open_states() and self.is_late_on(timezone.localdate())

    @property
    def schedule_standing(self) -> "Action.ScheduleStanding | None":
        """LATE when the action is late today (`is_late`), else None."""
        return self.ScheduleStanding.LATE if self.is_late else None

    @property
    def state_label(self) -> str:
        """The state in words, as get_state_display() gives it; that one builds a dict of every choice, translating
        each label, on every call: too much for the lists of the public page."""
        return choice_label(self.State, self.state)

    @property
    def means_label(self) -> str:
        """The means of participation in words, or "" (get_means_display() without its cost, see state_label)."""
        return choice_label(MeansOfParticipation, self.means)

    @property
    def state_choice(self) -> "Action.State":
        """The state as its choice (value, label, badge tone): a code constant, so the badge is rendered once per state
        and language (`{% fixed_include %}`, includes/badge.html)."""
        return self.State(self.state)

    def can_change_to(self, state: str) -> bool:
        return state in self.TRANSITIONS[self.State(self.state)]

    def clean(self) -> None:
        errors = {}
        for field in ("starts_in", "ends_in"):
            code = getattr(self, field)
            if code is not None and not 1 <= code % 10 <= 4:
                errors[field] = _("A quarter is stored as year × 10 + quarter 1–4, e.g. 20241 for Q1/2024.")
        if not errors and self.starts_in and self.ends_in and self.ends_in < self.starts_in:
            errors["ends_in"] = _("The schedule ends (%(end)s) before it starts (%(start)s).") % {
                "start": self.start_quarter,
                "end": self.end_quarter,
            }
        if errors:
            raise ValidationError(errors)


class ProgressNote(models.Model):
    """A dated note on how an action has progressed."""

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-noted_on", "-id"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{self.noted_on:%d.%m.%Y}: {self.text[:60]}"


class EvidenceLink(models.Model):
    """A public link showing what an action produced (a news item, a report, minutes on another site)."""

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "id"]
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")

    def __str__(self) -> str:
        return self.title


class Metric(models.Model):
    """A metric of the programme. Entered metrics get their measurements from staff; computed ones are counted
    from the portal's own data for any period (ladder.metrics), so no number is typed in twice."""

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by staff")
        COMPUTED = "computed", _("Computed by the portal")

    class TargetStanding(BadgeChoices, models.TextChoices):
        """Where a value stands against the metric's target (`target_standing`)."""

        REACHED = "reached", _("Target reached")
        NOT_YET = "not_yet", _("Target not yet reached")

        @classmethod
        def tones(cls) -> dict:
            return {cls.REACHED: badges.OK, cls.NOT_YET: badges.WARN}

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="metrics"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For example pieces, per cent or points.")
    )
    direction = models.CharField(_("direction"), max_length=4, choices=Direction, default=Direction.UP)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source, default=Source.ENTERED)
    computed_key = models.CharField(
        _("computed from"),
        max_length=60,
        blank=True,
        help_text=_("For computed metrics: which figure of the portal's data is counted."),
    )
    thl_indicator = models.BooleanField(
        _("THL participation indicator"),
        default=False,
        help_text=_(
            "Aggregated results of THL's participation indicator: score 0–100, number of respondents, group and "
            "survey. Groups smaller than the minimum size are refused."
        ),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "position", "name"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="ladder_metric_unique_name"),
            models.CheckConstraint(
                condition=(Q(source="computed") & ~Q(computed_key="")) | Q(source="entered", computed_key=""),
                name="ladder_metric_computed_has_key",
            ),
            models.CheckConstraint(
                condition=~Q(thl_indicator=True, source="computed"), name="ladder_metric_thl_is_entered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.source == self.Source.COMPUTED

    @property
    def direction_label(self) -> str:
        """get_direction_display() without rebuilding the choices on every call (see Action.state_label)."""
        return choice_label(self.Direction, self.direction)

    @property
    def source_label(self) -> str:
        """get_source_display() without rebuilding the choices on every call (see Action.state_label)."""
        return choice_label(self.Source, self.source)

    def clean(self) -> None:
        if self.source == self.Source.COMPUTED:
            if self.computed_key not in COMPUTED_METRICS:
                raise ValidationError({"computed_key": _("Choose which figure a computed metric is counted from.")})
            if self.thl_indicator:
                raise ValidationError({"thl_indicator": _("The THL indicator is entered by staff, not computed.")})
        elif self.computed_key:
            raise ValidationError({"computed_key": _("Only a computed metric is counted from the portal's data.")})

    def is_on_target(self, value: Decimal | float | None) -> bool | None:
        """Whether `value` meets the target in the metric's direction; None when either is unknown."""
        if value is None or self.target is None:
            return None
        if self.direction == self.Direction.UP:
            return Decimal(str(value)) >= self.target
        return Decimal(str(value)) <= self.target

    def target_standing(self, value: Decimal | float | None) -> "Metric.TargetStanding | None":
        """`is_on_target` as its choice: REACHED or NOT_YET; None when the value or the target is unknown."""
        on_target = self.is_on_target(value)
        if on_target is None:
            return None
        return self.TargetStanding.REACHED if on_target else self.TargetStanding.NOT_YET


class Measurement(models.Model):
    """A value of an entered metric for a period. For the THL participation indicator only aggregated results are
    stored, and a group smaller than settings.THL_INDICATOR_MIN_GROUP is refused so no one can be singled out."""

    metric = models.ForeignKey(Metric, verbose_name=_("metric"), on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    respondents = models.PositiveIntegerField(_("number of respondents"), null=True, blank=True)
    group = models.CharField(_("group"), max_length=200, blank=True, help_text=_("Who answered, e.g. adult clients."))
    survey = models.CharField(_("survey"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["metric", "-period_end", "-id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="ladder_measurement_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.value} ({self.period_label})"

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        try:
            metric = self.metric  # set as an object by the admin's inline formset before the metric is saved
        except Metric.DoesNotExist:
            metric = None
        if metric and metric.is_computed:
            errors["metric"] = _("This metric is computed from the portal's data; its values are not entered.")
        if metric and metric.thl_indicator:
            minimum = settings.THL_INDICATOR_MIN_GROUP
            if self.value is not None and not 0 <= self.value <= 100:
                errors["value"] = _("The participation indicator is a score from 0 to 100.")
            if self.respondents is None:
                errors["respondents"] = _("Give the number of respondents of the group.")
            elif self.respondents < minimum:
                errors["respondents"] = _(
                    "The group has only %(count)s respondents. Results of groups smaller than %(minimum)s are not "
                    "stored, so that no one can be recognised from them."
                ) % {"count": self.respondents, "minimum": minimum}
            if not self.group:
                errors["group"] = _("Say which group answered.")
            if not self.survey:
                errors["survey"] = _("Say which survey the result comes from.")
        if errors:
            raise ValidationError(errors)


def period_label(start: datetime.date, end: datetime.date) -> str:
    """A period as people say it: a year (2024), a quarter (Q1/2024) or the dates."""
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31 and start.year == end.year:
        return str(start.year)
    start_quarter, end_quarter = Quarter.of(start), Quarter.of(end)
    if start == start_quarter.first_day and end == end_quarter.last_day:
        return format_quarter_range(start_quarter, end_quarter)
    return f"{start.day}.{start.month}.{start.year}–{end.day}.{end.month}.{end.year}"


class TimelineEntry(models.Model):
    """A quarter's task in the change programme that introduced the participation programme
    (seeds/004: Muutosohjelma 2.2 b)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="timeline"
    )
    heading = models.CharField(
        _("task of the change programme"), max_length=300, help_text=_("e.g. Muutosohjelma 2.2 b")
    )
    quarter = models.PositiveIntegerField(_("quarter"), validators=quarter_validators)
    text = models.TextField(_("what is done"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "quarter", "id"]
        verbose_name = _("change programme task")
        verbose_name_plural = _("change programme timeline")
        constraints = [
            models.UniqueConstraint(fields=["programme", "heading", "quarter"], name="ladder_timeline_once"),
            models.CheckConstraint(condition=Q(Range(Mod("quarter", 10), (1, 4))), name="ladder_timeline_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.quarter_label}: {self.heading}"

    @property
    def quarter_label(self) -> str:
        return str(Quarter.from_code(self.quarter))

    def clean(self) -> None:
        if self.quarter is not None and not 1 <= self.quarter % 10 <= 4:
            raise ValidationError({"quarter": _("A quarter is stored as year × 10 + quarter 1–4, e.g. 20241.")})


class ClosedYearValue(models.Model):
    """The value of a computed metric for a closed year, stored so that it is counted once, not on every request.

    A year is closed for the programme's figures when the yearly list of its initiatives is due
    (`initiatives.annual.list_deadline(year + 1)`: settings.ANNUAL_LIST_DEADLINE, by default 30 June of the next
    year, when the council is told the year's initiatives and measures, 611/2021 30 §). Until then a year's figures
    still move: paper initiatives are registered with a past arrival date, the one-month notices of December's
    initiatives are sent in January, meetings are marked held and their attendance recorded afterwards. So a year
    is counted afresh on every request (once per request for all its metrics) until it closes.

    The value is written on the first read of a closed year (`ladder.services.closed_year_values_store`, called by
    `ladder.selectors.metric_rows`) and does not change by itself afterwards. When a closed year's data is corrected
    later, the stored values are counted again from the corrected data with `manage.py programme_figures_recompute
    --year YYYY --reason "..."` (`ladder.services.closed_year_values_recompute`), which records who did it and why.
    """

    computed_key = models.CharField(_("computed from"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    breakdown = models.JSONField(
        _("breakdown"), default=list, blank=True, help_text=_("The parts of the value, e.g. one per body.")
    )
    computed_at = models.DateTimeField(_("counted at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counted again by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "computed_key"]
        verbose_name = _("value of a closed year")
        verbose_name_plural = _("values of closed years")
        constraints = [
            models.UniqueConstraint(fields=["computed_key", "year"], name="ladder_closed_year_value_once"),
        ]

    def __str__(self) -> str:
        return f"{self.computed_key} {self.year}"

    @staticmethod
    def closes_on(year: int) -> datetime.date:
        """The last day on which `year`'s figures may still change: the deadline of its yearly list."""
        return list_deadline(year + 1)

    @classmethod
    def is_closed(cls, year: int, today: datetime.date) -> bool:
        return today > cls.closes_on(year)
