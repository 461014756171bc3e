"""Retention of personal data in the advisory bodies (GDPR art. 5(1)(e); DOMAIN.md "Publicity and personal data";
611/2021 145 § as the model: personal data published on the web is removed when it is no longer needed).

Two rules, run daily by `manage.py apply_retention` (minutes first, since they look names up in the memberships):

1. Names in published minutes. The attendance list of a meeting is built from the memberships and is shown by
   name only until the appeal period has passed (`Meeting.attendee_names_public`); nothing else is stored for it.
   What is stored is the minutes text the secretary wrote, which usually lists those present. More than
   `RETENTION_MINUTES_PERSONAL_DATA_DAYS` days after the minutes were published, every whole-word occurrence of the
   name of a member or personal deputy who held a seat of the body on the meeting day is replaced by `REMOVED`,
   in the meeting and in every history row of it. A minutes PDF cannot be edited by the portal; the secretary
   publishes one that holds only the personal data a reader needs (the field's help text says so).

2. Members of past terms. More than `RETENTION_BODY_MEMBER_DAYS` days after a term ended, its memberships lose the
   member's and the deputy's email and phone and their names (replaced by `REMOVED`), in the membership and in every
   history row of it. Names go too: members of advisory bodies are neither office holders nor elected officials
   (DOMAIN.md), the youth council's members are often children, the appointing decision stays in the county's
   archive, and the portal's figures (meetings held, quorum) need only the seats, roles and dates, which are kept.

Both are idempotent: what was replaced no longer matches, so a second run changes nothing.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from bodies.models import Meeting, Membership

REMOVED = "[…]"
# Names shorter than this are not searched for in free text: they would match ordinary words.
MIN_NAME_LENGTH = 4


@dataclass(frozen=True)
class MinutesRetentionResult:
    meetings: int = 0
    names: int = 0
    history_rows: int = 0


@dataclass(frozen=True)
class MemberRetentionResult:
    memberships: int = 0
    history_rows: int = 0


def minutes_cutoff(today: datetime.date) -> datetime.date:
    """Minutes published before this day are past the appeal period: kept for the set number of days after the
    publication day, removed on the next day (the same rule as `Meeting.attendee_names_public`)."""
    return today - datetime.timedelta(days=settings.RETENTION_MINUTES_PERSONAL_DATA_DAYS)


def member_cutoff(today: datetime.date) -> datetime.date:
    """Terms that ended before this day are past the members' retention time."""
    return today - datetime.timedelta(days=settings.RETENTION_BODY_MEMBER_DAYS)


def _names_on(meeting: Meeting) -> set[str]:
    """Names of those who held a seat of the meeting's body on its day, as stored now and in their history."""
    day = meeting.date
    memberships = Membership.objects.covering(day).filter(
        seat__term__body_id=meeting.body_id, seat__term__start__lte=day, seat__term__end__gte=day
    )
    ids = list(memberships.values_list("pk", flat=True))
    names = set()
    for model in (Membership, Membership.history.model):
        for member, deputy in model.objects.filter(id__in=ids).values_list("member_name", "deputy_name"):
            names.update((member, deputy))
    return {name.strip() for name in names if name and name.strip() != REMOVED and len(name.strip()) >= MIN_NAME_LENGTH}


def _pattern(names: set[str]) -> re.Pattern | None:
    if not names:
        return None
    # Longest first, so "Anna Maria Virtanen" is replaced whole before "Anna Maria" could be.
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _redact(text: str, pattern: re.Pattern) -> tuple[str, int]:
    return pattern.subn(REMOVED, text)


def minutes_past_appeal_period(today: datetime.date) -> QuerySet[Meeting]:
    return (
        Meeting.objects.with_published_minutes()
        .filter(minutes_published_on__lt=minutes_cutoff(today))
        .exclude(minutes_text="")
        .order_by("pk")
    )


def minutes_apply_retention(*, today: datetime.date, dry_run: bool = False) -> MinutesRetentionResult:
    """Rule 1 of the module docstring."""
    meetings = names = history_rows = 0
    for meeting in minutes_past_appeal_period(today):
        pattern = _pattern(_names_on(meeting))
        if pattern is None:
            continue
        history = list(Meeting.history.model.objects.filter(id=meeting.pk).exclude(minutes_text=""))
        found = len(pattern.findall(meeting.minutes_text))
        stale_history = [row for row in history if pattern.search(row.minutes_text)]
        if not found and not stale_history:
            continue
        meetings += 1
        names += found
        history_rows += len(stale_history)
        if not dry_run:
            _redact_meeting(meeting.pk, pattern, [row.pk for row in stale_history])
    return MinutesRetentionResult(meetings=meetings, names=names, history_rows=history_rows)


@transaction.atomic
def _redact_meeting(meeting_id: int, pattern: re.Pattern, history_ids: list[int]) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    HistoricalMeeting = Meeting.history.model
    for row in HistoricalMeeting.objects.filter(pk__in=history_ids):
        HistoricalMeeting.objects.filter(pk=row.pk).update(minutes_text=_redact(row.minutes_text, pattern)[0])
    text, replaced = _redact(meeting.minutes_text, pattern)
    if replaced:
        meeting.minutes_text = text
        meeting._history_user = None
        meeting._change_reason = _("Names removed from the minutes: the appeal period ended")
        # Only the text: the calendar revision and the update time stay, since nothing of the event changed.
        meeting.save(update_fields=["minutes_text"])


MEMBER_FIELDS = ("member_name", "member_email", "member_phone", "deputy_name", "deputy_email", "deputy_phone")


def _holds_member_data() -> Q:
    return (
        ~Q(member_name=REMOVED)
        | ~Q(member_email="")
        | ~Q(member_phone="")
        | (~Q(deputy_name="") & ~Q(deputy_name=REMOVED))
        | ~Q(deputy_email="")
        | ~Q(deputy_phone="")
    )


def memberships_past_retention(today: datetime.date) -> QuerySet[Membership]:
    return Membership.objects.filter(seat__term__end__lt=member_cutoff(today)).filter(_holds_member_data())


def members_apply_retention(*, today: datetime.date, dry_run: bool = False) -> MemberRetentionResult:
    """Rule 2 of the module docstring."""
    memberships = list(memberships_past_retention(today).order_by("pk"))
    ids = [m.pk for m in memberships]
    history = Membership.history.model.objects.filter(id__in=ids).filter(_holds_member_data())
    if dry_run:
        return MemberRetentionResult(memberships=len(memberships), history_rows=history.count())
    with transaction.atomic():
        # Deputy names stay empty where there was no deputy, so the seat does not seem to have had one.
        history_rows = history.filter(deputy_name="").update(
            member_name=REMOVED, member_email="", member_phone="", deputy_email="", deputy_phone=""
        )
        history_rows += history.exclude(deputy_name="").update(
            member_name=REMOVED, member_email="", member_phone="", deputy_name=REMOVED, deputy_email="", deputy_phone=""
        )
        for membership in Membership.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            membership.member_name = REMOVED
            membership.deputy_name = REMOVED if membership.deputy_name else ""
            membership.member_email = membership.member_phone = ""
            membership.deputy_email = membership.deputy_phone = ""
            membership._history_user = None
            membership._change_reason = _("Personal data removed: the retention period ended")
            membership.save()
    return MemberRetentionResult(memberships=len(memberships), history_rows=history_rows)
