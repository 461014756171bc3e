"""Making the yearly list's PDF in the background: request it (reusing an unchanged one), then generate it."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from initiatives.annual import annual_list, annual_list_fingerprint
from initiatives.models import AnnualReportFile
from initiatives.reports import AnnualListReport
from osallisuus.models import Organ, User

logger = logging.getLogger(__name__)
State = AnnualReportFile.State


@transaction.atomic
def annual_list_file_request(*, user: User, year: int, organ: Organ | None) -> AnnualReportFile:
    """The PDF of the list as it is now: an existing file when the list is unchanged (or already being made),
    otherwise a new request handed to the background task after commit."""
    fingerprint = annual_list_fingerprint(annual_list(year=year, organ=organ))
    existing = (
        AnnualReportFile.objects.filter(year=year, organ=organ, fingerprint=fingerprint)
        .exclude(state=State.FAILED)
        .first()
    )
    if existing is not None:
        return existing
    report_file = AnnualReportFile.objects.create(year=year, organ=organ, fingerprint=fingerprint, requested_by=user)
    transaction.on_commit(lambda: _enqueue(report_file.pk))
    return report_file


def _enqueue(file_id: int) -> None:
    generate_annual_list_pdf.enqueue(file_id)


@task()
def generate_annual_list_pdf(file_id: int) -> str:
    """Render a requested yearly list PDF and store it on its AnnualReportFile row."""
    return annual_list_file_generate(file_id=file_id)


def annual_list_file_generate(*, file_id: int) -> str:
    """Render the PDF of a requested file; the state tells the progress page where it stands."""
    with transaction.atomic():
        report_file = AnnualReportFile.objects.select_for_update().get(pk=file_id)
        if report_file.state == State.DONE:
            return report_file.state
        report_file.state = State.RUNNING
        report_file.save(update_fields=["state"])
    try:
        listing = annual_list(year=report_file.year, organ=report_file.organ)
        pdf = AnnualListReport(listing).pdf()
    except Exception as error:
        logger.exception("Yearly list %s could not be made", file_id)
        report_file.state = State.FAILED
        report_file.error = f"{type(error).__name__}: {error}"[:2000]
        report_file.save(update_fields=["state", "error"])
        return report_file.state
    report_file.file.save(f"aloitteet-{report_file.year}.pdf", ContentFile(pdf), save=False)
    report_file.state = State.DONE
    report_file.finished_at = timezone.now()
    report_file.save(update_fields=["file", "state", "finished_at"])
    return report_file.state
