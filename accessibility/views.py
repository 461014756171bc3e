"""The accessibility statement, and the pages of its feedback: the public form and its thank-you page, the staff list
and a feedback's page where staff mark it answered. Each view: parse → permission → form → service → render."""

import datetime
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateparse, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accessibility import selectors, services
from accessibility.forms import FeedbackForm, MarkAnsweredForm
from accessibility.models import AccessibilityFeedback
from accessibility.permissions import can_answer_feedback, can_see_feedback
from osallisuus import ratelimit
from osallisuus.error_pages import form_rate_limited
from osallisuus.fragments import fragment_or_page
from osallisuus.http import StaffRequest

# Feedback stored per client (osallisuus.ratelimit: an IPv4 address or an IPv6 /64) and hour; more is refused with the
# rate-limit page.
SEND_LIMIT_PER_HOUR = 5
PAGE_SIZE = 50
# Named after the module the feedback once lived in (osallisuus.feedback): a receipt link handed out before the move
# still opens.
_THANKS_SALT = "osallisuus.feedback.thanks"
_THANKS_MAX_AGE = 60 * 60

# The day the accessibility statement was made and the portal last tested (306/2019 15 §): change it only with a
# new assessment, and the statement's text with it.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 12, 1)


@require_GET
def statement(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility/statement.html", {"statement_date": ACCESSIBILITY_STATEMENT_DATE})


def _form_page(request: HttpRequest, form: FeedbackForm, *, status: int = 200) -> HttpResponse:
    response = render(request, "accessibility/feedback/form.html", {"form": form}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest) -> HttpResponse:
    """The feedback channel of the accessibility statement: no account needed."""
    if request.method == "GET":
        return _form_page(request, FeedbackForm(initial={"form_token": FeedbackForm.new_token()}))
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        form.renew_token_if_spent()
        return _form_page(request, form, status=400)
    feedback = AccessibilityFeedback.objects.filter(submission_key=form.submission_key).first()
    if feedback is None:
        if not ratelimit.client_rate_limit_take(
            request, scope="feedback", limit=SEND_LIMIT_PER_HOUR, period_seconds=3600
        ):
            return form_rate_limited(request)
        language = translation.get_language()
        if language not in AccessibilityFeedback.Language.values:
            language = AccessibilityFeedback.Language.FI
        try:
            feedback = services.accessibility_feedback_receive(**form.service_arguments(), language=language)
        except ValidationError as error:
            # A rule the model holds that the form did not catch: shown like any other error, nothing stored.
            for message in error.messages:
                form.add_error(None, message)
            return _form_page(request, form, status=400)
    receipt = signing.dumps(
        {"due": feedback.answer_due_on.isoformat(), "email": bool(feedback.email)}, salt=_THANKS_SALT
    )
    return HttpResponseRedirect(reverse("accessibility-feedback-thanks") + f"?kuittaus={receipt}")


@require_GET
def feedback_thanks(request: HttpRequest) -> HttpResponse:
    """The thank-you page: when the answer is due and whether a receipt is on its way (read from a signed value
    in the address, so that nothing about the feedback itself is shown)."""
    try:
        receipt = signing.loads(request.GET.get("kuittaus", ""), salt=_THANKS_SALT, max_age=_THANKS_MAX_AGE)
        due_on, has_email = dateparse.parse_date(receipt["due"]), bool(receipt["email"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        due_on, has_email = None, False
    return render(request, "accessibility/feedback/thanks.html", {"due_on": due_on, "has_email": has_email})


def feedback_staff_required(view: Callable) -> Callable:
    """Logged in (else the login page) and allowed to see feedback (else 403)."""

    @wraps(view)
    def wrapper(request: StaffRequest, *args, **kwargs) -> HttpResponse:
        if not can_see_feedback(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


@never_cache
@require_GET
@feedback_staff_required
def feedback_list(request: StaffRequest) -> HttpResponse:
    """Open feedback by deadline with its deadline badge; `?tila=vastatut` lists the answered ones. The pages'
    links swap only the rows with htmx (the `rows` partial)."""
    show_answered = request.GET.get("tila") == "vastatut"
    queryset = selectors.feedback_answered_latest() if show_answered else selectors.feedback_open_by_deadline()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(feedback, feedback.answer_state(today)) for feedback in page]
    context = {
        "page": page,
        "rows": rows,
        "show_answered": show_answered,
        "overdue_count": AccessibilityFeedback.objects.overdue(today).count(),
    }
    return render(request, fragment_or_page(request, "accessibility/feedback/staff_list.html", "rows"), context)


@never_cache
@require_http_methods(["GET", "POST"])
@feedback_staff_required
def feedback_detail(request: StaffRequest, pk: int) -> HttpResponse:
    """One feedback; for the registry also the sender's contact details and the form that marks it answered."""
    feedback = get_object_or_404(AccessibilityFeedback.objects.select_related("answered_by"), pk=pk)
    can_answer = can_answer_feedback(request.user)
    if request.method == "POST" and not can_answer:
        raise PermissionDenied
    form = MarkAnsweredForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accessibility_feedback_mark_answered(
                feedback=feedback, user=request.user, note=form.cleaned_data["answer_note"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The feedback was marked answered."))
            return redirect("accessibility-feedback-list")
    context = {
        "feedback": feedback,
        "form": form,
        "can_answer": can_answer,
        "state": feedback.answer_state(timezone.localdate()),
    }
    return render(request, "accessibility/feedback/staff_detail.html", context, status=400 if form.errors else 200)
