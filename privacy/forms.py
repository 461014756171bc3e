"""The access request form: the email address or name the registry searches for."""

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _


class AccessRequestForm(forms.Form):
    query = forms.CharField(
        label=_("Email address or name"),
        max_length=254,
        help_text=_(
            "The address or the whole name exactly as the person gave it (capital letters do not matter). "
            "Search again with the other one if the person gave both."
        ),
    )

    def clean_query(self) -> str:
        query = " ".join(self.cleaned_data["query"].split())
        if "@" in query:
            validate_email(query)
        elif len(query) < 3:
            raise forms.ValidationError(_("Write the whole name, at least three letters."))
        return query
