"""Every change to a body's terms, seats, members, meetings, agendas, attendance, minutes and statements.

Each function is keyword-only, runs in a transaction, validates with `full_clean()`, and records history with the
acting user and a reason. Refused changes raise `ValidationError` with a message a secretary can act on. Who may call
them is decided by `bodies.permissions` in the views. Those that store a file (minutes, a statement's attachment, a
row saved in the admin) run in `osallisuus.uploads.atomic_with_files`: when they fail, no file is left behind.
"""

import copy
import datetime
from collections.abc import Mapping
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies import retention
from bodies.models import AdvisoryBody, AgendaItem, Attendance, Meeting, Membership, Seat, Statement, Term, tidy_name
from osallisuus.history import delete_with_history, save_with_history
from osallisuus.models import Municipality, Organ, User
from osallisuus.uploads import atomic_with_files

# --- The administration -------------------------------------------------------------------------------------


@atomic_with_files()
def body_item_save(*, instance: models.Model, user: User | None, reason: str) -> models.Model:
    """Save a row edited in the administration under the rules of the staff pages. The rules that a row's own
    values decide live in the models' clean() (run by `full_clean()` here and by the admin's forms, so a broken rule
    is a form error): no overlapping terms, one seat per person per term, a meeting within a term. The rules of a
    change are shared with the services: a meeting's revision (`_revise_meeting`), an agenda item added at the end
    as a draft and a changed one a draft again (`_redraft_if_changed`). The state fields (a meeting's state and
    minutes, an item's publication) are read-only in the admin: they change only through their services."""
    if isinstance(instance, Meeting) and instance.pk:
        _revise_meeting(_lock_meeting(instance), instance)
    if isinstance(instance, AgendaItem):
        meeting = _lock_meeting(instance.meeting)
        _refuse_if_closed(meeting)
        if instance.pk:
            _redraft_if_changed(AgendaItem.objects.get(pk=instance.pk), instance)
        else:
            instance.position, instance.published_at = _next_position(meeting), None
    if isinstance(instance, Membership):
        _lock_term_of(instance.seat)
    save_with_history(instance, user=user, reason=reason)
    return instance


@transaction.atomic
def body_item_delete(*, instance: models.Model, user: User | None, reason: str) -> None:
    """Delete a row in the administration with the user and the reason in its history; an agenda item through
    `agenda_item_remove`, so the items after it move up."""
    if isinstance(instance, AgendaItem):
        agenda_item_remove(item=instance, user=user, reason=reason)
    else:
        delete_with_history(instance, user=user, reason=reason)


# --- Terms and seats ----------------------------------------------------------------------------------------


@transaction.atomic
def term_create(
    *,
    body: AdvisoryBody,
    start: datetime.date,
    end: datetime.date,
    municipal_seats: bool = False,
    open_call_seats: int = 0,
    user: User | None,
    reason: str = "",
) -> Term:
    """Start a new term. Terms of one body never overlap, so the body's row is locked while checking.

    With `municipal_seats`, one seat per municipality of the region is created (611/2021 32 §: every municipality's
    corresponding body has at least one representative); `open_call_seats` adds seats filled by an open call.
    """
    AdvisoryBody.objects.select_for_update().get(pk=body.pk)
    term = Term(body=body, start=start, end=end)
    save_with_history(term, user=user, reason=reason or _("Term created"))
    if municipal_seats:
        for order, municipality in enumerate(Municipality.objects.order_by("name"), start=1):
            seat_create(term=term, municipality=municipality, order=order, user=user, reason=reason)
    for number in range(1, open_call_seats + 1):
        seat_create(term=term, label=_("Open call %(number)s") % {"number": number}, order=100 + number, user=user)
    return term


@transaction.atomic
def seat_create(
    *,
    term: Term,
    municipality: Municipality | None = None,
    label: str = "",
    order: int = 0,
    user: User | None,
    reason: str = "",
) -> Seat:
    """Add a seat to a term: a municipality's seat, or an open-call seat (no municipality, a label); Seat.clean
    refuses a second seat of the same municipality and label."""
    Term.objects.select_for_update().get(pk=term.pk)
    seat = Seat(term=term, municipality=municipality, label=label, order=order)
    save_with_history(seat, user=user, reason=reason or _("Seat added"))
    return seat


# --- Members ------------------------------------------------------------------------------------------------


def _lock_term_of(seat: Seat) -> None:
    """Lock the seat's term: "one person, one seat per term" reads every seat of the term."""
    Term.objects.select_for_update().filter(seats=seat).first()


@transaction.atomic
def membership_start(
    *,
    seat: Seat,
    member_name: str,
    deputy_name: str = "",
    member_email: str = "",
    member_phone: str = "",
    deputy_email: str = "",
    deputy_phone: str = "",
    role: str = Membership.Role.MEMBER,
    start: datetime.date,
    end: datetime.date | None = None,
    user: User | None,
    reason: str = "",
) -> Membership:
    """Give a seat to a member and their personal deputy from `start` (within the seat's term). A seat has one
    holder at a time: a replacement starts after the previous membership has ended. A person has one seat per term
    (Membership.clean), so the term is locked while the other seats are checked."""
    _lock_term_of(seat)
    membership = Membership(
        seat=seat,
        member_name=member_name,
        member_email=member_email,
        member_phone=member_phone,
        deputy_name=deputy_name,
        deputy_email=deputy_email,
        deputy_phone=deputy_phone,
        role=role,
        start=start,
        end=end,
    )
    save_with_history(membership, user=user, reason=reason or _("Member appointed"))
    return membership


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    member_name: str,
    deputy_name: str,
    member_email: str,
    member_phone: str,
    deputy_email: str,
    deputy_phone: str,
    role: str,
    end: datetime.date | None,
    user: User | None,
    reason: str = "",
) -> Membership:
    """Correct a membership's names, contact details or role, or set its end (the member leaves the seat; the seat
    is vacant until a successor's membership starts)."""
    _lock_term_of(membership.seat)
    membership = Membership.objects.select_for_update().select_related("seat__term").get(pk=membership.pk)
    ended = end is not None and membership.end != end
    membership.member_name = member_name
    membership.deputy_name = deputy_name
    membership.member_email = member_email
    membership.member_phone = member_phone
    membership.deputy_email = deputy_email
    membership.deputy_phone = deputy_phone
    membership.role = role
    membership.end = end
    save_with_history(
        membership, user=user, reason=reason or (_("Member left the seat") if ended else _("Membership updated"))
    )
    return membership


# --- Meetings -----------------------------------------------------------------------------------------------


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


@transaction.atomic
def meeting_create(
    *,
    body: AdvisoryBody,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    place: str = "",
    remote_url: str = "",
    user: User | None,
    reason: str = "",
) -> Meeting:
    """Plan a meeting."""
    meeting = Meeting(body=body, starts_at=starts_at, ends_at=ends_at, place=place, remote_url=remote_url)
    save_with_history(meeting, user=user, reason=reason or _("Meeting planned"))
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None,
    place: str,
    remote_url: str,
    user: User | None,
    reason: str = "",
) -> Meeting:
    """Change a meeting's time or place. A cancelled meeting is not changed: plan a new one."""
    meeting = _lock_meeting(meeting)
    current = copy.copy(meeting)
    meeting.starts_at, meeting.ends_at, meeting.place, meeting.remote_url = starts_at, ends_at, place, remote_url
    _revise_meeting(current, meeting)
    save_with_history(meeting, user=user, reason=reason or _("Meeting time or place changed"))
    return meeting


def _revise_meeting(current: Meeting, meeting: Meeting) -> None:
    """The rules of changing a meeting (the staff page and the admin): a cancelled meeting is not changed, and the
    calendar revision rises when the time or place changes (RFC 5545 SEQUENCE)."""
    if current.state == Meeting.State.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be changed. Plan a new meeting instead."))
    fields = ("starts_at", "ends_at", "place", "remote_url")
    if any(getattr(current, name) != getattr(meeting, name) for name in fields):
        meeting.sequence = current.sequence + 1


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, user: User | None, reason: str = "") -> Meeting:
    """Record that a planned meeting took place. Only a meeting that has started can have been held."""
    meeting = _lock_meeting(meeting)
    if meeting.state != Meeting.State.PLANNED:
        raise ValidationError(_("Only a planned meeting can be marked as held."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("A meeting cannot be marked as held before it starts."))
    meeting.state = Meeting.State.HELD
    meeting.sequence += 1
    save_with_history(meeting, user=user, reason=reason or _("Meeting held"))
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, user: User | None, reason: str = "") -> Meeting:
    """Cancel a planned meeting. It stays listed, marked cancelled, and calendars show it as cancelled."""
    meeting = _lock_meeting(meeting)
    if meeting.state != Meeting.State.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."))
    meeting.state = Meeting.State.CANCELLED
    meeting.sequence += 1
    save_with_history(meeting, user=user, reason=reason or _("Meeting cancelled"))
    return meeting


def _refuse_if_closed(meeting: Meeting) -> None:
    """Meeting.is_closed, with the reason in words."""
    if not meeting.is_closed:
        return
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    raise ValidationError(_("The minutes are published, so the meeting can no longer be changed."))


# --- Agenda -------------------------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, title: str, description: str = "", user: User | None, reason: str = ""
) -> AgendaItem:
    """Add an item at the end of a meeting's agenda, as a draft: it is public once the agenda is published."""
    meeting = _lock_meeting(meeting)
    _refuse_if_closed(meeting)
    item = AgendaItem(meeting=meeting, position=_next_position(meeting), title=title, description=description)
    save_with_history(item, user=user, reason=reason or _("Agenda item added"))
    return item


def _next_position(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0) + 1


def _redraft_if_changed(current: AgendaItem, item: AgendaItem) -> None:
    """A published item whose text changes is a draft again, until the agenda is published again: what the public
    sees is only ever what the secretary published (the staff page and the admin)."""
    if (current.title, current.description) != (item.title, item.description):
        item.published_at = None


@transaction.atomic
def meeting_publish_agenda(
    *, meeting: Meeting, user: User | None, reason: str = "", now: datetime.datetime | None = None
) -> list[AgendaItem]:
    """Publish the meeting's draft agenda items (AgendaItemQuerySet.public): the ones added or changed since the
    agenda was last published. Each published item's history names the user and the reason."""
    meeting = _lock_meeting(meeting)
    _refuse_if_closed(meeting)
    drafts = _publish_drafts(meeting, user=user, reason=reason or _("Agenda published"), now=now)
    if not drafts:
        raise ValidationError(_("Every agenda item is already published."))
    return drafts


def _publish_drafts(
    meeting: Meeting, *, user: User | None, reason: str, now: datetime.datetime | None = None
) -> list[AgendaItem]:
    now = now or timezone.now()
    drafts = list(meeting.agenda_items.select_for_update().filter(published_at__isnull=True).order_by("position"))
    for item in drafts:
        item.published_at = now
        save_with_history(item, user=user, reason=reason)
    return drafts


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, title: str, description: str, user: User | None, reason: str = ""
) -> AgendaItem:
    """Change an agenda item's title or description. A published item changed is a draft again."""
    _refuse_if_closed(_lock_meeting(item.meeting))
    item = AgendaItem.objects.get(pk=item.pk)
    current = copy.copy(item)
    item.title, item.description = title, description
    _redraft_if_changed(current, item)
    save_with_history(item, user=user, reason=reason or _("Agenda item changed"))
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, user: User | None, reason: str = "") -> None:
    """Remove an item; the items after it move up one number."""
    meeting = _lock_meeting(item.meeting)
    _refuse_if_closed(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    position = item.position
    delete_with_history(item, user=user, reason=reason or _("Agenda item removed"))
    for later in meeting.agenda_items.filter(position__gt=position).order_by("position"):
        later.position -= 1
        save_with_history(later, user=user, reason=_("Agenda renumbered"))


@transaction.atomic
def agenda_item_move(
    *, item: AgendaItem, direction: Literal["up", "down"], user: User | None, reason: str = ""
) -> AgendaItem:
    """Swap an item with its neighbour above or below. Moving the first item up or the last down is refused."""
    meeting = _lock_meeting(item.meeting)
    _refuse_if_closed(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    siblings = meeting.agenda_items.exclude(pk=item.pk)
    neighbour = (
        siblings.filter(position__lt=item.position).order_by("-position").first()
        if direction == "up"
        else siblings.filter(position__gt=item.position).order_by("position").first()
    )
    if neighbour is None:
        raise ValidationError(_("The item is already first.") if direction == "up" else _("The item is already last."))
    reason = reason or _("Agenda item moved")
    mine, theirs = item.position, neighbour.position
    # The unique (meeting, position) constraint holds at every step: park the item at 0 while the neighbour moves.
    AgendaItem.objects.filter(pk=item.pk).update(position=0)
    neighbour.position = mine
    save_with_history(neighbour, user=user, reason=reason)
    item.position = theirs
    save_with_history(item, user=user, reason=reason)
    return item


# --- Attendance and minutes -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_attendance_record(
    *, meeting: Meeting, attendance: Mapping[Seat, str], user: User | None, reason: str = ""
) -> list[Attendance]:
    """Record who attended in each seat's place (member, personal deputy, or absent). Only seats of the term
    running on the meeting's date can be recorded."""
    meeting = _lock_meeting(meeting)
    _refuse_if_closed(meeting)
    day = meeting.date
    valid_seats = set(
        Seat.objects.filter(term__body=meeting.body_id, term__start__lte=day, term__end__gte=day).filter(
            Exists(Membership.objects.covering(day).filter(seat=OuterRef("pk")))
        )
    )
    existing = {a.seat_id: a for a in meeting.attendances.all()}
    saved = []
    for seat, attendee in attendance.items():
        if seat not in valid_seats:
            raise ValidationError(_("%(seat)s was not a filled seat on the meeting day.") % {"seat": seat})
        record = existing.get(seat.pk) or Attendance(meeting=meeting, seat=seat)
        if record.pk and record.attendee == attendee:
            saved.append(record)
            continue
        record.attendee = attendee
        save_with_history(record, user=user, reason=reason or _("Attendance recorded"))
        saved.append(record)
    return saved


@atomic_with_files()
def meeting_minutes_update(
    *,
    meeting: Meeting,
    text: str,
    file: UploadedFile | None = None,
    remove_file: bool = False,
    user: User | None,
    reason: str = "",
) -> Meeting:
    """Write or replace the draft minutes. Published minutes are not changed here."""
    meeting = _lock_meeting(meeting)
    _refuse_if_closed(meeting)
    meeting.minutes_text = text
    if file is not None:
        meeting.minutes_file = file
    elif remove_file:
        meeting.minutes_file = ""
    save_with_history(meeting, user=user, reason=reason or _("Minutes drafted"))
    return meeting


@transaction.atomic
def meeting_minutes_publish(
    *,
    meeting: Meeting,
    approved_on: datetime.date,
    user: User | None,
    today: datetime.date | None = None,
    reason: str = "",
) -> Meeting:
    """Publish approved minutes of a held meeting on the public pages; the publication date is today
    (DOMAIN.md: minutes are published after checking and approval). Agenda items still drafts are published with
    them: the minutes deal with the agenda, so the public page shows both."""
    today = today or timezone.localdate()
    meeting = _lock_meeting(meeting)
    if meeting.state != Meeting.State.HELD:
        raise ValidationError(_("Only the minutes of a held meeting can be published."))
    if meeting.minutes_published:
        raise ValidationError(_("The minutes are already published."))
    if not meeting.minutes_text.strip() and not meeting.minutes_file:
        raise ValidationError(_("Write the minutes or attach them as a PDF before publishing."))
    if approved_on < meeting.date or approved_on > today:
        raise ValidationError(_("The minutes are approved on or after the meeting day and not in the future."))
    meeting.minutes_approved_on = approved_on
    meeting.minutes_published_on = today
    save_with_history(meeting, user=user, reason=reason or _("Minutes published"))
    _publish_drafts(meeting, user=user, reason=_("Agenda published with the minutes"))
    return meeting


# --- Statements ---------------------------------------------------------------------------------------------


@atomic_with_files()
def statement_create(
    *,
    body: AdvisoryBody,
    subject: str,
    given_on: datetime.date,
    requested_by: Organ | None = None,
    requested_by_other: str = "",
    text: str = "",
    attachment: UploadedFile | None = None,
    initiative: models.Model | None = None,
    user: User | None,
    reason: str = "",
) -> Statement:
    """Record a statement the body gave. It is public at once (a statement given is a public document)."""
    statement = Statement(
        body=body,
        subject=subject,
        given_on=given_on,
        requested_by=requested_by,
        requested_by_other=requested_by_other,
        text=text,
        attachment=attachment or "",
        initiative=initiative,
    )
    save_with_history(statement, user=user, reason=reason or _("Statement recorded"))
    return statement


@atomic_with_files()
def statement_update(
    *,
    statement: Statement,
    subject: str,
    given_on: datetime.date,
    requested_by: Organ | None,
    requested_by_other: str,
    text: str,
    attachment: UploadedFile | None = None,
    initiative: models.Model | None = None,
    user: User | None,
    reason: str = "",
) -> Statement:
    """Correct a recorded statement."""
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    statement.subject, statement.given_on, statement.text = subject, given_on, text
    statement.requested_by, statement.requested_by_other = requested_by, requested_by_other
    statement.initiative = initiative
    if attachment is not None:
        statement.attachment = attachment
    save_with_history(statement, user=user, reason=reason or _("Statement corrected"))
    return statement


# --- Minutes: names after the appeal period -----------------------------------------------------------------------


def _refuse_if_names_removed(meeting: Meeting) -> None:
    if meeting.minutes_names_removed_at is not None:
        raise ValidationError(_("The names have already been removed from these minutes."))


@transaction.atomic
def meeting_minutes_people_update(
    *, meeting: Meeting, other_people: str, user: User | None, reason: str = ""
) -> Meeting:
    """List the other people named in the minutes (invited experts, staff presenting), one per line; their names are
    removed with the members' after the appeal period (bodies.retention). Kept from the public pages; emptied when
    the names have been removed."""
    meeting = _lock_meeting(meeting)
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    _refuse_if_names_removed(meeting)
    meeting.minutes_other_people = "\n".join(tidy_name(line) for line in other_people.splitlines() if line.strip())
    save_with_history(meeting, user=user, reason=reason or _("Other people named in the minutes listed"))
    return meeting


@transaction.atomic
def meeting_minutes_names_confirm(
    *, meeting: Meeting, text: str, user: User | None, reason: str = "", today: datetime.date | None = None
) -> Meeting:
    """The secretary confirms the published minutes' text without names (DOMAIN.md: where a name cannot be recognised
    safely, the secretary confirms the cleaned text). The text is cleaned once more, so a listed name left in it goes
    all the same. Confirmed during the appeal period, it replaces the text on the web the day after the period
    (`apply_retention`); confirmed after it, while the text is withheld, it replaces it at once."""
    today = today or timezone.localdate()
    meeting = _lock_meeting(meeting)
    if not meeting.minutes_published:
        raise ValidationError(_("The text without names can be confirmed once the minutes are published."))
    _refuse_if_names_removed(meeting)
    if not text.strip():
        raise ValidationError({"text": _("Write the minutes text without names.")})
    meeting.minutes_cleaned_text = retention.minutes_cleaning(meeting, text=text).text
    meeting.minutes_names_confirmed_at = timezone.now()
    reason = reason or _("Minutes without names confirmed")
    save_with_history(meeting, user=user, reason=reason)
    if not meeting.attendee_names_public(today):
        retention.minutes_names_remove(meeting=meeting, user=user, reason=reason)
        meeting.refresh_from_db()
    return meeting
