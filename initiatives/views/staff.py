"""The staff workspace of initiatives: the list of what needs action, registration, handling, letters and outbox.

Each view: parse → permission (initiatives.permissions) → form → service → render. Every change goes through
initiatives.services; a TransitionError (the step is not allowed in the current state) is shown as a message."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from initiatives import letters, permissions, services
from initiatives.annual import annual_list_reminder
from initiatives.forms.staff import (
    AssignForm,
    DecisionForm,
    FinalNoticeForm,
    HearingForm,
    LetterPostedForm,
    NoticeForm,
    OutboxRetryForm,
    PublishForm,
    ReclassifyForm,
    RegisterForm,
    UnpublishForm,
    WorkspaceFilterForm,
)
from initiatives.models import Attachment, Initiative
from initiatives.publication import names_initiator, public_view
from initiatives.selectors import (
    initiative_with_relations,
    undelivered_messages,
    workspace_initiatives,
    workspace_listing,
    workspace_rows,
)
from osallisuus.downloads import PDF, content_download, file_download
from osallisuus.fragments import fragment_or_page, wants_fragment
from osallisuus.http import StaffRequest
from osallisuus.models import Delivery, OutboxMessage, User
from osallisuus.outbox import outbox_give_up, outbox_retry_now
from osallisuus.roles import Role, has_role

Status = Initiative.Status
PAGE_SIZE = 25


def workspace_required(view: Callable) -> Callable:
    """Logged in (else the login page) and holding a role of the initiatives' workspace (else 403)."""

    @wraps(view)
    def wrapper(request: StaffRequest, *args, **kwargs) -> HttpResponse:
        if not permissions.can_use_workspace(request.user):
            if request.resolver_match.url_name == "workspace" and has_role(request.user, Role.SECRETARY):
                # /henkilosto/ is where every login lands: a body secretary's work is in the bodies' workspace.
                return redirect("bodies:staff-index")
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


# --- Workspace ---------------------------------------------------------------------------------------------------


@require_GET
@workspace_required
def workspace(request: StaffRequest) -> HttpResponse:
    """Open initiatives, the ones needing action first, with their deadline state; filtered and paged."""
    today = timezone.localdate()
    form = WorkspaceFilterForm(request.GET)
    visible = permissions.initiatives_visible_to(request.user)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = workspace_initiatives(visible, today=today, **data)
    paginator = Paginator(workspace_listing(queryset), PAGE_SIZE)
    context = {"form": form}
    if not wants_fragment(request):
        # What stands above the rows, which an htmx swap leaves in place: read for the whole page only.
        deadline_counts = visible.open().deadline_counts(today)
        if not any(data.values()):
            # The unfiltered list is the open initiatives, just counted.
            paginator.count = deadline_counts["all"]
        keeps_list = permissions.can_keep_annual_list(request.user)
        can_see_outbox = permissions.can_see_outbox(request.user)
        context |= {
            "deadline_counts": deadline_counts,
            "can_register": permissions.can_register(request.user),
            "can_see_outbox": can_see_outbox,
            # Email undelivered for longer than OUTBOX_UNDELIVERED_WARNING_HOURS: a warning to those who see the outbox.
            "undelivered_too_long": (
                OutboxMessage.objects.undelivered_too_long(timezone.now()).count() if can_see_outbox else 0
            ),
            "undelivered_warning_hours": settings.OUTBOX_UNDELIVERED_WARNING_HOURS,
            # From spring until the deadline: the yearly list to the council and what it still lacks.
            "can_keep_annual_list": keeps_list,
            "list_reminder": annual_list_reminder(today) if keeps_list else None,
            "list_year": today.year - 1,
        }
    page = paginator.get_page(request.GET.get("page"))
    context |= {"page": page, "rows": workspace_rows(page.object_list, today)}
    response = render(request, fragment_or_page(request, "initiatives/staff/workspace.html", "rows"), context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Registration ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@workspace_required
def register(request: StaffRequest) -> HttpResponse:
    """The registry registers an initiative that came by paper or email, with its real arrival date."""
    if not permissions.can_register(request.user):
        raise PermissionDenied
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(**form.service_arguments(), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = (
                _(
                    "Initiative %(reference)s registered. Its notice deadline %(due)s has already passed: send the "
                    "notice as soon as possible."
                )
                if initiative.notice_overdue
                else _("Initiative %(reference)s registered. The notice is due on %(due)s.")
            )
            due = date_format(initiative.notice_due_on, "SHORT_DATE_FORMAT")
            messages.success(request, message % {"reference": initiative.reference, "due": due})
            return redirect("initiatives:staff-detail", reference=initiative.reference)
    return render(request, "initiatives/staff/register.html", {"form": form})


# --- Handling: the detail page and its actions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A handling step: its form, the service it calls and who may take it. When it is offered is the step's entry in
    Initiative.TRANSITIONS (read through `Initiative.allows`), the same table the service enforces; a stale page gets
    the service's TransitionError as a message."""

    form_class: type[forms.Form]
    service: Callable[..., Initiative]
    allowed: Callable[[User, Initiative], bool]
    done: str


ACTIONS: dict[str, Action] = {
    "assign": Action(
        AssignForm,
        services.initiative_assign,
        lambda user, initiative: permissions.can_assign(user),
        gettext_lazy("The competent authority and the handler were saved."),
    ),
    "send_notice": Action(
        NoticeForm,
        services.initiative_send_notice,
        permissions.can_handle,
        gettext_lazy(
            "The notice was recorded. It counts as sent once its email is delivered, or once you record the day its "
            "letter was posted."
        ),
    ),
    "record_notice_posted": Action(
        LetterPostedForm,
        services.initiative_record_notice_posted,
        permissions.can_handle,
        gettext_lazy("The day the notice letter was posted was recorded."),
    ),
    "record_hearing": Action(
        HearingForm,
        services.initiative_record_hearing,
        permissions.can_handle,
        gettext_lazy("The hearing was recorded."),
    ),
    "record_decision": Action(
        DecisionForm,
        services.initiative_record_decision,
        permissions.can_handle,
        gettext_lazy("The decision was recorded."),
    ),
    "send_final_notice": Action(
        FinalNoticeForm,
        services.initiative_send_final_notice,
        permissions.can_handle,
        gettext_lazy(
            "The final notice was recorded. It counts as sent once its email is delivered, or once you record the day "
            "its letter was posted."
        ),
    ),
    "record_final_notice_posted": Action(
        LetterPostedForm,
        services.initiative_record_final_notice_posted,
        permissions.can_handle,
        gettext_lazy("The day the final notice letter was posted was recorded."),
    ),
    "publish": Action(
        PublishForm,
        services.initiative_publish,
        lambda user, initiative: permissions.can_publish(user),
        gettext_lazy("The initiative is published."),
    ),
    "unpublish": Action(
        UnpublishForm,
        services.initiative_unpublish,
        lambda user, initiative: permissions.can_publish(user),
        gettext_lazy("The initiative was taken off the public pages."),
    ),
    "reclassify": Action(
        ReclassifyForm,
        services.initiative_reclassify,
        permissions.can_handle,
        gettext_lazy("The message was re-classified and the sender told."),
    ),
}


def _initial(name: str, initiative: Initiative, user: User) -> dict:
    """Defaults of the forms: the current values, or the acting handler as the contact person."""
    if name == "assign":
        return {"handling_organ": initiative.handling_organ_id, "handler": initiative.handler_id}
    if name == "send_notice":
        return {
            "handling_organ": initiative.handling_organ_id,
            "info_contact_name": user.get_full_name() or user.username,
            "info_contact_email": user.email,
            "info_contact_phone": user.work_phone,
        }
    if name == "record_hearing":
        return {
            "offered_on": initiative.hearing_offered_on,
            "held_on": initiative.hearing_held_on,
            "notes": initiative.hearing_notes,
        }
    if name == "record_decision":
        return {
            "outcome": initiative.outcome or None,
            "measures": initiative.measures,
            "decision_organ": initiative.decision_organ_id or initiative.handling_organ_id,
            "decision_date": initiative.decision_date,
            "decision_section": initiative.decision_section,
        }
    if name == "publish":
        return {"public_title": initiative.public_title, "public_text": initiative.public_text}
    return {}


def _action_forms(initiative: Initiative, user: User, bound: tuple[str, forms.Form] | None = None) -> dict:
    """The forms of the steps `user` may take now, keyed by action name (the submit button's name)."""
    result = {}
    for name, action in ACTIONS.items():
        if initiative.allows(name) and action.allowed(user, initiative):
            result[name] = action.form_class(prefix=name, initial=_initial(name, initiative, user))
    if bound is not None:
        result[bound[0]] = bound[1]
    return result


def _visible_initiative(request: StaffRequest, reference: str) -> Initiative:
    queryset = initiative_with_relations(permissions.initiatives_visible_to(request.user))
    return get_object_or_404(queryset, reference=reference)


@require_http_methods(["GET", "POST"])
@workspace_required
def initiative_detail(request: StaffRequest, reference: str) -> HttpResponse:
    """The handling page: facts, deadline, the forms of the next steps, the history and the messages sent.

    POST takes one step, told apart by the submit button's name (a key of ACTIONS)."""
    initiative = _visible_initiative(request, reference)
    bound = None
    if request.method == "POST":
        name = next((name for name in ACTIONS if name in request.POST), None)
        if name is None:
            return HttpResponseBadRequest(_("Unknown action."))
        action = ACTIONS[name]
        if not action.allowed(request.user, initiative):
            raise PermissionDenied
        form = action.form_class(request.POST, prefix=name)
        if form.is_valid():
            try:
                action.service(initiative=initiative, user=request.user, **form.cleaned_data)
            except services.TransitionError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("initiatives:staff-detail", reference=initiative.reference)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, action.done)
                return redirect("initiatives:staff-detail", reference=initiative.reference)
        bound = (name, form)
    today = timezone.localdate()
    context = {
        "initiative": initiative,
        "deadline_state": initiative.notice_state(today),
        "forms": _action_forms(initiative, request.user, bound),
        "error_form": bound[1] if bound else None,
        "show_contact": permissions.can_see_contact_details(request.user, initiative),
        # How the public pages would show it (initiatives.publication), beside the publishing form.
        "public": public_view(initiative),
        "names_initiator": names_initiator(initiative),
        "history": initiative.history.select_related("history_user").order_by("-history_date", "-history_id"),
        "outbox": OutboxMessage.objects.about(initiative).select_related("given_up_by").order_by("created_at", "pk"),
    }
    return render(request, "initiatives/staff/detail.html", context)


@never_cache
@require_GET
@workspace_required
def attachment_download(request: StaffRequest, reference: str, attachment_id: int) -> FileResponse:
    """An attachment, to staff who may see its initiator's contact details (a scanned letter shows the address);
    always downloaded, never shown in the browser."""
    initiative = _initiative_with_contact_details(request, reference)
    attachment = get_object_or_404(Attachment, initiative=initiative, pk=attachment_id)
    return file_download(attachment.file, attachment.original_name, content_type=attachment.content_type)


def _initiative_with_contact_details(request: StaffRequest, reference: str) -> Initiative:
    """An initiative whose initiator's contact details the user may see, for the views that hand them out (the
    attachments, the letters with the postal address): not found when the user may not see the initiative at all,
    refused when they see it without contact details (permissions.can_see_contact_details)."""
    initiative = _visible_initiative(request, reference)
    if not permissions.can_see_contact_details(request.user, initiative):
        raise PermissionDenied
    return initiative


@never_cache
@require_GET
@workspace_required
def notice_letter(request: StaffRequest, reference: str) -> HttpResponse:
    """The one-month notice as a printable PDF letter in the initiator's language, once it is prepared."""
    initiative = _initiative_with_contact_details(request, reference)
    if initiative.notice_prepared_at is None:
        raise Http404
    return content_download(
        letters.notice_letter_pdf(initiative), f"{initiative.reference}-notice.pdf", content_type=PDF
    )


@never_cache
@require_GET
@workspace_required
def final_letter(request: StaffRequest, reference: str) -> HttpResponse:
    """The final notice as a printable PDF letter in the initiator's language, once it is prepared."""
    initiative = _initiative_with_contact_details(request, reference)
    if initiative.final_notice_prepared_at is None:
        raise Http404
    return content_download(
        letters.final_letter_pdf(initiative), f"{initiative.reference}-final-notice.pdf", content_type=PDF
    )


# --- Outbox ------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@workspace_required
def outbox(request: StaffRequest) -> HttpResponse:
    """Messages the mail server has not accepted yet, with their address, last error and next attempt; POST queues
    them to be tried again now (one or all), or gives one up (the "give_up" button: it is no longer tried,
    osallisuus.outbox).
    Every initiative's email is here: only for those who see every initiative's contact details."""
    if not permissions.can_see_outbox(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = OutboxRetryForm(request.POST)
        if not form.is_valid() or ("give_up" in request.POST and not form.cleaned_data["message"]):
            return HttpResponseBadRequest(_("Unknown message."))
        message_id = form.cleaned_data["message"]
        if message_id:
            get_object_or_404(OutboxMessage.objects.awaiting_delivery(), pk=message_id)
        if "give_up" in request.POST:
            _outbox_give_up(request, message_id)
        else:
            queued = outbox_retry_now(message_id=message_id or None)
            messages.info(
                request,
                ngettext(
                    "%(count)d message is being sent again in the background. Its state below shows how it went.",
                    "%(count)d messages are being sent again in the background. Their state below shows how it went.",
                    queued,
                )
                % {"count": queued},
            )
        return redirect("initiatives:staff-outbox")
    page = Paginator(undelivered_messages(), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "max_minutes": settings.OUTBOX_RETRY_MAX_MINUTES,
        "warning_hours": settings.OUTBOX_UNDELIVERED_WARNING_HOURS,
        "too_long": Delivery.TOO_LONG,
    }
    return render(request, "initiatives/staff/outbox.html", context)


def _outbox_give_up(request: StaffRequest, message_id: int) -> None:
    if outbox_give_up(message_id=message_id, user=request.user):
        messages.success(
            request,
            _(
                "The message is no longer tried. If it was a notice, print its letter from the initiative's page, post "
                "it and record the day it was posted."
            ),
        )
    else:
        messages.info(request, _("The message was delivered or given up in the meantime."))
