"""Reads of initiatives that span relations or aggregate, with their prefetching."""

import datetime
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, OuterRef, QuerySet, Subquery, When
from django.utils import timezone
from django.utils.translation import get_language

from initiatives.models import Initiative, NoticeState
from initiatives.publication import PUBLIC_VIEW_FIELDS, in_public_municipality
from initiatives.search import search_initiatives
from osallisuus.models import Municipality, Organ, OutboxMessage, User, about_label


@dataclass(frozen=True)
class InitiativeFigures:
    """What the programme's automatic metrics and the yearly list report for a period."""

    received: int
    notified_within_month: int
    notified_within_month_share: float | None
    median_days_to_notice: float | None
    median_days_to_final_notice: float | None
    led_to_measures: int
    led_to_measures_share: float | None


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def initiative_figures(*, start: datetime.date, end: datetime.date) -> InitiativeFigures:
    """Figures of the initiatives that arrived between `start` and `end` (inclusive), in one query."""
    return figures_of(Initiative.objects.initiatives().filter(arrived_on__gte=start, arrived_on__lte=end))


def figures_of(queryset: QuerySet[Initiative]) -> InitiativeFigures:
    """Figures of a set of initiatives, in one query. "Led to measures" counts the outcomes yes and partly among
    those with a recorded outcome; days are calendar days from arrival to the (Helsinki) day a notice was sent."""
    rows = list(
        queryset.values_list("arrived_on", "notice_due_on", "notice_sent_at", "final_notice_sent_at", "outcome")
    )
    days_to_notice, days_to_final, within_month, with_outcome, led = [], [], 0, 0, 0
    # The time zone is looked up once: timezone.localdate() per row costs more than the rest of the loop.
    helsinki = timezone.get_current_timezone()
    for arrived_on, due_on, notice_sent_at, final_sent_at, outcome in rows:
        if notice_sent_at is not None:
            sent_on = notice_sent_at.astimezone(helsinki).date()
            days_to_notice.append((sent_on - arrived_on).days)
            within_month += sent_on <= due_on
        if final_sent_at is not None:
            days_to_final.append((final_sent_at.astimezone(helsinki).date() - arrived_on).days)
        if outcome:
            with_outcome += 1
            led += outcome in {Initiative.Outcome.YES, Initiative.Outcome.PARTLY}
    return InitiativeFigures(
        received=len(rows),
        notified_within_month=within_month,
        notified_within_month_share=_share(within_month, len(rows)),
        median_days_to_notice=statistics.median(days_to_notice) if days_to_notice else None,
        median_days_to_final_notice=statistics.median(days_to_final) if days_to_final else None,
        led_to_measures=led,
        led_to_measures_share=_share(led, with_outcome),
    )


def published_years() -> list[int]:
    """The arrival years that have published initiatives, newest first (the public list's year filter).

    On PostgreSQL a loose index scan: a recursive query that jumps down the partial index initiative_pub_year_idx
    from one year to the next, reading one entry per year instead of every published initiative (DISTINCT would read
    them all, so the list would slow down as the years fill up). Elsewhere, and as the rule it keeps: DISTINCT."""
    published = Initiative.objects.published()
    if connection.vendor != "postgresql":
        return list(published.order_by("-arrival_year").values_list("arrival_year", flat=True).distinct())
    # The condition is compiled from published() itself (the PUBLISHED Q, as the partial index's), never spelled out.
    query = published.query
    condition, params = query.where.as_sql(query.get_compiler(connection=connection), connection)
    table = connection.ops.quote_name(Initiative._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE years(year) AS ("  # noqa: S608 (the table's name and a compiled condition, no input)
            f"  SELECT MAX(arrival_year) FROM {table} WHERE {condition}"
            f"  UNION ALL"
            f"  SELECT (SELECT MAX(arrival_year) FROM {table} WHERE {condition} AND arrival_year < years.year)"
            f"  FROM years WHERE years.year IS NOT NULL"
            f") SELECT year FROM years WHERE year IS NOT NULL",
            [*params, *params],
        )
        return [year for (year,) in cursor.fetchall()]


def initiative_with_relations(queryset: QuerySet[Initiative] | None = None) -> QuerySet[Initiative]:
    """Initiatives with everything a detail page or a letter shows, without further queries."""
    queryset = Initiative.objects.all() if queryset is None else queryset
    return queryset.select_related("home_municipality", "handling_organ", "handler", "decision_organ").prefetch_related(
        "co_initiators__municipality", "attachments"
    )


# --- The public list ----------------------------------------------------------------------------------------------

# What a card of the public list shows besides `public_view`'s fields; an initiative's contact details and handling
# notes stay in the database.
CARD_FIELDS = (
    *PUBLIC_VIEW_FIELDS,
    "reference",
    "arrival_year",
    "sequence",
    "arrived_on",
    "handling_organ__name",
    "handling_organ__name_sv",
)


def public_list(
    *,
    ordering: tuple[str, ...],
    q: str = "",
    status: str = "",
    year: int | None = None,
    municipality: Municipality | None = None,
    organ: Organ | None = None,
) -> QuerySet[Initiative]:
    """The published initiatives the public list's filters and search find, in `ordering` (the filter form's
    cleaned values as keywords; empty ones filter nothing). A municipality finds no service user's initiative, as
    the public never sees their municipality (publication.in_public_municipality)."""
    initiatives = Initiative.objects.published()
    if status:
        initiatives = initiatives.filter(status=status)
    if year:
        initiatives = initiatives.filter(arrival_year=year)
    if municipality:
        initiatives = in_public_municipality(initiatives, municipality)
    if organ:
        initiatives = initiatives.filter(handling_organ=organ)
    return search_initiatives(initiatives, q or "").order_by(*ordering)


def public_cards(*, ordering: tuple[str, ...]) -> QuerySet[Initiative]:
    """The rows of the public list's cards, in `ordering` (the page's keys come from `public_list`)."""
    cards = Initiative.objects.select_related("home_municipality", "handling_organ").only(*CARD_FIELDS)
    return cards.order_by(*ordering)


# --- The staff workspace -----------------------------------------------------------------------------------------

# The workspace's "Show" choices (forms.staff.WorkspaceFilterForm.STATES): which of the visible initiatives each shows.
WORKSPACE_STATES: dict[str, Callable[[QuerySet[Initiative], datetime.date], QuerySet[Initiative]]] = {
    "": lambda initiatives, today: initiatives.open(),
    "overdue": lambda initiatives, today: initiatives.open().overdue(today),
    "due_soon": lambda initiatives, today: initiatives.open().due_soon(today),
    "awaiting_notice": lambda initiatives, today: initiatives.open().awaiting_notice(),
    "notice_sent_late": lambda initiatives, today: initiatives.notice_sent_late(),
    "answered": lambda initiatives, today: initiatives.filter(status=Initiative.Status.ANSWERED),
    "reclassified": lambda initiatives, today: initiatives.filter(status=Initiative.Status.RECLASSIFIED),
    "all": lambda initiatives, today: initiatives,
}


def workspace_initiatives(
    visible: QuerySet[Initiative],
    *,
    today: datetime.date,
    state: str = "",
    organ: Organ | None = None,
    handler: User | None = None,
) -> QuerySet[Initiative]:
    """Of the initiatives a user sees (`visible`), those the workspace's filters choose, needing action first (the
    filter form's cleaned values as keywords; an empty state shows the open ones)."""
    initiatives = WORKSPACE_STATES[state or ""](visible, today)
    if organ:
        initiatives = initiatives.filter(handling_organ=organ)
    if handler:
        initiatives = initiatives.filter(handler=handler)
    return initiatives.needing_action_first()


# --- The staff workspace's rows ----------------------------------------------------------------------------------


class WorkspaceRow(NamedTuple):
    """A row of the staff workspace: what its cells show. A tuple, so that the template's loop unpacks it instead of
    looking each part up per cell; the organ and the handler as the names shown (empty: none)."""

    reference: str
    title: str
    arrived_on: datetime.date
    notice_due_on: datetime.date
    notice_state: NoticeState
    status: Initiative.Status
    organ: str
    handler: str


# What a row shows and its deadline state reads (Initiative.notice_state_of), with the names of its organ and handler
# as `.only()` would read them: an initiative's text and contact details stay in the database.
WORKSPACE_COLUMNS = (
    "reference",
    "title",
    "arrived_on",
    "notice_due_on",
    "notice_sent_at",
    "status",
    "handling_organ_id",
    "handling_organ__name",
    "handling_organ__name_sv",
    "handler_id",
    "handler__username",
    "handler__first_name",
    "handler__last_name",
)


def workspace_listing(queryset: QuerySet[Initiative]) -> QuerySet:
    """The columns of `queryset`'s workspace rows, as tuples for `workspace_rows` (page them first)."""
    return queryset.values_list(*WORKSPACE_COLUMNS)


def workspace_rows(listed: QuerySet, today: datetime.date) -> list[WorkspaceRow]:
    """The rows of `workspace_listing`'s tuples (a page of them). Read as values: model instances and select_related's
    machinery cost more than the rest of the rows' reading. The organ and the handler are named by their models' own
    rules, on instances built from the names read."""
    helsinki, language = timezone.get_current_timezone(), get_language()
    rows = []
    for columns in listed:
        reference, title, arrived_on, due_on, sent_at, status = columns[:6]
        organ_id, organ_name, organ_name_sv, handler_id, *handler_names = columns[6:]
        organ = handler = ""
        if organ_id is not None:
            names = [organ_id, organ_name, organ_name_sv]
            organ = Organ.from_db(listed.db, ["id", "name", "name_sv"], names).name_in(language)
        if handler_id is not None:
            names = [handler_id, *handler_names]
            handler = str(User.from_db(listed.db, ["id", "username", "first_name", "last_name"], names))
        sent_on = sent_at.astimezone(helsinki).date() if sent_at is not None else None
        state = Initiative.notice_state_of(status, due_on, sent_on, today)
        rows.append(
            WorkspaceRow(reference, title, arrived_on, due_on, state, Initiative.Status(status), organ, handler)
        )
    return rows


def undelivered_messages() -> QuerySet[OutboxMessage]:
    """The outbox's messages awaiting delivery, oldest first, each with `too_long` (OutboxQuerySet.with_too_long) and
    `initiative_reference`: the reference of the initiative it is about, or None."""
    reference = Initiative.objects.filter(pk=OuterRef("about_id")).values("reference")[:1]
    return (
        OutboxMessage.objects.awaiting_delivery()
        .with_too_long(timezone.now())
        .annotate(initiative_reference=Case(When(about_model=about_label(Initiative), then=Subquery(reference))))
        .order_by("created_at", "pk")
    )
