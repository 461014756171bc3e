"""The yearly list as CSV and PDF, built from the same selector and partials as its HTML preview."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from initiatives.annual import AnnualList
from initiatives.models import Initiative
from initiatives.publication import public_initiator, public_title
from osallisuus.pdf import render_pdf
from osallisuus.spreadsheets import spreadsheet_csv


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


class AnnualListReport:
    """Renders one AnnualList; the HTML preview uses the same template partial as the PDF."""

    template_name = "initiatives/annual/reports/list_pdf.html"

    def __init__(self, listing: AnnualList, *, language: str = "fi") -> None:
        self.listing = listing
        self.language = language

    def context(self) -> dict:
        return {"listing": self.listing, "region_name": settings.REGION_NAME}

    def pdf(self) -> bytes:
        with translation.override(self.language):
            return render_pdf(self.template_name, self.context())

    def csv(self) -> bytes:
        """For spreadsheets (osallisuus.spreadsheets)."""
        with translation.override(self.language):
            return spreadsheet_csv(
                [
                    _("Organ"),
                    _("Reference"),
                    _("Arrived"),
                    _("Title"),
                    _("Initiator"),
                    _("Notice sent"),
                    _("Notice within a month"),
                    _("State"),
                    _("Decision"),
                    _("Measures"),
                    _("Declared fully processed"),
                ],
                (
                    self._row(group.organ, initiative)
                    for group in self.listing.groups
                    for initiative in group.initiatives
                ),
            )

    @staticmethod
    def _row(organ, initiative: Initiative) -> list:
        met = initiative.notice_met_deadline
        notice_on_time = "" if met is None else (_("yes") if met else _("no"))
        decision = ""
        if initiative.decision_date:
            decision = f"{initiative.decision_organ} {_date(initiative.decision_date)} {initiative.decision_section}"
        declared = str(initiative.declared_processed_in) if initiative.declared_processed_in else ""
        return [
            organ.localized_name if organ else _("Not yet assigned"),
            initiative.reference,
            _date(initiative.arrived_on),
            public_title(initiative),
            public_initiator(initiative),
            _date(initiative.notice_sent_on),
            notice_on_time,
            initiative.get_status_display(),
            decision.strip(),
            initiative.measures,
            declared,
        ]
