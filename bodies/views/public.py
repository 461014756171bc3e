"""Public pages of the advisory bodies: no account needed, no member's contact details anywhere."""

import datetime

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bodies import ical, selectors
from bodies.models import AdvisoryBody, Meeting, Statement
from osallisuus.downloads import file_download
from osallisuus.fragments import fragment_or_page
from osallisuus.http import HtmxHttpRequest

# Calendars carry a year of past meetings and everything planned.
CALENDAR_HISTORY = datetime.timedelta(days=365)


def _body(slug: str) -> AdvisoryBody:
    return get_object_or_404(AdvisoryBody, slug=slug)


@require_GET
def index(request: HtmxHttpRequest) -> HttpResponse:
    overview = selectors.bodies_overview(today=timezone.localdate())
    context = {
        "overview": overview,
        "gaps": selectors.representation_gaps(overview),
        "representation": selectors.county_representation(overview),
    }
    return render(request, "bodies/index.html", context)


@require_GET
def body_detail(request: HtmxHttpRequest, slug: str, term_id: int | None = None) -> HttpResponse:
    body = _body(slug)
    page = selectors.body_page(body=body, term_id=term_id, now=timezone.now())
    # Read where the full page shows the secretaries' work contact (not for the term fragment), and only that.
    secretaries = body.secretaries.only("username", "first_name", "last_name", "job_title", "work_phone", "email")
    context = {"body": body, "page": page, "secretaries": secretaries}
    return render(request, fragment_or_page(request, "bodies/body.html", "term"), context)


@require_GET
def meeting_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), body__slug=slug, pk=pk)
    # The attendance and the quorum are shown with the published minutes only.
    page = selectors.meeting_page(meeting=meeting, attendance=meeting.minutes_published)
    context = {
        "body": meeting.body,
        "page": page,
        "minutes_visible": meeting.minutes_published,
        "names_visible": meeting.attendee_names_public(timezone.localdate()),
    }
    return render(request, "bodies/meeting.html", context)


@require_GET
def minutes_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The minutes PDF, once the minutes are published and until the appeal period has passed: the portal cannot take
    the names out of a PDF, so after it only the minutes text (whose names apply_retention removes) stays on the web
    and the PDF is had from the registry (uploaded files have no public URL)."""
    meeting = get_object_or_404(Meeting.objects.with_published_minutes().select_related("body"), body__slug=slug, pk=pk)
    if not meeting.minutes_file:
        raise Http404("No minutes file.")
    if not meeting.attendee_names_public(timezone.localdate()):
        raise Http404("The minutes file left the web after the appeal period.")
    return file_download(meeting.minutes_file, meeting.minutes_filename)


@require_GET
def statement_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _body(slug)
    statement = get_object_or_404(Statement.objects.select_related("requested_by", "initiative"), body=body, pk=pk)
    return render(request, "bodies/statement.html", {"body": body, "statement": statement})


@require_GET
def statement_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    statement = get_object_or_404(Statement, body__slug=slug, pk=pk)
    if not statement.attachment:
        raise Http404("No attachment.")
    filename = f"{slug}-{statement.given_on:%Y-%m-%d}.pdf"
    return file_download(statement.attachment, filename)


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@ical.calendar_conditional
def calendar_all(request: HttpRequest) -> HttpResponse:
    since = timezone.localdate() - CALENDAR_HISTORY
    meetings = selectors.calendar_meetings(body=None, since=since)
    return _ics(ical.calendar(meetings, name=_("Meetings of the advisory bodies")), "kalenteri.ics")


@require_GET
@ical.calendar_conditional
def calendar_body(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(AdvisoryBody, slug=slug)
    meetings = selectors.calendar_meetings(body=body, since=timezone.localdate() - CALENDAR_HISTORY)
    return _ics(ical.calendar(meetings, name=body.display_name), f"{slug}.ics")


@require_GET
@ical.calendar_conditional
def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One meeting as a single-event calendar file: the "add to calendar" link."""
    meeting = selectors.calendar_meeting(slug=slug, pk=pk)
    name = f"{meeting.body.display_name} {timezone.localtime(meeting.starts_at):%d.%m.%Y}"
    return _ics(ical.calendar([meeting], name=name), f"{slug}-{meeting.pk}.ics")
