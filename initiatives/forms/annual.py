from dataclasses import dataclass

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, InitiativeQuerySet
from osallisuus.models import Organ


class OrganFilterForm(forms.Form):
    organ = forms.ModelChoiceField(
        label=_("Organ"),
        queryset=Organ.objects.filter(is_active=True),
        required=False,
        empty_label=_("All organs"),
    )


@dataclass(frozen=True)
class UnfinishedChoice:
    """One initiative of the list whose final notice has not been sent: its state and its two checkboxes."""

    initiative: Initiative
    include: BoundWidget
    confirm: BoundWidget


class DeclarationForm(forms.Form):
    """The council's decision: its meeting date and section, and the initiatives it declared fully processed.

    The candidates are split by `InitiativeQuerySet.declarable()`: those whose final notice has been sent are offered
    as they are; the others are shown apart, and each one ticked needs its own confirmation. The service
    (initiatives_declare_processed) holds the rule and refuses an unconfirmed one; its error lands on
    `confirmed_unfinished`."""

    organ = forms.ModelChoiceField(label=_("Decided by"), queryset=Organ.objects.filter(is_active=True))
    meeting_date = forms.DateField(label=_("Meeting date"), widget=forms.DateInput(attrs={"type": "date"}))
    section = forms.CharField(label=_("Section (§)"), max_length=20, help_text=_("For example § 45"))
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Declared fully processed"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The initiatives whose final notice has been sent. Tick those the decision declared fully processed. "
            "The others stay on the next list."
        ),
    )
    unfinished = forms.ModelMultipleChoiceField(
        label=_("Final notice not sent"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirmed_unfinished = forms.ModelMultipleChoiceField(
        label=_("Confirmation"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates: InitiativeQuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        declarable = candidates.declarable()
        unfinished = candidates.exclude(pk__in=declarable.values("pk"))
        self.fields["initiatives"].queryset = declarable
        self.fields["initiatives"].label_from_instance = lambda i: f"{i.reference} {i.title}"
        self.fields["unfinished"].queryset = unfinished
        self.fields["unfinished"].label_from_instance = lambda i: (
            _("%(reference)s: declared fully processed") % {"reference": i.reference}
        )
        self.fields["confirmed_unfinished"].queryset = unfinished
        self.fields["confirmed_unfinished"].label_from_instance = lambda i: (
            _(
                "%(reference)s: I confirm that the decision declared it fully processed although the final notice has "
                "not been sent"
            )
            % {"reference": i.reference}
        )

    def unfinished_choices(self) -> list[UnfinishedChoice]:
        """The initiatives without a final notice, each with its checkbox and its confirmation checkbox."""
        confirmations = {str(widget.data["value"]): widget for widget in self["confirmed_unfinished"]}
        return [
            UnfinishedChoice(
                initiative=widget.data["value"].instance,
                include=widget,
                confirm=confirmations[str(widget.data["value"])],
            )
            for widget in self["unfinished"]
        ]

    def clean(self) -> dict:
        data = super().clean()
        stray = set(data.get("confirmed_unfinished", ())) - set(data.get("unfinished", ()))
        if stray:
            self.add_error(
                "confirmed_unfinished",
                _("You confirmed %(references)s but did not tick it as declared fully processed.")
                % {"references": ", ".join(sorted(i.reference for i in stray))},
            )
        return data

    def declared(self) -> list[Initiative]:
        """Every initiative ticked as declared fully processed, with or without a final notice."""
        return [*self.cleaned_data["initiatives"], *self.cleaned_data["unfinished"]]
