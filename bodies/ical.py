"""Meetings as iCalendar (RFC 5545), built with the `icalendar` package.

Times are written in Europe/Helsinki with a VTIMEZONE, so a calendar shows 17:00 on both sides of a daylight saving
change. Each meeting's UID never changes; SEQUENCE rises when its time, place or state changes, and a cancelled
meeting stays in the feed with STATUS:CANCELLED so clients remove it. The description lists the published agenda
(`public_agenda`, from bodies.selectors: drafts never). No member's name or contact, and no remote participation
link, is written.
"""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from bodies.models import AdvisoryBody, AgendaItem, Meeting
from osallisuus.conditional import Version, conditional_get, history_version
from osallisuus.text import without_control_characters

DEFAULT_LENGTH = datetime.timedelta(hours=2)
STATUS = {
    Meeting.State.PLANNED: "CONFIRMED",
    Meeting.State.HELD: "CONFIRMED",
    Meeting.State.CANCELLED: "CANCELLED",
}


def calendars_version(request: HttpRequest, *args, **kwargs) -> Version:
    """A calendar changes with a meeting (its time, place or state), its agenda or its body's name, and with the day
    (the window of past meetings moves): calendar clients poll, and get 304 until then."""
    return history_version(Meeting, AgendaItem, AdvisoryBody)


calendar_conditional = conditional_get(calendars_version)


def meeting_uid(meeting: Meeting) -> str:
    """A UID that stays the same for the meeting's whole life (RFC 5545 3.8.4.7)."""
    return f"bodies-meeting-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname or 'osallisuus'}"


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("bodies:meeting", args=[meeting.body.slug, meeting.pk])


def meeting_event(meeting: Meeting) -> Event:
    """One VEVENT of a meeting from bodies.selectors' calendar queries (which prefetch `public_agenda`)."""
    tz = timezone.get_default_timezone()
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    event.add("dtend", (meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH).astimezone(tz))
    # RFC 5545 TEXT allows no control characters: what staff typed loses them (osallisuus.text).
    summary = _("%(body)s: meeting") % {
        "body": without_control_characters(meeting.body.short_name or meeting.body.name)
    }
    if meeting.state == Meeting.State.CANCELLED:
        summary = _("Cancelled: %(summary)s") % {"summary": summary}
    event.add("summary", summary)
    event.add("status", STATUS[meeting.state])
    event.add("url", meeting_url(meeting))
    if meeting.place:
        event.add("location", without_control_characters(meeting.place))
    # The remote participation link is for the members; the public calendar only says that one exists.
    description = [meeting_url(meeting)]
    if meeting.remote_url:
        description.insert(0, _("Remote participation is possible."))
    if meeting.public_agenda:
        agenda = [
            f"{number}. {without_control_characters(item.title)}"
            for number, item in enumerate(meeting.public_agenda, start=1)
        ]
        description[-1:-1] = [_("Agenda:"), *agenda]
    event.add("description", "\n".join(description))
    return event


def calendar(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per meeting and the VTIMEZONE its times refer to."""
    meetings = list(meetings)
    cal = Calendar()
    cal.add("prodid", "-//Osallisuus//bodies//FI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # An X- property is not escaped by icalendar unless it is given as TEXT; a name is one line.
    cal.add("x-wr-calname", vText(" ".join(without_control_characters(name).split())))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting))
    if meetings:
        first = min(timezone.localtime(m.starts_at).date() for m in meetings)
        last = max(timezone.localtime(m.starts_at).date() for m in meetings)
        cal.add_missing_timezones(
            first_date=first.replace(month=1, day=1), last_date=last.replace(month=1, day=1, year=last.year + 2)
        )
    return cal.to_ical()
