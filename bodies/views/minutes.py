"""The secretary's check of the minutes without names (bodies.retention, rule 1): the text as it will stand after the
appeal period, the words the portal could not decide highlighted, the other people to remove, and the confirmation.

The page works without JavaScript: two forms told apart by the submit button's value, each answered by a redirect.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from bodies import names, retention, services
from bodies.models import Meeting
from bodies.views.public import HtmxHttpRequest
from bodies.views.staff import _editable_body, _refused

# What the secretary is told about each kind of undecided word (bodies.names.Reason).
REASONS = {
    names.Reason.CAPITALISED: gettext_lazy("A capitalised word in the middle of a sentence: is it a name?"),
    names.Reason.NEXT_TO_REMOVED: gettext_lazy("Next to a removed name: a middle name or a second surname?"),
    names.Reason.AFTER_TITLE: gettext_lazy("After a title such as chair: is it a name?"),
    names.Reason.INITIALS: gettext_lazy("Initials: whose?"),
    names.Reason.OTHER_PERSON: gettext_lazy("A listed first name before another surname: perhaps someone else."),
    names.Reason.SENTENCE_START: gettext_lazy(
        "At the start of a sentence: a name or an ordinary word that looks like one?"
    ),
    names.Reason.LOWER_CASE: gettext_lazy("A name written in lower case, or an ordinary word?"),
    names.Reason.COMPOUND: gettext_lazy("A name in a compound word: remove it or keep it?"),
}


class OtherPeopleForm(forms.Form):
    other_people = forms.CharField(
        label=Meeting._meta.get_field("minutes_other_people").verbose_name.capitalize(),
        help_text=Meeting._meta.get_field("minutes_other_people").help_text,
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ConfirmForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Minutes text without names"),
        help_text=gettext_lazy(
            "Remove the names the portal did not recognise: write [nimi poistettu] in their place. "
            "Keep the words that are not names."
        ),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Note for the history (optional)"),
        required=False,
        max_length=200,
    )


def _context(meeting: Meeting, **forms_) -> dict:
    today = timezone.localdate()
    waiting = meeting.minutes_cleaned_text_waits
    cleaning = retention.minutes_cleaning(meeting, text=meeting.minutes_cleaned_text if waiting else None)
    context = {
        "body": meeting.body,
        "meeting": meeting,
        "lines": names.lines(cleaning.text, cleaning.undecided),
        "undecided": [(item, REASONS[item.reason]) for item in cleaning.undecided],
        "people": retention.minutes_people(meeting),
        "withheld": meeting.minutes_text_withheld_on(today),
        "people_form": OtherPeopleForm(prefix="people", initial={"other_people": meeting.minutes_other_people}),
        "confirm_form": ConfirmForm(prefix="confirm", initial={"text": cleaning.text}),
    }
    context.update(forms_)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET shows the proposal; POST saves the other people (action "people") or confirms the text ("confirm")."""
    body = _editable_body(request, slug)
    meeting = get_object_or_404(Meeting.objects.select_related("body"), body=body, pk=pk)
    if request.method == "GET":
        return render(request, "bodies/staff/minutes_review.html", _context(meeting))
    action = request.POST.get("action")
    if action == "people":
        form = OtherPeopleForm(request.POST, prefix="people")
        if form.is_valid():
            try:
                services.meeting_minutes_people_update(
                    meeting=meeting, other_people=form.cleaned_data["other_people"], user=request.user
                )
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("The list of people was saved. The proposal below uses it."))
                return redirect("bodies:staff-minutes-names", slug, pk)
        return render(request, "bodies/staff/minutes_review.html", _context(meeting, people_form=form))
    if action == "confirm":
        form = ConfirmForm(request.POST, prefix="confirm")
        if form.is_valid():
            try:
                meeting = services.meeting_minutes_names_confirm(
                    meeting=meeting,
                    text=form.cleaned_data["text"],
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
            except ValidationError as error:
                _refused(form, error)
            else:
                if meeting.minutes_names_removed_at:
                    messages.success(request, _("The minutes without names are now on the web."))
                else:
                    messages.success(
                        request, _("Confirmed. The text replaces the minutes on the web when the appeal period ends.")
                    )
                return redirect("bodies:staff-minutes-names", slug, pk)
        return render(request, "bodies/staff/minutes_review.html", _context(meeting, confirm_form=form))
    raise Http404("Unknown action.")
