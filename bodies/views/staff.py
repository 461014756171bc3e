"""The staff workspace of the bodies: each secretary keeps their own bodies (bodies.permissions decides which).

Every page works without JavaScript; with htmx, the agenda and the attendance are edited in place through the named
partials of the meeting page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bodies import selectors, services
from bodies.forms import (
    AgendaItemForm,
    AttendanceForm,
    MeetingForm,
    MembershipEditForm,
    MembershipForm,
    MinutesForm,
    PublishMinutesForm,
    SeatForm,
    StatementForm,
    TermForm,
)
from bodies.models import AdvisoryBody, AgendaItem, Meeting, Membership, Seat, Statement, Term
from bodies.permissions import bodies_editable_by, can_edit_body, can_use_workspace
from osallisuus.downloads import file_download
from osallisuus.fragments import fragment_or_page, wants_fragment
from osallisuus.http import HtmxHttpRequest
from osallisuus.uploads import NOT_STORED_MESSAGE, StorageFailed


def _id(value: str | None) -> int | None:
    """An id from a query or form parameter, or None for anything else (a stale or mistyped link): int() refuses
    "²" and numbers of over 4,300 digits, which str.isdigit() lets through."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _editable_body(request: HtmxHttpRequest, slug: str) -> AdvisoryBody:
    """The body named by `slug`, or 403 when the user does not keep it (bodies.permissions)."""
    body = get_object_or_404(AdvisoryBody.objects.prefetch_related("secretaries"), slug=slug)
    if not can_edit_body(request.user, body):
        raise PermissionDenied
    return body


def _refused(form: Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: field errors on their fields, others above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_GET
def index(request: HtmxHttpRequest) -> HttpResponse:
    if not can_use_workspace(request.user):
        raise PermissionDenied
    overview = selectors.bodies_overview(today=timezone.localdate(), bodies=bodies_editable_by(request.user))
    return render(request, "bodies/staff/index.html", {"overview": overview})


@login_required
@require_GET
def body_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    body = _editable_body(request, slug)
    term_id = _id(request.GET.get("toimikausi"))
    page = selectors.body_page(body=body, term_id=term_id, now=timezone.now(), contacts=True)
    return render(request, "bodies/staff/body.html", {"body": body, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def term_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    body = _editable_body(request, slug)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.term_create(
                body=body,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                municipal_seats=form.cleaned_data["municipal_seats"],
                open_call_seats=form.cleaned_data["open_call_seats"] or 0,
                user=request.user,
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The term %(term)s was added.") % {"term": term})
            return redirect(f"{reverse('bodies:staff-body', args=[slug])}?toimikausi={term.pk}")
    return render(request, "bodies/staff/form.html", {"body": body, "form": form, "title": _("New term")})


@login_required
@require_http_methods(["GET", "POST"])
def seat_create(request: HtmxHttpRequest, slug: str, term_id: int) -> HttpResponse:
    body = _editable_body(request, slug)
    term = get_object_or_404(Term, body=body, pk=term_id)
    form = SeatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.seat_create(
                term=term,
                municipality=form.cleaned_data["municipality"],
                label=form.cleaned_data["label"],
                order=term.seats.count() + 1,
                user=request.user,
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The seat was added."))
            return redirect(f"{reverse('bodies:staff-body', args=[slug])}?toimikausi={term.pk}")
    title = _("New seat for the term %(term)s") % {"term": term}
    return render(request, "bodies/staff/form.html", {"body": body, "form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def membership_create(request: HtmxHttpRequest, slug: str, seat_id: int) -> HttpResponse:
    body = _editable_body(request, slug)
    seat = get_object_or_404(Seat.objects.select_related("term", "municipality"), term__body=body, pk=seat_id)
    form = MembershipForm(request.POST or None, initial={"start": max(seat.term.start, timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_start(seat=seat, **form.cleaned_data, user=request.user)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The member was appointed."))
            return redirect(f"{reverse('bodies:staff-body', args=[slug])}?toimikausi={seat.term_id}")
    title = _("Appoint a member to the seat %(seat)s") % {"seat": seat}
    return render(request, "bodies/staff/form.html", {"body": body, "form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _editable_body(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("seat__term", "seat__municipality"), seat__term__body=body, pk=pk
    )
    form = MembershipEditForm(request.POST or None, instance=Membership.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=membership, **form.cleaned_data, user=request.user)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The membership was saved."))
            return redirect(f"{reverse('bodies:staff-body', args=[slug])}?toimikausi={membership.seat.term_id}")
    title = _("Membership: %(name)s, %(seat)s") % {"name": membership.member_name, "seat": membership.seat}
    return render(request, "bodies/staff/form.html", {"body": body, "form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    body = _editable_body(request, slug)
    form = MeetingForm(request.POST or None, instance=Meeting(body=body))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(body=body, **form.cleaned_data, user=request.user)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The meeting was planned. Now add the agenda."))
            return redirect("bodies:staff-meeting", slug, meeting.pk)
    return render(request, "bodies/staff/form.html", {"body": body, "form": form, "title": _("Plan a meeting")})


# --- The meeting page and its in-place parts --------------------------------------------------------------------


def _meeting_of(body: AdvisoryBody, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting, body=body, pk=pk)
    meeting.body = body
    return meeting


def _meeting_context(body: AdvisoryBody, pk: int, **forms) -> dict:
    page = selectors.meeting_page(meeting=_meeting_of(body, pk), with_drafts=True)
    meeting = page.meeting
    context = {
        "body": body,
        "page": page,
        "meeting": meeting,
        "closed": meeting.is_closed,
        "meeting_form": MeetingForm(instance=meeting),
        "agenda_form": AgendaItemForm(),
        "attendance_form": AttendanceForm(rows=page.rows),
        "minutes_form": MinutesForm(initial={"text": meeting.minutes_text}),
        "publish_form": PublishMinutesForm(initial={"approved_on": timezone.localdate()}),
        "editing": None,
        "notice": "",
    }
    context.update(forms)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The meeting's time and place, and its state changes (held, cancelled), told apart by the button's value."""
    body = _editable_body(request, slug)
    meeting = get_object_or_404(Meeting, body=body, pk=pk)
    extra = {}
    if request.method == "POST":
        action = request.POST.get("action")
        form = MeetingForm(request.POST, instance=Meeting.objects.get(pk=pk))
        try:
            if action == "held":
                services.meeting_mark_held(meeting=meeting, user=request.user)
                messages.success(request, _("The meeting was marked as held."))
            elif action == "cancel":
                services.meeting_cancel(meeting=meeting, user=request.user)
                messages.success(request, _("The meeting was cancelled."))
            elif form.is_valid():
                services.meeting_update(meeting=meeting, **form.cleaned_data, user=request.user)
                messages.success(request, _("The meeting was saved."))
            else:
                extra["meeting_form"] = form
        except ValidationError as error:
            if action in ("held", "cancel"):
                messages.error(request, " ".join(error.messages))
                return redirect("bodies:staff-meeting", slug, pk)
            _refused(form, error)
            extra["meeting_form"] = form
        if not extra:
            return redirect("bodies:staff-meeting", slug, pk)
    return render(request, "bodies/staff/meeting.html", _meeting_context(body, pk, **extra))


def _meeting_part(request: HtmxHttpRequest, body: AdvisoryBody, pk: int, part: str, **extra) -> HttpResponse:
    """The whole meeting page, or only the named part of it for htmx."""
    template = fragment_or_page(request, "bodies/staff/meeting.html", part)
    return render(request, template, _meeting_context(body, pk, **extra))


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Edit the agenda in place: GET ?muokkaa=<item> opens an item's form; POST adds, updates, moves, removes or
    publishes the drafts (the button's value says which)."""
    body = _editable_body(request, slug)
    meeting = get_object_or_404(Meeting, body=body, pk=pk)
    if request.method == "GET":
        editing = _id(request.GET.get("muokkaa"))
        item = get_object_or_404(AgendaItem, meeting=meeting, pk=editing) if editing is not None else None
        extra = {"editing": item.pk, "edit_form": AgendaItemForm(instance=item, prefix="edit")} if item else {}
        return _meeting_part(request, body, pk, "agenda", **extra)
    action = request.POST.get("action", "add")
    item = None
    if action not in ("add", "publish"):
        item = get_object_or_404(AgendaItem, meeting=meeting, pk=_id(request.POST.get("item")) or 0)
    form = None
    if action == "add":
        form = AgendaItemForm(request.POST)
    elif action == "update":
        form = AgendaItemForm(request.POST, instance=item, prefix="edit")
    try:
        if action == "add" and form.is_valid():
            services.agenda_item_add(meeting=meeting, **form.cleaned_data, user=request.user)
            notice = _("Item added: %(title)s") % {"title": form.cleaned_data["title"]}
        elif action == "update" and form.is_valid():
            services.agenda_item_update(item=item, **form.cleaned_data, user=request.user)
            notice = _("Item saved: %(title)s") % {"title": form.cleaned_data["title"]}
        elif action in ("up", "down"):
            services.agenda_item_move(item=item, direction=action, user=request.user)
            notice = _("Item moved: %(title)s") % {"title": item.title}
        elif action == "remove":
            services.agenda_item_remove(item=item, user=request.user)
            notice = _("Item removed: %(title)s") % {"title": item.title}
        elif action == "publish":
            published = services.meeting_publish_agenda(meeting=meeting, user=request.user)
            notice = ngettext(
                "The agenda is published: %(count)s new item is public.",
                "The agenda is published: %(count)s new items are public.",
                len(published),
            ) % {"count": len(published)}
        elif action == "update":
            return _meeting_part(request, body, pk, "agenda", editing=item.pk, edit_form=form)
        elif action == "add":
            return _meeting_part(request, body, pk, "agenda", agenda_form=form)
        else:
            raise Http404("Unknown action.")
    except ValidationError as error:
        if form is None:
            # Moving or removing has no form of its own: the refusal shows above the new item's empty form,
            # which needs cleaned_data to take an error although nothing was bound to it.
            form = AgendaItemForm()
            form.cleaned_data = {}
        _refused(form, error)
        if action == "update":
            return _meeting_part(request, body, pk, "agenda", editing=item.pk, edit_form=form)
        return _meeting_part(request, body, pk, "agenda", agenda_form=form)
    if wants_fragment(request):
        return _meeting_part(request, body, pk, "agenda", notice=notice)
    messages.success(request, notice)
    return redirect(reverse("bodies:staff-meeting", args=[slug, pk]) + "#agenda")


@login_required
@require_POST
def attendance(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _editable_body(request, slug)
    meeting = _meeting_of(body, pk)
    page = selectors.meeting_page(meeting=meeting, with_drafts=True)
    form = AttendanceForm(request.POST, rows=page.rows)
    if form.is_valid():
        try:
            services.meeting_attendance_record(meeting=meeting, attendance=form.attendance(), user=request.user)
        except ValidationError as error:
            _refused(form, error)
        else:
            notice = _("Attendance saved.")
            if wants_fragment(request):
                return _meeting_part(request, body, pk, "attendance", notice=notice)
            messages.success(request, notice)
            return redirect(reverse("bodies:staff-meeting", args=[slug, pk]) + "#attendance")
    return _meeting_part(request, body, pk, "attendance", attendance_form=form)


@login_required
@require_POST
def minutes(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Save the draft minutes (action "save") or publish approved minutes (action "publish")."""
    body = _editable_body(request, slug)
    meeting = get_object_or_404(Meeting, body=body, pk=pk)
    if request.POST.get("action") == "publish":
        form = PublishMinutesForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_minutes_publish(
                    meeting=meeting, approved_on=form.cleaned_data["approved_on"], user=request.user
                )
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("The minutes are published."))
                return redirect(reverse("bodies:staff-meeting", args=[slug, pk]) + "#minutes")
        return render(request, "bodies/staff/meeting.html", _meeting_context(body, pk, publish_form=form))
    form = MinutesForm(request.POST, request.FILES)
    status = 200
    if form.is_valid():
        file = form.cleaned_data["file"]
        try:
            services.meeting_minutes_update(
                meeting=meeting,
                text=form.cleaned_data["text"],
                file=file or None,
                remove_file=file is False,
                user=request.user,
            )
        except ValidationError as error:
            _refused(form, error)
        except StorageFailed:
            form.add_error(None, NOT_STORED_MESSAGE)
            status = 503
        else:
            messages.success(request, _("The draft minutes were saved."))
            return redirect(reverse("bodies:staff-meeting", args=[slug, pk]) + "#minutes")
    return render(request, "bodies/staff/meeting.html", _meeting_context(body, pk, minutes_form=form), status=status)


@login_required
@require_GET
def minutes_file(request: HtmxHttpRequest, slug: str, pk: int) -> FileResponse:
    """The minutes PDF for its secretaries, also before publication."""
    body = _editable_body(request, slug)
    meeting = get_object_or_404(Meeting, body=body, pk=pk)
    if not meeting.minutes_file:
        raise Http404("No minutes file.")
    return file_download(meeting.minutes_file, meeting.minutes_filename)


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request: HtmxHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    body = _editable_body(request, slug)
    statement = get_object_or_404(Statement, body=body, pk=pk) if pk else None
    form = StatementForm(request.POST or None, request.FILES or None, instance=statement)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attachment = data["attachment"] if data["attachment"] and hasattr(data["attachment"], "content_type") else None
        fields = {k: data[k] for k in ("subject", "given_on", "requested_by", "requested_by_other", "text")}
        fields["initiative"] = data["initiative_reference"]
        try:
            if statement:
                services.statement_update(statement=statement, **fields, attachment=attachment, user=request.user)
            else:
                statement = services.statement_create(body=body, **fields, attachment=attachment, user=request.user)
        except ValidationError as error:
            _refused(form, error)
        except StorageFailed:
            form.add_error(None, NOT_STORED_MESSAGE)
            status = 503
        else:
            messages.success(request, _("The statement was saved."))
            return redirect("bodies:staff-body", slug)
    title = _("Statement: %(subject)s") % {"subject": statement.subject} if statement else _("New statement")
    context = {"body": body, "form": form, "title": title, "multipart": True}
    return render(request, "bodies/staff/form.html", context, status=status)
