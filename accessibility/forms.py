"""Forms of accessibility feedback. They validate only: storing goes through accessibility.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from osallisuus import spam


class FeedbackForm(spam.SpamProtectedForm):
    """The public feedback form of the accessibility statement: only the feedback itself is required."""

    # Named after the module the form once lived in (osallisuus.feedback): a form shown before the move still sends.
    signing_salt = "osallisuus.feedback.form-token"

    message = forms.CharField(
        label=_("Your feedback"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What did not work, or what content do you need in another form? Do not write health or other "
            "sensitive details."
        ),
        error_messages={"required": _("Write your feedback.")},
    )
    page_url = forms.CharField(
        label=_("Page (optional)"),
        max_length=500,
        required=False,
        help_text=_("The address or name of the page, e.g. the initiative form."),
    )
    sender_name = forms.CharField(
        label=_("Name (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a receipt and our answer to this address. Without it we cannot answer you."),
        error_messages={"invalid": _("Write the email address in the form name@example.fi.")},
    )

    def service_arguments(self) -> dict:
        """The cleaned values as keyword arguments of services.accessibility_feedback_receive."""
        data = self.cleaned_data
        return {
            "message": data["message"],
            "page_url": data["page_url"],
            "sender_name": data["sender_name"],
            "email": data["email"],
            "submission_key": self.submission_key,
        }


class MarkAnsweredForm(forms.Form):
    answer_note = forms.CharField(
        label=_("How was the sender answered?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. answered by email on 3.12., the missing text alternatives were added."),
        error_messages={"required": _("Tell how the sender was answered.")},
    )
