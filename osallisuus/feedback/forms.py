"""Forms of accessibility feedback. They validate only: storing goes through osallisuus.feedback.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from osallisuus import spam

# Tests set these through monkeypatch (the browser tests run the live server in the same process).
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 60 * 60
FORM_SALT = "osallisuus.feedback.form-token"


def form_token_new() -> str:
    return spam.form_token_new(salt=FORM_SALT)


class FeedbackForm(forms.Form):
    """The public feedback form of the accessibility statement: only the feedback itself is required."""

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
    # Spam defence: a field people leave empty (hidden from them and from assistive technology), and the token.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.submission_key: str | None = None
        self.token_error: spam.FormTokenError | None = None

    def clean(self) -> dict:
        cleaned = super().clean()
        # Both spam checks are errors of the whole form: the fields themselves are not for people to fill in.
        if cleaned.get("homepage"):
            self.add_error(
                None,
                _("A hidden field meant to stop spam was filled in, perhaps by your browser. Send the form again."),
            )
        try:
            token = spam.form_token_check(
                cleaned.get("form_token", ""),
                salt=FORM_SALT,
                min_fill_seconds=MIN_FILL_SECONDS,
                max_age_seconds=MAX_FORM_AGE_SECONDS,
            )
            self.submission_key = token.submission_key
        except spam.FormTokenError as error:
            self.token_error = error
            self.add_error(None, error.message)
        return cleaned

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
