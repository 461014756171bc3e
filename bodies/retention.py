"""Retention of personal data in the advisory bodies (GDPR art. 5(1)(e); DOMAIN.md "Publicity and personal data";
611/2021 145 § as the model: personal data published on the web is removed when it is no longer needed).

Two rules, run daily by `manage.py apply_retention` (minutes first, since they look names up in the memberships):

1. Names in published minutes. The attendance list of a meeting is built from the memberships and is shown by
   name only until the appeal period has passed (`Meeting.attendee_names_public`); nothing else is stored for it.
   What is stored is the minutes text the secretary wrote. More than `RETENTION_MINUTES_PERSONAL_DATA_DAYS` days
   after the minutes were published, the text is cleaned by bodies.names of the people `minutes_people` lists (every
   spelling: surname first, capitals, case endings, initials), each mention becoming one mark, `NAME_REMOVED`:

   - when the secretary confirmed a text without names in advance (the review page, bodies.views.minutes), that
     text, cleaned once more in case a listed name was added after the confirmation;
   - else, when bodies.names decided every word, its cleaned text;
   - else the minutes wait for the secretary: `minutes_names_review_since` is set, the public page withholds the
     text (`Meeting.minutes_text_withheld`: after the appeal period no name may stay on the web) and confirming
     the text on the review page applies it at once.

   The text is applied with the time (`minutes_names_removed_at`, what the public page reports), the list of other
   people is emptied, and every history row of the meeting is cleaned the same way, including the words the
   secretary took out in the check. A minutes PDF cannot be edited by the portal: it leaves the web after the
   appeal period (bodies.views.public.minutes_file).

   The secretaries are reminded before the appeal period ends when the text holds words the portal cannot decide
   (`minutes_review_reminders_send`, run daily by `manage.py send_minutes_reminders`): once after publication, once
   `REVIEW_REMINDER_DAYS` days before the end, and once when the text has been withheld.

2. Members of past terms. More than `RETENTION_BODY_MEMBER_DAYS` days after a term ended, its memberships lose the
   member's and the deputy's email and phone and their names (replaced by `REMOVED`), in the membership and in every
   history row of it. Names go too: members of advisory bodies are neither office holders nor elected officials
   (DOMAIN.md), the youth council's members are often children, the appointing decision stays in the county's
   archive, and the portal's figures (meetings held, quorum) need only the seats, roles and dates, which are kept.

Both are idempotent: a cleaned meeting is stamped and not looked at again; replaced member data no longer matches.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies import names
from bodies.models import NAME_REMOVED as MEMBER_NAME_REMOVED
from bodies.models import Meeting, Membership
from osallisuus.history import save_with_history
from osallisuus.models import Municipality, OutboxMessage, User
from osallisuus.outbox import outbox_enqueue

REMOVED = MEMBER_NAME_REMOVED
NAME_REMOVED = names.NAME_REMOVED
# The second reminder goes this many days before the last day of the appeal period.
REVIEW_REMINDER_DAYS = 5


@dataclass(frozen=True)
class MinutesRetentionResult:
    meetings: int = 0
    names: int = 0
    history_rows: int = 0
    withheld_for_review: int = 0


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


# --- Minutes: who is removed, and the cleaned text ---------------------------------------------------------------


def minutes_people(meeting: Meeting) -> list[names.Person]:
    """The people whose names leave the minutes: the members and personal deputies of every seat of the term
    running on the meeting day (all of the term's memberships, also those who left before or came after: the
    minutes may name them), so everyone the attendance records, as stored now and in their history (an old
    spelling stays findable); and the other people the secretary listed for the meeting (experts, staff)."""
    day = meeting.date
    ids = list(
        Membership.objects.filter(
            seat__term__body_id=meeting.body_id, seat__term__start__lte=day, seat__term__end__gte=day
        ).values_list("pk", flat=True)
    )
    full_names: list[str] = []
    for model in (Membership, Membership.history.model):
        for member, deputy in model.objects.filter(id__in=ids).values_list("member_name", "deputy_name"):
            full_names += [member, deputy]
    full_names += meeting.minutes_other_people.splitlines()
    return names.people(name for name in full_names if name and name.strip() != REMOVED)


def minutes_known_words(meeting: Meeting) -> list[str]:
    """Capitalised words of the region that are not people: the municipalities, the region and the body."""
    body = meeting.body
    return [*Municipality.objects.values_list("name", flat=True), settings.REGION_NAME, body.name, body.short_name]


def minutes_cleaning(meeting: Meeting, *, text: str | None = None) -> names.Cleaning:
    """`text` (by default the meeting's minutes text) with the names of `minutes_people` removed, and the words
    bodies.names could not decide."""
    return names.clean(
        meeting.minutes_text if text is None else text,
        minutes_people(meeting),
        known_words=minutes_known_words(meeting),
    )


def _taken_out(meeting: Meeting, final: str) -> list[str]:
    """The undecided words of the automatic cleaning that the secretary took out of the final text: they are names
    too, and are removed from the history rows with the listed ones."""
    return sorted(
        {
            item.word
            for item in minutes_cleaning(meeting).undecided
            if not re.search(rf"(?<!\w){re.escape(item.word)}(?!\w)", final)
        },
        key=len,
        reverse=True,
    )


def _scrub(text: str, people: list[names.Person], taken_out: list[str], known: list[str]) -> str:
    if not text:
        return text
    text = names.clean(text, people, known_words=known).text
    for word in taken_out:
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", NAME_REMOVED, text)
    return text


@dataclass(frozen=True)
class Removal:
    names: int
    history_rows: int


def _final_text(meeting: Meeting) -> str | None:
    """The text to apply: the confirmed one cleaned once more, or the automatic one when it left nothing undecided;
    None while the secretary's check is needed."""
    if meeting.minutes_names_confirmed_at is not None:
        return minutes_cleaning(meeting, text=meeting.minutes_cleaned_text).text
    cleaning = minutes_cleaning(meeting)
    return cleaning.text if cleaning.decided else None


@transaction.atomic
def minutes_names_remove(*, meeting: Meeting, user: User | None, reason: str = "") -> Removal | None:
    """Rule 1: put the minutes without names on the web now, stamped with the time, and clean every history row of
    the meeting. None (and nothing changed) when the text needs the secretary's check first."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.minutes_names_removed_at is not None:
        return Removal(names=0, history_rows=0)
    final = _final_text(meeting) if meeting.minutes_text else ""
    if final is None:
        return None
    people, known = minutes_people(meeting), minutes_known_words(meeting)
    taken_out = _taken_out(meeting, final) if meeting.minutes_text else []
    history_rows = 0
    HistoricalMeeting = Meeting.history.model
    for row in HistoricalMeeting.objects.filter(id=meeting.pk).order_by("pk"):
        cleaned = {
            "minutes_text": _scrub(row.minutes_text, people, taken_out, known),
            "minutes_cleaned_text": _scrub(row.minutes_cleaned_text, people, taken_out, known),
            "minutes_other_people": "",
        }
        if any(getattr(row, field) != value for field, value in cleaned.items()):
            HistoricalMeeting.objects.filter(pk=row.pk).update(**cleaned)
            history_rows += 1
    removed = max(0, final.count(NAME_REMOVED) - names.normalise(meeting.minutes_text).count(NAME_REMOVED))
    meeting.minutes_text = final
    meeting.minutes_cleaned_text = ""
    meeting.minutes_other_people = ""
    meeting.minutes_names_removed_at = timezone.now()
    # Only these fields: the calendar revision and the update time stay, since nothing of the event changed.
    save_with_history(
        meeting,
        user=user,
        reason=reason or _("Names removed from the minutes: the appeal period ended"),
        update_fields=["minutes_text", "minutes_cleaned_text", "minutes_other_people", "minutes_names_removed_at"],
        validate=False,
    )
    return Removal(names=removed, history_rows=history_rows)


def minutes_past_appeal_period(today: datetime.date) -> QuerySet[Meeting]:
    """Published minutes past the appeal period whose names have not yet been removed."""
    return (
        Meeting.objects.with_published_minutes()
        .filter(minutes_published_on__lt=minutes_cutoff(today), minutes_names_removed_at__isnull=True)
        .select_related("body")
        .order_by("pk")
    )


def minutes_apply_retention(*, today: datetime.date, dry_run: bool = False) -> MinutesRetentionResult:
    """Rule 1 of the module docstring."""
    meetings = removed = history_rows = withheld = 0
    for meeting in minutes_past_appeal_period(today):
        final = _final_text(meeting) if meeting.minutes_text else ""
        if final is None:
            if meeting.minutes_names_review_since is None:
                withheld += 1
                if not dry_run:
                    _mark_for_review(meeting, today)
            continue
        meetings += 1
        if dry_run:
            removed += max(0, final.count(NAME_REMOVED) - meeting.minutes_text.count(NAME_REMOVED))
            continue
        removal = minutes_names_remove(meeting=meeting, user=None)
        if removal is not None:
            removed += removal.names
            history_rows += removal.history_rows
    return MinutesRetentionResult(
        meetings=meetings, names=removed, history_rows=history_rows, withheld_for_review=withheld
    )


@transaction.atomic
def _mark_for_review(meeting: Meeting, today: datetime.date) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.minutes_names_review_since = today
    save_with_history(
        meeting,
        user=None,
        reason=_("Minutes withheld from the web until the secretary checks the text without names"),
        update_fields=["minutes_names_review_since"],
        validate=False,
    )


# --- Minutes: reminding the secretaries --------------------------------------------------------------------------


def _reminder_stage(meeting: Meeting, today: datetime.date) -> str:
    ends = meeting.minutes_appeal_period_ends
    if today > ends:
        return "withheld"
    if today >= ends - datetime.timedelta(days=REVIEW_REMINDER_DAYS):
        return "soon"
    return "published"


def minutes_review_reminders_send(*, today: datetime.date) -> int:
    """Email the body's secretaries about published minutes whose text holds words the portal cannot decide and that
    nobody has confirmed yet: once after publication, once `REVIEW_REMINDER_DAYS` before the last day of the appeal
    period, once after it (the text is then withheld). At most one message per meeting, secretary and stage, however
    often it runs (the outbox's dedupe key). Returns how many were new."""
    waiting = (
        Meeting.objects.with_published_minutes()
        .filter(minutes_names_removed_at__isnull=True, minutes_names_confirmed_at__isnull=True)
        .exclude(minutes_text="")
        .select_related("body")
        .prefetch_related("body__secretaries")
        .order_by("pk")
    )
    sent = 0
    for meeting in waiting:
        recipients = [user for user in meeting.body.secretaries.all() if user.is_active and user.email]
        if not recipients:
            continue
        cleaning = minutes_cleaning(meeting)
        if cleaning.decided:
            continue
        stage = _reminder_stage(meeting, today)
        url = settings.SITE_URL + reverse("bodies:staff-minutes-names", args=[meeting.body.slug, meeting.pk])
        for user in recipients:
            sent += _remind(meeting=meeting, user=user, stage=stage, words=len(cleaning.undecided), url=url)
    return sent


def _remind(*, meeting: Meeting, user: User, stage: str, words: int, url: str) -> int:
    message = outbox_enqueue(
        kind=OutboxMessage.Kind.REMINDER,
        template="bodies/email/minutes_review",
        recipient=user.email,
        language=settings.LANGUAGE_CODE,
        about=meeting,
        context={
            "user": user,
            "meeting": meeting,
            "body": meeting.body,
            "stage": stage,
            "words": words,
            "ends_on": meeting.minutes_appeal_period_ends,
            "review_url": url,
        },
        dedupe_key=f"minutes-review:{meeting.pk}:{user.pk}:{stage}",
    )
    return int(message is not None)


# --- Members of past terms ---------------------------------------------------------------------------------------


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
            save_with_history(
                membership, user=None, reason=_("Personal data removed: the retention period ended"), validate=False
            )
    return MemberRetentionResult(memberships=len(memberships), history_rows=history_rows)
