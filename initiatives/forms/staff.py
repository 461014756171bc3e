"""Forms of the staff workspace. They validate only; the views pass the cleaned data to initiatives.services.

Field names are the keyword arguments of the service each form feeds, so a service's ValidationError about a field
lands on that field."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from initiatives.forms.public import OptionsSelect
from initiatives.models import Initiative, NoticeState
from initiatives.models.initiative import DUE_SOON_WORKING_DAYS
from osallisuus.forms import LocalizedNameChoiceField, QueryChoiceIterator
from osallisuus.models import Organ, User
from osallisuus.roles import Role


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def model_field(name: str, **overrides) -> forms.Field:
    """The form field of an Initiative field: its translated label and help text are written once, on the model."""
    field = Initiative._meta.get_field(name).formfield(**overrides)
    if isinstance(field, forms.DateField):
        field.widget = DateInput()
    return field


def handler_users() -> "forms.models.QuerySet[User]":
    return User.objects.filter(is_active=True, groups__name=Role.HANDLER).order_by("first_name", "last_name")


def active_organs() -> "forms.models.QuerySet[Organ]":
    return Organ.objects.filter(is_active=True)


class PlainModelChoiceField(forms.ModelChoiceField):
    """A model choice field whose choices are read with one plain query (QueryChoiceIterator)."""

    iterator = QueryChoiceIterator


class WorkspaceFilterForm(forms.Form):
    """Filters of the workspace list. An empty state shows the open initiatives, the ones needing action first."""

    STATES = [
        ("", _("Open")),
        ("overdue", _("Notice overdue")),
        ("due_soon", _("Notice due soon")),
        ("awaiting_notice", _("Awaiting the notice")),
        ("notice_sent_late", _("Notice sent late")),
        ("answered", _("Answered")),
        ("reclassified", _("Not an initiative")),
        ("all", _("All")),
    ]

    # The selects are written in Python (OptionsSelect), and the organs' and handlers' choices read with one plain
    # query each, the organs' names only (Django's select widget and choice iterator were a third of the workspace's
    # rendering time). Their querysets are built once, here: each form gets a clone.
    state = forms.ChoiceField(label=_("Show"), choices=STATES, required=False, widget=OptionsSelect)
    organ = LocalizedNameChoiceField(
        label=_("Competent authority"),
        queryset=Organ.objects.all(),
        required=False,
        empty_label=_("All"),
        widget=OptionsSelect,
    )
    handler = PlainModelChoiceField(
        label=_("Handler"),
        queryset=handler_users().only("username", "first_name", "last_name"),
        required=False,
        empty_label=_("All"),
        widget=OptionsSelect,
    )


def not_in_future(value):
    if value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


class RegisterForm(forms.Form):
    """An initiative that came by paper or email, registered by the registry with its real arrival date.

    Before saving, an arrival whose notice deadline has passed or is near (Initiative.notice_state: OVERDUE or
    DUE_SOON) or that lies before the previous calendar year comes back with a warning and a confirmation box
    (`confirmations`); it is saved only once the box is ticked."""

    CONFIRMATIONS = ("confirm_deadline", "confirm_old_arrival")

    channel = forms.ChoiceField(
        label=_("Arrived by"),
        choices=[(channel.value, channel.label) for channel in (Initiative.Channel.PAPER, Initiative.Channel.EMAIL)],
        widget=forms.RadioSelect,
    )
    arrived_on = model_field(
        "arrived_on",
        help_text=_("The date the initiative arrived at the region. The one-month notice deadline counts from it."),
        validators=[not_in_future],
    )
    register_number = model_field("register_number")
    title = model_field("title")
    text = model_field("text")
    service = model_field("service", help_text=_("Only for a service user's initiative."))
    initiator_kind = model_field("initiator_kind", widget=forms.RadioSelect)
    membership_grounds = model_field("membership_grounds")
    name = model_field("name", help_text=_("The contact person, or the first signatory."))
    home_municipality = model_field("home_municipality")
    email = model_field("email")
    postal_address = model_field("postal_address", widget=forms.Textarea(attrs={"rows": 3}))
    phone = model_field("phone")
    letter_language = model_field("letter_language")
    name_publication_consent = model_field("name_publication_consent")
    confirm_deadline = forms.BooleanField(
        label=_("Register it although the notice deadline has passed or is near"), required=False
    )
    confirm_old_arrival = forms.BooleanField(label=_("The arrival date is right"), required=False)

    field_order = [
        "channel",
        "arrived_on",
        "register_number",
        "title",
        "text",
        "initiator_kind",
        "membership_grounds",
        "service",
        "name",
        "home_municipality",
        "email",
        "postal_address",
        "phone",
        "letter_language",
        "name_publication_consent",
        *CONFIRMATIONS,
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A radio list without the empty choice of a required model field.
        self.fields["initiator_kind"].choices = Initiative.InitiatorKind.choices
        self.confirmations_needed: list[str] = []

    def service_arguments(self) -> dict:
        """The cleaned data as initiative_create's keyword arguments (the confirmations are the form's own)."""
        return {name: value for name, value in self.cleaned_data.items() if name not in self.CONFIRMATIONS}

    def entry_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.CONFIRMATIONS]

    def confirmations(self) -> list[forms.BoundField]:
        """The confirmation boxes the arrival date calls for, each with its warning; none until the form is sent."""
        return [self[name] for name in self.confirmations_needed]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("arrived_on"):
            self._warn_about(data["arrived_on"])
        if not data.get("email") and not data.get("postal_address"):
            raise forms.ValidationError(_("Give an email address or a postal address so that we can answer."))
        return data

    def _warn_about(self, arrived_on: datetime.date) -> None:
        today = timezone.localdate()
        arriving = Initiative(arrived_on=arrived_on, notice_due_on=Initiative.notice_deadline_for(arrived_on))
        due = date_format(arriving.notice_due_on, "SHORT_DATE_FORMAT")
        state = arriving.notice_state(today)
        if state == NoticeState.OVERDUE:
            self._ask_to_confirm(
                "confirm_deadline",
                _(
                    "The one-month notice deadline, %(due)s, has already passed. The receipt tells the initiator "
                    "that the notice is late and comes as soon as possible."
                )
                % {"due": due},
            )
        elif state == NoticeState.DUE_SOON:
            self._ask_to_confirm(
                "confirm_deadline",
                ngettext(
                    "The one-month notice deadline, %(due)s, is within %(days)d working day.",
                    "The one-month notice deadline, %(due)s, is within %(days)d working days.",
                    DUE_SOON_WORKING_DAYS,
                )
                % {"due": due, "days": DUE_SOON_WORKING_DAYS},
            )
        if arrived_on.year < today.year - 1:
            self._ask_to_confirm(
                "confirm_old_arrival",
                _("The arrival date %(arrived)s is before the previous calendar year. Check that it is right.")
                % {"arrived": date_format(arrived_on, "SHORT_DATE_FORMAT")},
            )

    def _ask_to_confirm(self, name: str, warning: str) -> None:
        """Show the warning with its box: as the box's help once ticked, as its error until then."""
        self.confirmations_needed.append(name)
        if self.cleaned_data.get(name):
            # The bound field copied the field's help text when the form was cleaned: set both.
            self.fields[name].help_text = self[name].help_text = warning
        else:
            instruction = _("Tick the box to register it all the same.")
            self.add_error(name, f"{warning} {instruction}")


class AssignForm(forms.Form):
    handling_organ = forms.ModelChoiceField(
        label=_("Competent authority"), queryset=Organ.objects.none(), required=False
    )
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=User.objects.none(), required=False)
    reason = forms.CharField(label=_("Note for the history"), max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handling_organ"].queryset = active_organs()
        self.fields["handler"].queryset = handler_users()


class NoticeForm(forms.Form):
    """The one-month notice: who handles it, the estimated processing time and whom to ask."""

    handling_organ = forms.ModelChoiceField(label=_("Competent authority"), queryset=Organ.objects.none())
    estimated_completion = forms.DateField(
        label=_("Estimated completion"),
        help_text=_("The date by which the processing is expected to be complete."),
        widget=DateInput(),
    )
    info_contact_name = model_field("info_contact_name", required=True)
    info_contact_email = model_field("info_contact_email")
    info_contact_phone = model_field("info_contact_phone")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handling_organ"].queryset = active_organs()

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("info_contact_email") and not data.get("info_contact_phone"):
            raise forms.ValidationError(_("Give an email address or a phone number for the contact person."))
        return data


class HearingForm(forms.Form):
    """611/2021 30 §: the initiators' representatives are offered a chance to be heard."""

    offered_on = forms.DateField(label=_("Hearing offered on"), widget=DateInput(), validators=[not_in_future])
    held_on = forms.DateField(
        label=_("Hearing held on"),
        required=False,
        help_text=_("Leave empty if the hearing has not been held or the offer was declined."),
        widget=DateInput(),
        validators=[not_in_future],
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    outcome = model_field("outcome", widget=forms.RadioSelect, required=True)
    measures = model_field("measures", help_text=_("What was done or decided; this text goes to the initiator."))
    decision_organ = forms.ModelChoiceField(label=_("Decided by"), queryset=Organ.objects.none())
    decision_date = model_field("decision_date", required=True)
    decision_section = model_field("decision_section", help_text=_("The section of the minutes, e.g. § 12."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_organ"].queryset = active_organs()
        # A radio list without an empty choice: an outcome must be chosen.
        self.fields["outcome"].choices = Initiative.Outcome.choices


class FinalNoticeForm(forms.Form):
    """Nothing to fill: the final notice tells the recorded outcome and measures."""


class LetterPostedForm(forms.Form):
    """The day a notice's letter was posted: the notice counts as sent that day (services._record_posting checks it
    is not before the letter was prepared)."""

    posted_on = forms.DateField(
        label=_("Day the letter was posted"),
        help_text=_("The notice counts as sent on this day."),
        widget=DateInput(),
        validators=[not_in_future],
    )


class PublishForm(forms.Form):
    public_title = model_field(
        "public_title",
        help_text=_("Leave empty to publish the title as it is. Write a new one if the title tells who sent it."),
    )
    public_text = model_field(
        "public_text",
        help_text=_(
            "Leave empty to publish the text as it is. A service user's initiative is published only as a redacted "
            "text. Contact details are never published."
        ),
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(label=_("Why is it taken off the public pages?"), max_length=200)


class ReclassifyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("It is in fact"), choices=Initiative.Reclassification.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Message to the sender"),
        help_text=_("Tell the sender where their matter goes and who handles it. Sent by email when possible."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OutboxRetryForm(forms.Form):
    """Retry one message (its id) or, without one, every undelivered message; or, with the "give_up" button, give one
    message up (its id is then required)."""

    message = forms.IntegerField(required=False, min_value=1)
