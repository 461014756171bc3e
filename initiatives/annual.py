"""The yearly list of initiatives for the regional council (or another organ): what is on it, grouped by the
competent organ, with its figures and the deadline by which it must be presented."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from initiatives.models import Initiative
from initiatives.publication import PublicInitiative, public_initiator, public_title, public_views
from initiatives.selectors import InitiativeFigures, figures_of
from osallisuus.models import Organ

REMINDER_MONTHS_BEFORE = 3  # "from spring on": from the 1st of the month three months before the deadline


@dataclass
class OrganGroup:
    organ: Organ | None
    initiatives: list[Initiative] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The id of the group's section on the page (its heading's is this + "-heading")."""
        return f"organ-{self.organ.pk if self.organ else 'none'}"

    @property
    def public_rows(self) -> list[PublicInitiative]:
        """The list goes to the council as a public document: each initiative as the publication policy shows it."""
        return public_views(self.initiatives)


@dataclass
class AnnualList:
    year: int
    organ: Organ | None
    groups: list[OrganGroup]
    figures: InitiativeFigures  # of the initiatives that arrived in `year`
    carried_over: int  # initiatives of earlier years still on the list
    created_on: datetime.date

    @property
    def initiatives(self) -> list[Initiative]:
        return [initiative for group in self.groups for initiative in group.initiatives]


def default_organ() -> Organ | None:
    """The regional council: the yearly list is presented to it unless another organ is chosen."""
    return Organ.objects.filter(kind=Organ.Kind.COUNCIL, is_active=True).order_by("pk").first()


def annual_list_queryset(*, year: int, organ: Organ | None) -> QuerySet[Initiative]:
    queryset = Initiative.objects.on_annual_list(year)
    if organ is not None:
        queryset = queryset.filter(handling_organ=organ)
    return queryset.select_related(
        "handling_organ", "decision_organ", "declared_processed_in__organ", "home_municipality"
    ).order_by("handling_organ__name", "arrival_year", "sequence")


def annual_list(*, year: int, organ: Organ | None) -> AnnualList:
    """The list for `year`; `organ` None lists every organ's initiatives. Three queries whatever its length."""
    initiatives = list(annual_list_queryset(year=year, organ=organ))
    groups: dict[int | None, OrganGroup] = {}
    for initiative in initiatives:
        key = initiative.handling_organ_id
        groups.setdefault(key, OrganGroup(organ=initiative.handling_organ)).initiatives.append(initiative)
    arrived = Initiative.objects.initiatives().filter(arrival_year=year)
    if organ is not None:
        arrived = arrived.filter(handling_organ=organ)
    return AnnualList(
        year=year,
        organ=organ,
        # Initiatives not yet assigned to an organ come last, under their own heading.
        groups=sorted(groups.values(), key=lambda g: (g.organ is None, g.organ.name if g.organ else "")),
        figures=figures_of(arrived),
        carried_over=sum(1 for i in initiatives if i.arrival_year < year),
        created_on=timezone.localdate(),
    )


def annual_list_fingerprint(listing: AnnualList) -> str:
    """Changes whenever anything shown on the list changes, so an unchanged list reuses its PDF."""
    digest = hashlib.sha256(f"{listing.year}:{listing.organ.pk if listing.organ else '-'}".encode())
    for initiative in listing.initiatives:
        digest.update(
            "|".join(
                str(value)
                for value in (
                    initiative.pk,
                    public_title(initiative),
                    public_initiator(initiative),
                    initiative.status,
                    initiative.handling_organ_id,
                    initiative.notice_sent_at,
                    initiative.outcome,
                    initiative.measures,
                    initiative.decision_organ_id,
                    initiative.decision_date,
                    initiative.decision_section,
                    initiative.final_notice_sent_at,
                    initiative.declared_processed_in_id,
                )
            ).encode()
        )
    return digest.hexdigest()


def list_deadline(year: int) -> datetime.date:
    """The day by which the list of `year - 1` is presented (settings.ANNUAL_LIST_DEADLINE, default 30 June)."""
    month, day = (int(part) for part in settings.ANNUAL_LIST_DEADLINE.split("-"))
    return datetime.date(year, month, day)


@dataclass(frozen=True)
class ListReminder:
    list_year: int
    deadline: datetime.date
    days_left: int
    without_measures: int


def annual_list_reminder(today: datetime.date) -> ListReminder | None:
    """From spring on (REMINDER_MONTHS_BEFORE before the deadline) until the deadline: how many days remain and how
    many initiatives on last year's list still have no measures recorded."""
    deadline = list_deadline(today.year)
    month = deadline.month - REMINDER_MONTHS_BEFORE
    starts = datetime.date(deadline.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    if not starts <= today <= deadline:
        return None
    without_measures = Initiative.objects.on_annual_list(today.year - 1).filter(outcome="").count()
    return ListReminder(
        list_year=today.year - 1,
        deadline=deadline,
        days_left=(deadline - today).days,
        without_measures=without_measures,
    )
