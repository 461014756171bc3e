"""The publication policy: the one place that decides what the public may see of an initiative.

Every public output shows an initiative only through `public_view`: the list and its search results, the detail page,
the Atom feed, the open data (CSV and JSON), the yearly list to the council (page, PDF and CSV) and a body's statement
that names the initiative. Which initiatives are public at all is `InitiativeQuerySet.published()`.

The rules (julkisuuslaki 621/1999 7 § and 24 § 1 mom 25 k; GDPR art. 5(1)(c); DOMAIN.md "Publicity and personal data"):

- Contact details (email, phone, postal address), the grounds of membership, the hearing notes, the attachments and the
  co-initiators' names are never public: nothing here reads them.
- The initiator is named only when they consented, and a service user never (consent or not): being a social or
  health care client is confidential. Otherwise the kind of initiator is shown ("Alueen asukas").
- A service user's home municipality and co-initiators are never shown: in a small municipality either can identify
  the person. (The portal has no population figures to judge "small" by, so the rule holds for every municipality.)
- The title and the text are the redacted ones when staff wrote them (`initiative_publish` requires a redacted text
  for a service user). An unpublished service user's initiative appears on the yearly list under a neutral title.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from initiatives.models import CoInitiator, Initiative
from osallisuus.models import Municipality


def names_initiator(initiative: Initiative) -> bool:
    """Whether the initiator's name may be public: with their consent, and never a service user's."""
    return initiative.name_publication_consent and not initiative.is_service_user


# The kinds' labels straight from their TextChoices: get_initiator_kind_display() rebuilds and hashes every label on
# each call, some ten microseconds per card of the public list. Translated when shown.
INITIATOR_KIND_LABELS = dict(Initiative.InitiatorKind.choices)


def public_initiator(initiative: Initiative) -> str:
    if names_initiator(initiative):
        return initiative.name
    return str(INITIATOR_KIND_LABELS.get(initiative.initiator_kind, initiative.initiator_kind))


def public_title(initiative: Initiative) -> str:
    if initiative.public_title:
        return initiative.public_title
    if initiative.is_service_user and not initiative.is_published:
        return _("Initiative of a service user (not published)")
    return initiative.title


@dataclass(frozen=True)
class PublicInitiative:
    """What the public may see of one initiative. `initiative` is there for its official handling facts (reference,
    status, competent organ, dates, decision and measures, as the status badge and the timeline show them); a
    public template never reads the initiator's fields from it, only the ones here."""

    initiative: Initiative
    title: str
    text: str
    initiator: str
    municipality: Municipality | None

    def __str__(self) -> str:
        return f"{self.initiative.reference} {self.title}"

    @property
    def reference(self) -> str:
        return self.initiative.reference

    @cached_property
    def co_initiator_count(self) -> int:
        """How many signed it with the initiator (never who); none shown for a service user."""
        if self.initiative.is_service_user:
            return 0
        # Counted with the initiative by with_public_relations; elsewhere count() reads prefetched co-initiators when
        # they are there, and asks the database for the number otherwise.
        counted = getattr(self.initiative, "co_initiator_total", None)
        return self.initiative.co_initiators.count() if counted is None else counted


def in_public_municipality(queryset: QuerySet[Initiative], municipality: Municipality) -> QuerySet[Initiative]:
    """The initiatives the public sees in `municipality`: the SQL twin of `public_view`'s municipality (a service
    user's is never shown, so filtering by it must not find them either)."""
    return queryset.filter(home_municipality=municipality).exclude(initiator_kind=Initiative.InitiatorKind.SERVICE_USER)


class RowCount(Subquery):
    """The number of rows of `queryset`, as one column of the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def with_public_relations(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """`queryset` with what a public page of one initiative shows (`public_view` and the public timeline), in one
    query, and nothing else: not the handler, the attachments or the co-initiators, which no public page shows (their
    number comes with it, for `PublicInitiative.co_initiator_count`)."""
    co_initiators = CoInitiator.objects.filter(initiative=OuterRef("pk")).order_by().values("pk")
    return queryset.select_related(
        "home_municipality", "handling_organ", "decision_organ", "declared_processed_in__organ"
    ).annotate(co_initiator_total=RowCount(co_initiators))


# The columns `public_view` reads, for a list that loads only what it shows (`QuerySet.only`).
PUBLIC_VIEW_FIELDS = (
    "title",
    "public_title",
    "text",
    "public_text",
    "initiator_kind",
    "name",
    "name_publication_consent",
    "publication_state",
    "status",
    "home_municipality__name",
    "home_municipality__name_sv",
)


def public_view(initiative: Initiative) -> PublicInitiative:
    service_user = initiative.is_service_user
    return PublicInitiative(
        initiative=initiative,
        title=public_title(initiative),
        text=initiative.public_text or initiative.text,
        initiator=public_initiator(initiative),
        municipality=None if service_user else initiative.home_municipality,
    )


def public_views(initiatives: Iterable[Initiative]) -> list[PublicInitiative]:
    return [public_view(initiative) for initiative in initiatives]
