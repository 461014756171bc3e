"""The published initiatives as open data (CSV and JSON, CC BY 4.0): only what the public pages show, as the
publication policy (initiatives.publication) decides it."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.models import Initiative
from initiatives.publication import public_view
from osallisuus.spreadsheets import spreadsheet_csv

LICENCE = "CC BY 4.0"

# The columns of the CSV, in order; the JSON objects have the same keys.
FIELDS = [
    "reference",
    "arrived_on",
    "title",
    "text",
    "initiator",
    "home_municipality",
    "status",
    "status_label",
    "handling_organ",
    "notice_sent_on",
    "outcome",
    "outcome_label",
    "measures",
    "decision_organ",
    "decision_date",
    "decision_section",
    "declared_processed_on",
    "declared_processed_section",
    "url",
]


def open_data_initiatives() -> QuerySet[Initiative]:
    """The published initiatives with every relation the open data reads, in one query."""
    return (
        Initiative.objects.published()
        .select_related("home_municipality", "handling_organ", "decision_organ", "declared_processed_in")
        .order_by("arrived_on", "sequence")
    )


def _row(initiative: Initiative) -> dict:
    declared = initiative.declared_processed_in
    public = public_view(initiative)
    return {
        "reference": initiative.reference,
        "arrived_on": initiative.arrived_on,
        "title": public.title,
        "text": public.text,
        "initiator": public.initiator,
        "home_municipality": public.municipality.name if public.municipality else "",
        "status": initiative.status,
        "status_label": initiative.get_status_display(),
        "handling_organ": initiative.handling_organ.name if initiative.handling_organ else "",
        "notice_sent_on": initiative.notice_sent_on,
        "outcome": initiative.outcome,
        "outcome_label": initiative.get_outcome_display() if initiative.outcome else "",
        "measures": initiative.measures,
        "decision_organ": initiative.decision_organ.name if initiative.decision_organ else "",
        "decision_date": initiative.decision_date,
        "decision_section": initiative.decision_section,
        "declared_processed_on": declared.meeting_date if declared else None,
        "declared_processed_section": declared.section if declared else "",
        "url": settings.SITE_URL + reverse("initiatives:detail", args=[initiative.reference]),
    }


class OpenDataBuilder:
    """Builds the open data of a queryset of published initiatives (from `open_data_initiatives`); labels in
    Finnish, dates in ISO 8601."""

    def __init__(self, initiatives: QuerySet[Initiative]) -> None:
        self.initiatives = initiatives

    def rows(self) -> list[dict]:
        with translation.override("fi"):
            return [_row(initiative) for initiative in self.initiatives]

    def csv(self) -> bytes:
        """For spreadsheets (osallisuus.spreadsheets)."""
        return spreadsheet_csv(FIELDS, ([_iso(row[field]) for field in FIELDS] for row in self.rows()))

    def json(self) -> bytes:
        document = {
            "licence": LICENCE,
            "source": settings.REGION_NAME,
            "generated": timezone.now(),
            "initiatives": self.rows(),
        }
        return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def _iso(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value
