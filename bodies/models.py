"""Advisory bodies (vaikuttamistoimielimet, 611/2021 32 §): their terms, seats and members, meetings with agendas,
attendance and minutes, and the statements they give.

A seat is a place in one term: a municipality's place (filled from that municipality's corresponding body) or an
open-call place. Who holds the seat is a membership with its own dates, so a member can be replaced in the middle of
the term without losing the seat, and a seat whose member left without a successor is vacant.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils import dateformat, timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.publication import PublicInitiative, public_view
from osallisuus import badges
from osallisuus.badges import BadgeChoices
from osallisuus.models import Municipality

# What retention (bodies.retention) writes in place of a member's or deputy's name after the term.
NAME_REMOVED = "[…]"


def local_date(moment: datetime.datetime) -> datetime.date:
    """The date of `moment` in the portal's time zone (Europe/Helsinki)."""
    return timezone.localtime(moment).date()


def tidy_name(name: str) -> str:
    """A typed name with its spaces tidied: no leading or trailing space, one space between words."""
    return " ".join(name.split())


def person_key(name: str) -> str:
    """The key a person's name is compared by: case- and space-insensitive ("aino  MALLI" is "Aino Malli").

    Members and deputies are free-text names, not accounts, so this comparison is the portal's notion of "the same
    person"; two different people with exactly the same name must be told apart by the secretary (e.g. a middle
    name)."""
    return tidy_name(name).lower()


class AdvisoryBodyQuerySet(models.QuerySet):
    def statutory(self) -> "AdvisoryBodyQuerySet":
        """Bodies the regional board must set up (611/2021 32 §): youth council, council for older people and
        disability council. Only these must have a representative of every municipality."""
        return self.exclude(kind=AdvisoryBody.Kind.OTHER)


class AdvisoryBody(models.Model):
    """A body that speaks for its group to the county (vaikuttamistoimielin)."""

    class Kind(models.TextChoices):
        YOUTH_COUNCIL = "youth_council", _("Youth council")
        OLDER_PEOPLE = "older_people", _("Council for older people")
        DISABILITY = "disability", _("Disability council")
        OTHER = "other", _("Other advisory body")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True, help_text=_("For example SataNuva."))
    slug = models.SlugField(_("address name"), max_length=80, unique=True, help_text=_("Used in the page address."))
    purpose = models.TextField(_("purpose"), help_text=_("What the body does, in plain language."))
    rules_url = models.URLField(_("link to the body's rules"), blank=True)
    quorum_minimum = models.PositiveSmallIntegerField(
        _("seats needed for a quorum"),
        null=True,
        blank=True,
        help_text=_(
            "Set this only if the body's rules say how many seats must be present. "
            "If empty, more than half of the filled seats must be present."
        ),
    )
    secretaries = models.ManyToManyField(
        "osallisuus.User",
        verbose_name=_("secretaries"),
        related_name="kept_bodies",
        blank=True,
        help_text=_("Staff who keep the body's members, meetings and statements. Their work contact is public."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(excluded_fields=["order"], m2m_fields=[secretaries])

    objects = AdvisoryBodyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("advisory body")
        verbose_name_plural = _("advisory bodies")

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory(self) -> bool:
        """Same rule as `AdvisoryBodyQuerySet.statutory`."""
        return self.kind != self.Kind.OTHER

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class Representation(BadgeChoices, models.TextChoices):
    """611/2021 32 §: whether every municipality of the county has a representative in a statutory body's current
    term (`selectors.Coverage.representation`), and on the index whether it has one in every statutory body
    (`selectors.county_representation`)."""

    COMPLETE = "complete", _("All municipalities represented")
    INCOMPLETE = "incomplete", _("Not all municipalities represented")
    EVERY_BODY = "every_body", _("Every municipality has a representative in every body now.")

    @classmethod
    def tones(cls) -> dict:
        return {cls.COMPLETE: badges.OK, cls.INCOMPLETE: badges.WARN, cls.EVERY_BODY: badges.OK}


class TermStanding(BadgeChoices, models.TextChoices):
    """What the secretary is told of a body no term of which covers today (`selectors.BodyOverview.term_standing`):
    no seats, so no members and no meetings until a term is added."""

    NO_CURRENT_TERM = "no_current_term", _("No current term")

    @classmethod
    def tones(cls) -> dict:
        return {cls.NO_CURRENT_TERM: badges.WARN}


class TermQuerySet(models.QuerySet):
    def covering(self, day: datetime.date) -> "TermQuerySet":
        """Terms running on `day` (start and end inclusive). Terms of a body never overlap, so at most one per body."""
        return self.filter(start__lte=day, end__gte=day)


class Term(models.Model):
    """A term of office (toimikausi), set by the body's own rules. A body's terms never overlap."""

    body = models.ForeignKey(AdvisoryBody, on_delete=models.CASCADE, related_name="terms", verbose_name=_("body"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    history = HistoricalRecords()

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["body", "-start"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="bodies_term_ends_after_start"),
            models.UniqueConstraint(fields=["body", "start"], name="bodies_term_unique_start"),
        ]

    def __str__(self) -> str:
        # The format looked up once for both dates: a body's page names its terms half a dozen times.
        short = get_format("SHORT_DATE_FORMAT")
        return f"{dateformat.format(self.start, short)}–{dateformat.format(self.end, short)}"

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A term must end after it starts.")})
        if self.body_id and self.start and self.end:
            overlapping = (
                Term.objects.filter(body_id=self.body_id, start__lte=self.end, end__gte=self.start)
                .exclude(pk=self.pk)
                .first()
            )
            if overlapping:
                raise ValidationError(
                    _("This term overlaps the term %(term)s of the same body. A body has one term at a time."),
                    params={"term": str(overlapping)},
                    code="overlap",
                )
        if self.pk and self.start and self.end:
            self._clean_what_the_term_holds()

    def _clean_what_the_term_holds(self) -> None:
        """A changed term keeps its members' dates and the body's meetings inside a term (Meeting.clean)."""
        outside = [m for m in Membership.objects.filter(seat__term_id=self.pk) if not m.within(self)]
        if outside:
            raise ValidationError(
                _("%(name)s's membership would fall outside the term. Change the membership first."),
                params={"name": outside[0].member_name},
                code="members_outside",
            )
        others = list(Term.objects.filter(body_id=self.body_id).exclude(pk=self.pk))
        for meeting in Meeting.objects.filter(body_id=self.body_id).order_by("starts_at"):
            if not any(term.contains(meeting.date) for term in [self, *others]):
                raise ValidationError(
                    _("The meeting of %(date)s would fall outside every term of the body. Move the meeting first."),
                    params={"date": date_format(meeting.date, "SHORT_DATE_FORMAT")},
                    code="meetings_outside",
                )

    def contains(self, day: datetime.date) -> bool:
        """Same rule as `TermQuerySet.covering`."""
        return self.start <= day <= self.end


# The order of the seats of one term (Seat.Meta.ordering after the term). Lists of one term's seats order by this
# alone: ordering by "term" first would join the term and its body into the query for nothing.
SEAT_ORDER_IN_TERM = ("order", "municipality__name", "label", "pk")


class Seat(models.Model):
    """A place in a term: a municipality's (611/2021 32 §: chosen from the members of that municipality's
    corresponding body) or one filled by an open call (municipality empty)."""

    class Vacancy(BadgeChoices, models.TextChoices):
        """A seat nobody holds on the day shown (`selectors.SeatRow.vacancy`, `holder_among`)."""

        VACANT = "vacant", _("Vacant")

        @classmethod
        def tones(cls) -> dict:
            return {cls.VACANT: badges.WARN}

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="seats", verbose_name=_("term"))
    municipality = models.ForeignKey(
        "osallisuus.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body_seats",
        verbose_name=_("municipality"),
        help_text=_("The municipality whose corresponding body nominated the seat. Empty for an open-call seat."),
    )
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("Tells open-call seats apart, for example Open call 1.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term", *SEAT_ORDER_IN_TERM]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | ~Q(label=""), name="bodies_seat_municipality_or_label"
            ),
        ]

    def __str__(self) -> str:
        return seat_name(self.municipality if self.municipality_id else None, self.label)

    def clean(self) -> None:
        if self.municipality_id is None and not self.label:
            raise ValidationError({"label": _("An open-call seat needs a label, for example Open call 1.")})
        if self.term_id:
            same = Seat.objects.filter(term_id=self.term_id, municipality_id=self.municipality_id, label=self.label)
            if same.exclude(pk=self.pk).exists():
                raise ValidationError(_("This term already has that seat."), code="duplicate")

    @property
    def is_open_call(self) -> bool:
        return self.municipality_id is None

    def holder_on(self, day: datetime.date) -> "Membership | None":
        """The membership holding the seat on `day`, from prefetched `memberships`; None when the seat is vacant."""
        return holder_among(self.memberships.all(), day)


def seat_name(municipality: "Municipality | None", label: str) -> str:
    """A seat's name: its municipality, with the label when it has one; an open-call seat's label."""
    if municipality is not None:
        return f"{municipality}{f' ({label})' if label else ''}"
    return label


def holder_among(memberships: "Iterable[Membership]", day: datetime.date) -> "Membership | None":
    """Of one seat's memberships, oldest first, the one holding the seat on `day` (`Membership.covers`); None when
    the seat is vacant on it."""
    for membership in memberships:
        if membership.covers(day):
            return membership
    return None


def covers(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    """A membership from `start` to `end` (None: until the end of the term) holds its seat on `day`. Same rule as
    `MembershipQuerySet.covering`; `Membership.covers` and the pages' seat rows read it."""
    return start <= day and (end is None or end >= day)


class MembershipQuerySet(models.QuerySet):
    def covering(self, day: datetime.date) -> "MembershipQuerySet":
        """Memberships holding their seat on `day`: started on or before it, not ended before it."""
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))


class Membership(models.Model):
    """Who holds a seat and for how long: the member, their personal deputy, and the member's role.

    Contact details are for the secretary only and never appear on public pages, feeds or calendars.
    """

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        MEMBER = "member", _("Member")

        @property
        def office(self) -> str:
            """The chair's or vice-chair's title; empty for an ordinary member."""
            return "" if self == type(self).MEMBER else self.label

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("seat"))
    member_name = models.CharField(_("member"), max_length=200)
    member_email = models.EmailField(_("member's email"), blank=True)
    member_phone = models.CharField(_("member's phone"), max_length=40, blank=True)
    deputy_name = models.CharField(_("personal deputy"), max_length=200, blank=True)
    deputy_email = models.EmailField(_("deputy's email"), blank=True)
    deputy_phone = models.CharField(_("deputy's phone"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty: until the end of the term."))
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["seat", "start"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="bodies_membership_end_after_start"
            ),
            # The part of "one person, one seat per term" a row can hold: a member is not their own deputy. Names
            # are stored tidied (Membership.clean), so comparing them lower-cased is `person_key` in SQL. The rest
            # of the rule spans rows of other seats and both name columns; no unique index or check can say it (the
            # names are free text, not a person table), so Membership.clean checks it under the seat's lock.
            # Once retention has removed both names (NAME_REMOVED in each), the two are equal by design.
            models.CheckConstraint(
                condition=~Q(Exact(Lower("member_name"), Lower("deputy_name"))) | Q(member_name=NAME_REMOVED),
                name="bodies_membership_member_not_own_deputy",
            ),
        ]

    def __str__(self) -> str:
        return self.member_name

    @property
    def office(self) -> str:
        return self.Role(self.role).office

    def covers(self, day: datetime.date) -> bool:
        return covers(self.start, self.end, day)

    def within(self, term: Term) -> bool:
        """The membership starts and ends (if it ends) within `term`."""
        return term.contains(self.start) and (self.end is None or term.contains(self.end))

    @property
    def people(self) -> dict[str, str]:
        """The member's and the deputy's `person_key`, each mapped to the field that names them."""
        people = {person_key(self.deputy_name): "deputy_name"} if self.deputy_name.strip() else {}
        people[person_key(self.member_name)] = "member_name"
        return people

    def clean(self) -> None:
        self.member_name, self.deputy_name = tidy_name(self.member_name), tidy_name(self.deputy_name)
        if self.deputy_name and person_key(self.member_name) == person_key(self.deputy_name):
            raise ValidationError({"deputy_name": _("A member cannot be their own personal deputy.")})
        if not self.seat_id or not self.start:
            return
        term = self.seat.term
        self._clean_one_seat_per_person(term)
        errors = {}
        if not term.contains(self.start):
            errors["start"] = _("The membership must start within the term %(term)s.") % {"term": term}
        if self.end and not term.contains(self.end):
            errors["end"] = _("The membership must end within the term %(term)s.") % {"term": term}
        if self.end and self.end < self.start:
            errors["end"] = _("The membership cannot end before it starts.")
        if errors:
            raise ValidationError(errors)
        end = self.end or term.end
        overlapping = (
            Membership.objects.filter(seat_id=self.seat_id, start__lte=end)
            .filter(Q(end__isnull=True) | Q(end__gte=self.start))
            .exclude(pk=self.pk)
            .first()
        )
        if overlapping:
            raise ValidationError(
                _("%(name)s holds this seat during these dates. End that membership first."),
                params={"name": overlapping.member_name},
                code="overlap",
            )
        if self.role in (self.Role.CHAIR, self.Role.VICE_CHAIR):
            same_role = (
                Membership.objects.filter(seat__term_id=term.pk, role=self.role, start__lte=end)
                .filter(Q(end__isnull=True) | Q(end__gte=self.start))
                .exclude(pk=self.pk)
                .first()
            )
            if same_role:
                message = ValidationError(
                    _("%(name)s is %(role)s during these dates."),
                    params={"name": same_role.member_name, "role": self.get_role_display().lower()},
                )
                raise ValidationError({"role": message})

    def _clean_one_seat_per_person(self, term: Term) -> None:
        """One person, one seat per term: a person is the member or the personal deputy of one seat only (in any
        of its memberships), compared by `person_key`. The same seat may pass between them (a member who left
        comes back as the deputy of the same seat)."""
        people = self.people
        others = Membership.objects.filter(seat__term_id=term.pk).exclude(seat_id=self.seat_id).select_related("seat")
        for other in others.select_related("seat__municipality").order_by("pk"):
            for key, field in other.people.items():
                if key in people:
                    message = _(
                        "%(name)s already has the seat %(seat)s in this term. A person has one seat per term, "
                        "as a member or as a personal deputy."
                    ) % {"name": getattr(other, field), "seat": other.seat}
                    raise ValidationError({people[key]: message}, code="one_seat_per_person")


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now: datetime.datetime) -> "MeetingQuerySet":
        """Meetings still to come: planned and starting at or after `now` (cancelled ones stay listed, marked)."""
        return self.filter(starts_at__gte=now).order_by("starts_at")

    def past(self, now: datetime.datetime) -> "MeetingQuerySet":
        """Meetings that started before `now`, newest first."""
        return self.filter(starts_at__lt=now).order_by("-starts_at")

    def held(self) -> "MeetingQuerySet":
        """Meetings recorded as held: the ones that count in the programme's figures."""
        return self.filter(state=Meeting.State.HELD)

    def with_published_minutes(self) -> "MeetingQuerySet":
        """Meetings whose minutes have been approved and published (DOMAIN.md: published after checking)."""
        return self.filter(minutes_published_on__isnull=False)


class Meeting(models.Model):
    """A meeting of a body. Its minutes are public only once approved and published."""

    class State(BadgeChoices, models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

        @classmethod
        def tones(cls) -> dict:
            return {cls.PLANNED: badges.INFO, cls.HELD: badges.OK, cls.CANCELLED: badges.DANGER}

    class MinutesState(BadgeChoices, models.TextChoices):
        """Where the minutes stand on the secretary's pages, each member from one rule of the meeting: published or
        not (`minutes_publication`); after the appeal period, the names removed or the text withheld until the
        secretary confirms it (`minutes_names_state`); a text without names the secretary confirmed, waiting to
        replace the minutes (`minutes_names_confirmation`)."""

        NOT_PUBLISHED = "not_published", _("Not published")
        PUBLISHED = "published", _("Published")
        NAMES_REMOVED = "names_removed", _("Names removed")
        WITHHELD = "withheld", _("Not on the web")
        CONFIRMED = "confirmed", _("Confirmed")

        @classmethod
        def tones(cls) -> dict:
            return {
                cls.NOT_PUBLISHED: badges.NEUTRAL,
                cls.PUBLISHED: badges.OK,
                cls.NAMES_REMOVED: badges.OK,
                cls.WITHHELD: badges.DANGER,
                cls.CONFIRMED: badges.OK,
            }

    class ListedMinutes(BadgeChoices, models.TextChoices):
        """How a list of meetings marks one whose minutes are published (`listed_minutes`): in words that stand
        alone next to the meeting's state, and quieter than it."""

        PUBLISHED = "published", _("Minutes published")

        @classmethod
        def tones(cls) -> dict:
            return {cls.PUBLISHED: badges.NEUTRAL}

    body = models.ForeignKey(AdvisoryBody, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("body"))
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Finnish time."))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    remote_url = models.URLField(_("remote participation link"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.PLANNED)
    minutes_text = models.TextField(
        _("minutes"),
        blank=True,
        help_text=_(
            "Public once published. Write only the personal data a reader needs: no contact details, "
            "no health or other sensitive information."
        ),
    )
    minutes_file = models.FileField(_("minutes as PDF"), upload_to="bodies/minutes/%Y/", blank=True)
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    minutes_published_on = models.DateField(_("minutes published on"), null=True, blank=True)
    # Names after the appeal period (bodies.retention): changed only by the services, so not editable in forms.
    minutes_other_people = models.TextField(
        _("other people named in the minutes"),
        blank=True,
        editable=False,
        help_text=_(
            "Invited experts, staff and anyone else present or named in the minutes, one per line: first name and "
            "surname. Their names are removed from the minutes with the members' names after the appeal period. "
            "Not shown on the public pages."
        ),
    )
    minutes_cleaned_text = models.TextField(
        _("minutes without names"),
        blank=True,
        editable=False,
        help_text=_("The minutes text the secretary confirmed for the time after the appeal period."),
    )
    minutes_names_confirmed_at = models.DateTimeField(
        _("minutes without names confirmed at"), null=True, blank=True, editable=False
    )
    minutes_names_review_since = models.DateField(
        _("minutes waiting for the secretary's check since"), null=True, blank=True, editable=False
    )
    minutes_names_removed_at = models.DateTimeField(
        _("names removed from the minutes at"), null=True, blank=True, editable=False
    )
    # Raised whenever the time, place or state changes, so calendar clients replace their copy (RFC 5545 3.8.7.4).
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=~Q(place="") | ~Q(remote_url=""), name="bodies_meeting_place_or_remote"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="bodies_meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(minutes_published_on__isnull=True) | Q(state="held"),
                name="bodies_meeting_minutes_only_when_held",
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.body} {date_format(timezone.localtime(self.starts_at), 'SHORT_DATETIME_FORMAT')}"

    def clean(self) -> None:
        if not self.place and not self.remote_url:
            raise ValidationError(_("Give the place, the remote participation link or both."))
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
        if self.body_id and self.starts_at and not self.within_a_term():
            message = _(
                "The body has no term on %(date)s. A meeting is planned within a term of the body: choose another "
                "day or add the term first."
            ) % {"date": date_format(self.date, "SHORT_DATE_FORMAT")}
            raise ValidationError({"starts_at": message}, code="outside_terms")

    def within_a_term(self) -> bool:
        """A meeting falls within a term of its body: some term covers the meeting's date in Helsinki
        (`TermQuerySet.covering`). Members are only chosen for terms, so outside them nobody could attend."""
        return Term.objects.filter(body_id=self.body_id).covering(self.date).exists()

    @property
    def date(self) -> datetime.date:
        return local_date(self.starts_at)

    @property
    def minutes_filename(self) -> str:
        """The minutes PDF's name when downloaded: the body and the meeting's day (needs the body)."""
        return f"{self.body.slug}-{timezone.localtime(self.starts_at):%Y-%m-%d}.pdf"

    @property
    def state_choice(self) -> "Meeting.State":
        """The state as its choice (value, label, badge tone), without rebuilding the choices on each call: a code
        constant, so the badge is rendered once per state and language (`{% fixed_include %}`,
        includes/badge.html)."""
        return self.State(self.state)

    @property
    def minutes_published(self) -> bool:
        """Same rule as `MeetingQuerySet.with_published_minutes`."""
        return self.minutes_published_on is not None

    @property
    def minutes_publication(self) -> "Meeting.MinutesState":
        """PUBLISHED or NOT_PUBLISHED, by `minutes_published`."""
        return self.MinutesState.PUBLISHED if self.minutes_published else self.MinutesState.NOT_PUBLISHED

    @property
    def listed_minutes(self) -> "Meeting.ListedMinutes | None":
        """PUBLISHED when the minutes are published (`minutes_published`), else None: a list marks nothing."""
        return self.ListedMinutes.PUBLISHED if self.minutes_published else None

    @property
    def is_closed(self) -> bool:
        """No longer changed: cancelled, or its minutes are published (services refuse changes, pages and the admin
        offer none)."""
        return self.state == self.State.CANCELLED or self.minutes_published

    @property
    def minutes_appeal_period_ends(self) -> datetime.date | None:
        """The last day names in the published minutes stay on the web (RETENTION_MINUTES_PERSONAL_DATA_DAYS after
        publication); None before publication."""
        if self.minutes_published_on is None:
            return None
        return self.minutes_published_on + datetime.timedelta(days=settings.RETENTION_MINUTES_PERSONAL_DATA_DAYS)

    def attendee_names_public(self, today: datetime.date) -> bool:
        """Names in published minutes stay on the web until the appeal period has passed, then only the counts
        remain (DOMAIN.md, "Publicity and personal data"; 611/2021 145 § as the model)."""
        if self.minutes_published_on is None:
            return False
        return today <= self.minutes_appeal_period_ends

    def minutes_text_withheld_on(self, today: datetime.date) -> bool:
        """After the appeal period the minutes text is on the web only once its names have been removed
        (`minutes_names_removed_at`, set by bodies.retention); until then, for example while the secretary checks
        words the portal could not decide, the text is withheld from the public pages."""
        return (
            self.minutes_published_on is not None
            and not self.attendee_names_public(today)
            and self.minutes_names_removed_at is None
        )

    @property
    def minutes_text_withheld(self) -> bool:
        """`minutes_text_withheld_on` today in Helsinki, for the templates (cached pages are keyed by that day)."""
        return self.minutes_text_withheld_on(timezone.localdate())

    def minutes_names_state_on(self, today: datetime.date) -> "Meeting.MinutesState | None":
        """NAMES_REMOVED once bodies.retention has removed the names (`minutes_names_removed_at`), WITHHELD while the
        text is withheld after the appeal period (`minutes_text_withheld_on`); None before: unpublished, or the names
        are still public."""
        if self.minutes_names_removed_at is not None:
            return self.MinutesState.NAMES_REMOVED
        if self.minutes_text_withheld_on(today):
            return self.MinutesState.WITHHELD
        return None

    @property
    def minutes_names_state(self) -> "Meeting.MinutesState | None":
        """`minutes_names_state_on` today in Helsinki, for the templates."""
        return self.minutes_names_state_on(timezone.localdate())

    @property
    def minutes_cleaned_text_waits(self) -> bool:
        """A text without names that the secretary confirmed waits to replace the minutes (bodies.retention applies
        it once the appeal period has ended): confirmed, and the names not yet removed."""
        return self.minutes_names_confirmed_at is not None and self.minutes_names_removed_at is None

    @property
    def minutes_names_confirmation(self) -> "Meeting.MinutesState | None":
        """CONFIRMED while the confirmed text waits (`minutes_cleaned_text_waits`); None before the confirmation and
        once the names are removed."""
        return self.MinutesState.CONFIRMED if self.minutes_cleaned_text_waits else None


class AgendaItemQuerySet(models.QuerySet):
    def public(self) -> "AgendaItemQuerySet":
        """Agenda items anyone may see: those the secretary has published (`meeting_publish_agenda`, or with the
        minutes). An item is a draft from when it is typed, and again after its text is changed, until the agenda
        is published again. Every public output (the meeting page, the calendars) reads this one rule."""
        return self.filter(published_at__isnull=False)


class AgendaItem(models.Model):
    """An item on a meeting's agenda (esityslista), in order; a draft until the secretary publishes the agenda."""

    class Publication(BadgeChoices, models.TextChoices):
        """Whether an item is public (`publication`, the rule of `AgendaItemQuerySet.public`)."""

        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

        @classmethod
        def tones(cls) -> dict:
            return {cls.DRAFT: badges.WARN, cls.PUBLISHED: badges.OK}

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, editable=False, help_text=_("Empty: a draft, seen only by staff.")
    )
    history = HistoricalRecords()

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="bodies_agenda_item_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def is_public(self) -> bool:
        """Same rule as `AgendaItemQuerySet.public`."""
        return self.published_at is not None

    @property
    def publication(self) -> "AgendaItem.Publication":
        return self.Publication.PUBLISHED if self.is_public else self.Publication.DRAFT


class Attendance(models.Model):
    """Who attended a meeting in a seat's place: the member, the personal deputy, or nobody."""

    class Attendee(models.TextChoices):
        MEMBER = "member", _("Member present")
        DEPUTY = "deputy", _("Deputy present")
        ABSENT = "absent", _("Absent")

        @property
        def is_present(self) -> bool:
            """A seat is present when its member or the member's personal deputy attends."""
            return self in (type(self).MEMBER, type(self).DEPUTY)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("seat"))
    attendee = models.CharField(_("attendance"), max_length=10, choices=Attendee, default=Attendee.ABSENT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "seat"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["meeting", "seat"], name="bodies_attendance_unique_seat")]

    def __str__(self) -> str:
        return f"{self.seat}: {self.get_attendee_display()}"

    @property
    def is_present(self) -> bool:
        return self.Attendee(self.attendee).is_present


class StatementQuerySet(models.QuerySet):
    def given_between(self, start: datetime.date, end: datetime.date) -> "StatementQuerySet":
        """Statements dated within [start, end], both inclusive."""
        return self.filter(given_on__gte=start, given_on__lte=end)


class Statement(models.Model):
    """A statement (lausunto) the body gave on request. Statements given by a body are public documents."""

    body = models.ForeignKey(AdvisoryBody, on_delete=models.CASCADE, related_name="statements", verbose_name=_("body"))
    requested_by = models.ForeignKey(
        "osallisuus.Organ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requested_statements",
        verbose_name=_("requested by"),
        help_text=_("The authority that asked for the statement."),
    )
    requested_by_other = models.CharField(
        _("requested by (other)"),
        max_length=200,
        blank=True,
        help_text=_("If the requester is not in the list, for example a ministry."),
    )
    subject = models.CharField(_("subject"), max_length=300)
    given_on = models.DateField(_("date"))
    text = models.TextField(_("text"), blank=True)
    attachment = models.FileField(_("attachment (PDF)"), upload_to="bodies/statements/%Y/", blank=True)
    # The link to the programme's actions lives on the ladder side: bodies never imports ladder (DESIGN.md).
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_statements",
        verbose_name=_("initiative"),
        help_text=_("The initiative the statement is about, if any."),
    )
    history = HistoricalRecords()

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        if not self.requested_by_id and not self.requested_by_other:
            raise ValidationError({"requested_by": _("Say who asked for the statement.")})
        if not self.text and not self.attachment:
            raise ValidationError(_("Write the statement or attach it as a PDF."))

    @property
    def requester(self) -> str:
        return str(self.requested_by) if self.requested_by_id else self.requested_by_other

    @property
    def public_initiative(self) -> "PublicInitiative | None":
        """The linked initiative as the publication policy shows it, when it is published; an unpublished one (for
        example a service user's) is never revealed on the public pages."""
        if self.initiative_id and self.initiative.is_published:
            return public_view(self.initiative)
        return None


@dataclass(frozen=True)
class Quorum:
    """Whether a meeting had a quorum: `present` of `filled_seats` seats attended, `needed` were required."""

    class Standing(BadgeChoices, models.TextChoices):
        """Whether the seats present reached the number needed (`standing`, `reached`)."""

        REACHED = "reached", _("Quorum")
        NOT_REACHED = "not_reached", _("No quorum")

        @classmethod
        def tones(cls) -> dict:
            return {cls.REACHED: badges.OK, cls.NOT_REACHED: badges.WARN}

    filled_seats: int
    present: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.present >= self.needed

    @property
    def standing(self) -> "Quorum.Standing":
        return self.Standing.REACHED if self.reached else self.Standing.NOT_REACHED


def quorum(*, filled_seats: int, present: int, minimum: int | None) -> Quorum:
    """The quorum rule: more than half of the seats filled on the meeting day must be present, a personal deputy
    counting for their member (as for municipal bodies, kuntalaki 410/2015 103 §), unless the body's own rules set
    another minimum (`AdvisoryBody.quorum_minimum`)."""
    needed = minimum if minimum else filled_seats // 2 + 1
    return Quorum(filled_seats=filled_seats, present=present, needed=needed)
