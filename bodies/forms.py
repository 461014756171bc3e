"""Forms of the staff workspace. They only validate; the views hand the cleaned data to `bodies.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bodies.models import AgendaItem, Attendance, Meeting, Membership, Seat, Statement
from osallisuus.forms import LocalizedNameChoiceField
from osallisuus.models import Municipality, Organ
from osallisuus.uploads import check_pdf_upload

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TermForm(forms.Form):
    start = forms.DateField(label=_("Start"), widget=DATE)
    end = forms.DateField(label=_("End"), widget=DATE)
    municipal_seats = forms.BooleanField(label=_("Add one seat for each municipality"), required=False, initial=True)
    open_call_seats = forms.IntegerField(
        label=_("Number of open-call seats"), min_value=0, max_value=20, initial=0, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("A term must end after it starts."))
        return data


class SeatForm(forms.Form):
    municipality = LocalizedNameChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        required=False,
        help_text=_("Leave empty for an open-call seat."),
    )
    label = forms.CharField(label=_("Label"), max_length=100, required=False, help_text=_("For example Open call 6."))

    def clean(self):
        data = super().clean()
        if not data.get("municipality") and not data.get("label"):
            self.add_error("label", _("An open-call seat needs a label, for example Open call 1."))
        return data


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = [
            "member_name",
            "member_email",
            "member_phone",
            "deputy_name",
            "deputy_email",
            "deputy_phone",
            "role",
            "start",
            "end",
        ]
        widgets = {"start": DATE, "end": DATE}


class MembershipEditForm(MembershipForm):
    class Meta(MembershipForm.Meta):
        fields = [f for f in MembershipForm.Meta.fields if f != "start"]
        help_texts = {"end": _("Set the end date when the member leaves the seat.")}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "ends_at", "place", "remote_url"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class AttendanceForm(forms.Form):
    """One choice per seat filled on the meeting day: member present, deputy present, or absent."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"seat_{row.seat.pk}"] = forms.ChoiceField(
                label=str(row.seat),
                choices=Attendance.Attendee.choices,
                initial=row.attendee or Attendance.Attendee.ABSENT,
                widget=forms.RadioSelect,
            )

    def attendance(self) -> dict[Seat, str]:
        """The chosen attendance of each seat (the rows list seats as columns; the service takes the models)."""
        seats = Seat.objects.in_bulk([row.seat.pk for row in self.rows])
        return {seats[row.seat.pk]: self.cleaned_data[f"seat_{row.seat.pk}"] for row in self.rows}

    def bound_rows(self) -> list:
        return [(row, self[f"seat_{row.seat.pk}"]) for row in self.rows]


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea,
        help_text=Meeting._meta.get_field("minutes_text").help_text,
    )
    file = forms.FileField(
        label=_("Minutes as PDF"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def clean_file(self):
        file = self.cleaned_data.get("file")
        return check_pdf_upload(file) if file else file


class PublishMinutesForm(forms.Form):
    approved_on = forms.DateField(label=_("Minutes approved on"), widget=DATE)


class StatementForm(forms.ModelForm):
    requested_by = forms.ModelChoiceField(
        label=_("Requested by"), queryset=Organ.objects.filter(is_active=True), required=False
    )

    initiative_reference = forms.CharField(
        label=_("Initiative"),
        required=False,
        max_length=12,
        help_text=_("The reference of the initiative the statement is about, for example 2026-0042."),
    )

    class Meta:
        model = Statement
        fields = ["subject", "requested_by", "requested_by_other", "given_on", "text", "attachment"]
        widgets = {"given_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.initiative_id:
            self.initial["initiative_reference"] = self.instance.initiative.reference

    def clean_initiative_reference(self):
        reference = self.cleaned_data["initiative_reference"].strip()
        if not reference:
            return None
        initiatives = Statement._meta.get_field("initiative").related_model.objects
        initiative = initiatives.filter(reference=reference).first()
        if initiative is None:
            raise forms.ValidationError(
                _("No initiative has the reference %(reference)s."), params={"reference": reference}
            )
        return initiative

    def clean_attachment(self):
        file = self.cleaned_data.get("attachment")
        # A new upload has a content type; the file already stored does not and was checked when it came.
        return check_pdf_upload(file) if file and hasattr(file, "content_type") else file

    def clean(self):
        data = super().clean()
        if not data.get("requested_by") and not data.get("requested_by_other"):
            self.add_error("requested_by", _("Say who asked for the statement."))
        return data


class PdfUploadsAdminForm(forms.ModelForm):
    """The admin's form of a model with uploaded PDFs: each new upload is checked by content and size like on the
    staff pages (osallisuus.uploads.check_pdf_upload)."""

    pdf_fields: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for name in self.pdf_fields:
            file = data.get(name)
            if file and hasattr(file, "content_type"):  # a new upload, not the file already stored
                try:
                    check_pdf_upload(file)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data


class MeetingAdminForm(PdfUploadsAdminForm):
    pdf_fields = ("minutes_file",)

    class Meta:
        model = Meeting
        fields = "__all__"  # noqa: DJ007  (the admin shows every field)


class StatementAdminForm(PdfUploadsAdminForm):
    pdf_fields = ("attachment",)

    class Meta:
        model = Statement
        fields = "__all__"  # noqa: DJ007
