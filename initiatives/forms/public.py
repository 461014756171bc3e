"""Forms of the public pages. They validate only: storing goes through initiatives.services."""

import html
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from initiatives.models import Initiative
from initiatives.services import AttachmentData, CoInitiatorData
from osallisuus.forms import LocalizedNameChoiceField
from osallisuus.models import Municipality, Organ
from osallisuus.spam import SpamProtectedForm
from osallisuus.uploads import is_too_large

Kind = Initiative.InitiatorKind

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# The file types accepted, recognised by their first bytes (never by the name the sender gave).
FILE_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
CO_INITIATOR_ROWS = 5
# The kinds whose home municipality (or domicile) in the region is itself the grounds of membership (611/2021 3 §).
KINDS_NEEDING_MUNICIPALITY = {Kind.RESIDENT, Kind.MUNICIPALITY, Kind.ORGANISATION}
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{5,30}$")


def detect_file_type(upload: UploadedFile) -> str | None:
    """The content type of an accepted file judged by its first bytes, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, content_type in FILE_SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); cleans to a list of uploaded files."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


def clean_attachments(files: list[UploadedFile]) -> list[AttachmentData]:
    """At most five PDF, JPEG or PNG files of 10 MB each, checked by content. A file too big is refused by its
    size; past the limit its bytes were never kept (osallisuus.uploads.UploadSizeLimitHandler)."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            ngettext_lazy("You can attach at most %(limit)d file.", "You can attach at most %(limit)d files.", "limit"),
            params={"limit": MAX_ATTACHMENTS},
        )
    errors, cleaned = [], []
    for upload in files:
        if upload.size > MAX_ATTACHMENT_BYTES or is_too_large(upload):
            errors.append(
                ValidationError(
                    _("The file “%(name)s” is larger than 10 MB."), params={"name": upload.name}, code="too_big"
                )
            )
            continue
        content_type = detect_file_type(upload)
        if content_type is None:
            errors.append(
                ValidationError(
                    _("The file “%(name)s” is not a PDF, JPEG or PNG file."),
                    params={"name": upload.name},
                    code="file_type",
                )
            )
            continue
        cleaned.append(AttachmentData(original_name=upload.name, content_type=content_type, content=upload.read()))
    if errors:
        raise ValidationError(errors)
    return cleaned


class InitiativeForm(SpamProtectedForm):
    """The public initiative form. Validates every rule of Satakunta's administrative rules that a form can check:
    what the matter is, the initiator's name, home municipality (or other grounds) and contact details."""

    initiator_kind = forms.ChoiceField(
        label=_("I make the initiative as"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        help_text=_("Anyone who lives in the region or uses its services may make an initiative."),
    )
    service = forms.CharField(
        label=_("Service concerned"),
        max_length=300,
        required=False,
        help_text=_("Only if you use a service of the region: which service, e.g. home care in Pori."),
    )
    membership_grounds = forms.CharField(
        label=_("Property in the region"),
        max_length=300,
        required=False,
        help_text=_("Only if you own or hold property in the region: its municipality and address or name."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Your name, or the name of the association or municipality."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    home_municipality = LocalizedNameChoiceField(
        label=_("Home municipality or domicile"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=_("Choose a municipality"),
        help_text=_("Property owners and service users who live outside the region may leave this empty."),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Give an email address or a postal address, or both. We send the answers there."),
    )
    postal_address = forms.CharField(
        label=_("Postal address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    letter_language = forms.ChoiceField(
        label=_("Language for letters"),
        choices=Initiative.Language.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("Say briefly what you propose."))
    text = forms.CharField(
        label=_("Your initiative"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What should change, and why? Do not write health or other sensitive details about anyone."),
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
        help_text=_("At most 5 files: PDF, JPEG or PNG, each at most 10 MB."),
    )
    name_publication_consent = forms.BooleanField(
        label=_("My name may be published with the initiative"),
        required=False,
        help_text=_(
            "Contact details are never published. Without your consent we show only the kind of initiator. "
            "A service user's name is never published."
        ),
    )
    signing_salt = "initiatives.form-token"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, CO_INITIATOR_ROWS + 1):
            self.fields[f"co_name_{number}"] = forms.CharField(
                label=_("Co-initiator %(number)d: name") % {"number": number}, max_length=200, required=False
            )
            self.fields[f"co_municipality_{number}"] = LocalizedNameChoiceField(
                label=_("Co-initiator %(number)d: home municipality") % {"number": number},
                queryset=Municipality.objects.all(),
                required=False,
                empty_label=_("Choose a municipality"),
            )

    def co_initiator_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"co_name_{n}"], self[f"co_municipality_{n}"]) for n in range(1, CO_INITIATOR_ROWS + 1)]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_PATTERN.match(phone):
            raise ValidationError(_("Write the phone number with digits, e.g. 040 123 4567 or +358 40 123 4567."))
        return phone

    def clean_attachments(self) -> list[AttachmentData]:
        return clean_attachments(self.cleaned_data.get("attachments") or [])

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("initiator_kind")
        if kind in KINDS_NEEDING_MUNICIPALITY and not cleaned.get("home_municipality"):
            self.add_error(
                "home_municipality", _("Choose the municipality where you live or where the association is based.")
            )
        if kind == Kind.PROPERTY and not cleaned.get("membership_grounds", "").strip():
            self.add_error("membership_grounds", _("Tell which property you own or hold in the region."))
        if kind == Kind.SERVICE_USER and not cleaned.get("service", "").strip():
            self.add_error("service", _("Tell which service of the region you use."))
        if "email" in cleaned and "postal_address" in cleaned and not (cleaned["email"] or cleaned["postal_address"]):
            self.add_error("email", _("Give an email address or a postal address so that we can answer you."))
        for number in range(1, CO_INITIATOR_ROWS + 1):
            if cleaned.get(f"co_municipality_{number}") and not cleaned.get(f"co_name_{number}", "").strip():
                self.add_error(f"co_name_{number}", _("Write the co-initiator's name or clear the municipality."))
        return cleaned

    def co_initiators(self) -> list[CoInitiatorData]:
        rows = [
            (self.cleaned_data.get(f"co_name_{n}", "").strip(), self.cleaned_data.get(f"co_municipality_{n}"))
            for n in range(1, CO_INITIATOR_ROWS + 1)
        ]
        return [CoInitiatorData(name=name, municipality=municipality) for name, municipality in rows if name]

    def service_arguments(self) -> dict:
        """The cleaned values as keyword arguments of services.initiative_create (besides arrival and channel)."""
        data = self.cleaned_data
        kind = data["initiator_kind"]
        return {
            "initiator_kind": kind,
            "membership_grounds": data["membership_grounds"].strip() if kind == Kind.PROPERTY else "",
            "name": data["name"].strip(),
            "home_municipality": data["home_municipality"],
            "email": data["email"],
            "postal_address": data["postal_address"].strip(),
            "phone": data["phone"],
            "letter_language": data["letter_language"],
            "name_publication_consent": data["name_publication_consent"],
            "title": data["title"].strip(),
            "text": data["text"].strip(),
            "service": data["service"].strip() if kind == Kind.SERVICE_USER else "",
            "co_initiators": self.co_initiators(),
            "attachments": data["attachments"],
            "submission_key": self.submission_key,
        }


class ResendLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("The address you gave in your initiative."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class OptionsSelect(forms.Select):
    """A `<select>` written in Python: the same HTML as Django's select widget, whose template includes a template
    and builds a dictionary per option (as much as the rest of a filter form's rendering). Without option groups,
    which the filters do not use."""

    def render(self, name: str, value, attrs: dict | None = None, renderer=None) -> str:
        chosen = self.format_value(value)
        options, found = [], False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            # As Django's ChoiceWidget.optgroups: the first option equal to the value is the selected one.
            selected = not found and option_value in chosen
            found |= selected
            mark = " selected" if selected else ""
            options.append(
                f'\n  <option value="{html.escape(option_value)}"{mark}>{conditional_escape(label)}</option>\n'
            )
        attributes = html_attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(  # noqa: S308 (every value and label above is escaped)
            f'<select name="{escape(name)}"{attributes}>{"".join(options)}\n</select>'
        )


def html_attributes(attrs: dict) -> str:
    """Attributes in their order, as Django's widget templates write them: `True` bare, `False` left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class InitiativeFilterForm(forms.Form):
    """The public list's filters and order; every field optional, unknown values are ignored."""

    SORTS = {
        "newest": ("-arrived_on", "-sequence"),
        "oldest": ("arrived_on", "sequence"),
        "title": ("title", "-arrived_on"),
    }

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=OptionsSelect)
    year = forms.TypedChoiceField(
        label=_("Year of arrival"), required=False, coerce=int, empty_value=None, widget=OptionsSelect
    )
    municipality = LocalizedNameChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=_("All"),
        widget=OptionsSelect,
    )
    organ = LocalizedNameChoiceField(
        label=_("Handled by"), queryset=Organ.objects.all(), required=False, empty_label=_("All"), widget=OptionsSelect
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        widget=OptionsSelect,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first")), ("title", _("By title"))],
    )

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        statuses = [c for c in Initiative.Status.choices if c[0] != Initiative.Status.RECLASSIFIED]
        self.fields["status"].choices = [("", _("All")), *statuses]
        self.fields["year"].choices = [("", _("All")), *((year, str(year)) for year in years)]

    def filters(self) -> dict:
        """The valid filters and search as keywords of selectors.public_list (the order aside)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "sort"}

    def ordering(self) -> tuple[str, ...]:
        sort = self.cleaned_data.get("sort") if self.is_valid() else None
        return self.SORTS.get(sort or "newest", self.SORTS["newest"])
