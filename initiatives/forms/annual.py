from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from osallisuus.models import Organ


class OrganFilterForm(forms.Form):
    organ = forms.ModelChoiceField(
        label=_("Organ"),
        queryset=Organ.objects.filter(is_active=True),
        required=False,
        empty_label=_("All organs"),
    )


class DeclarationForm(forms.Form):
    """The council's decision: its meeting date and section, and the initiatives it declared fully processed."""

    organ = forms.ModelChoiceField(label=_("Decided by"), queryset=Organ.objects.filter(is_active=True))
    meeting_date = forms.DateField(label=_("Meeting date"), widget=forms.DateInput(attrs={"type": "date"}))
    section = forms.CharField(label=_("Section (§)"), max_length=20, help_text=_("For example § 45"))
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Declared fully processed"),
        queryset=Initiative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the initiatives the decision declared fully processed. The others stay on the next list."),
    )

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = candidates
        self.fields["initiatives"].label_from_instance = lambda i: f"{i.reference} {i.title}"
