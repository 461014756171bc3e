"""Retention of initiators' personal data (GDPR art. 5(1)(e) storage limitation; DOMAIN.md "Publicity and personal
data": contact details are removed a set time after the initiative is declared fully processed).

The rule, run daily by `manage.py apply_retention`:

- The clock starts when the initiator has been sent the final notice AND the initiative has been declared fully
  processed (loppuun käsitelty), on the later of the two days; for a message re-classified as feedback or a personal
  application (it never reaches a yearly list, and the matter was handed elsewhere), when it was re-classified. That
  rule is `InitiativeQuerySet.retention_started_before`. The data is kept `RETENTION_INITIATOR_CONTACT_DAYS` days
  after that day; on the next day the initiative loses:
  the initiator's email, phone, postal address and grounds of membership; the hearing notes and the message to the
  sender (both name or quote the initiator); the co-initiators' names; every attachment (the file is deleted from
  storage and its row with the sender's file name); and the address, text and delivery error text (a refusing mail
  server names the address) of every email sent about it.
  When a consenting initiator's name is removed, the stored yearly-list PDFs of the years the initiative was on
  (which show that name) are deleted too; they are made again from the cleaned data when asked for.
- The initiator's name stays only when the initiator allowed publishing it and the initiative is published: then
  the name is already public with consent, on the page that is the public record of the matter. Otherwise the name
  is replaced by `REMOVED` (a required field cannot be empty).
- Kept: the reference, dates, kind of initiator, home municipality, title, text, public text, decisions and measures
  (the initiative is a public document, 621/1999, kept as the county's archive rules require), and the emails'
  kind, subject (the reference only) and delivery times, which prove that the notices were sent.
- History rows (django-simple-history) of the initiative and its co-initiators are updated to the same removed
  values, so the audit trail keeps who changed what and when but no longer the personal data. One new history row
  records the removal itself.
- Messages that carry a tracking link to every initiative of one address (no single initiative) lose their address,
  text and error text the same number of days after they were created.
- An email whose address was removed is never sent afterwards (OutboxQuerySet.awaiting_delivery).

Idempotent: a cleaned initiative no longer matches (nothing left to remove), so a second run changes nothing.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from initiatives.models import AnnualReportFile, Attachment, CoInitiator, Initiative
from osallisuus.history import save_with_history
from osallisuus.models import OutboxMessage

REMOVED = "[…]"

# What an email about an initiative loses: its address, its text (the private link) and the error text.
MESSAGE_FIELDS = {"recipient": "", "body": "", "last_error": ""}

CONTACT_FIELDS = {"email": "", "phone": "", "postal_address": "", "membership_grounds": ""}
NOTE_FIELDS = {"hearing_notes": "", "reclassification_message": ""}


@dataclass(frozen=True)
class InitiativeRetentionResult:
    initiatives: int = 0
    attachments: int = 0
    co_initiators: int = 0
    messages: int = 0
    history_rows: int = 0
    yearly_list_files: int = 0


def retention_cutoff(today: datetime.date) -> datetime.date:
    """Initiatives whose clock started before this date are cleaned: the data is kept for
    `RETENTION_INITIATOR_CONTACT_DAYS` days after the day the clock started and removed on the next day."""
    return today - datetime.timedelta(days=settings.RETENTION_INITIATOR_CONTACT_DAYS)


def _holds_message_data() -> Q:
    return Q(*[~Q(**{name: ""}) for name in MESSAGE_FIELDS], _connector=Q.OR)


def _name_is_kept() -> Q:
    return Q(name_publication_consent=True, publication_state=Initiative.Publication.PUBLISHED) & ~Q(
        status=Initiative.Status.RECLASSIFIED
    )


def initiatives_past_retention(today: datetime.date) -> QuerySet[Initiative]:
    """Initiatives past their retention day that still hold personal data to remove."""
    holds_data = (
        ~Q(email="")
        | ~Q(phone="")
        | ~Q(postal_address="")
        | ~Q(membership_grounds="")
        | ~Q(hearing_notes="")
        | ~Q(reclassification_message="")
        | (~_name_is_kept() & ~Q(name=REMOVED))
        | Exists(Attachment.objects.filter(initiative=OuterRef("pk")))
        | Exists(CoInitiator.objects.filter(initiative=OuterRef("pk")).exclude(name=REMOVED))
        | Exists(OutboxMessage.objects.about_rows_of(Initiative).filter(_holds_message_data(), about_id=OuterRef("pk")))
    )
    return Initiative.objects.retention_started_before(retention_cutoff(today)).filter(holds_data).order_by("pk")


def tracking_messages_past_retention(today: datetime.date) -> QuerySet[OutboxMessage]:
    """Tracking-link messages (about every initiative of one address) created before the cutoff, not yet cleaned."""
    cutoff = retention_cutoff(today)
    return OutboxMessage.objects.filter(
        _holds_message_data(),
        kind=OutboxMessage.Kind.TRACKING_LINK,
        about_id__isnull=True,
        created_at__date__lt=cutoff,
    )


def _cleaned_fields(initiative: Initiative) -> dict[str, str]:
    fields = {**CONTACT_FIELDS, **NOTE_FIELDS}
    keeps_name = (
        initiative.name_publication_consent
        and initiative.publication_state == Initiative.Publication.PUBLISHED
        and initiative.status != Initiative.Status.RECLASSIFIED
    )
    if not keeps_name:
        fields["name"] = REMOVED
    return fields


def initiatives_apply_retention(*, today: datetime.date, dry_run: bool = False) -> InitiativeRetentionResult:
    """Remove the personal data of initiatives past their retention day (rules in the module docstring)."""
    candidates = list(initiatives_past_retention(today))
    messages = tracking_messages_past_retention(today)
    if dry_run:
        ids = [i.pk for i in candidates]
        return InitiativeRetentionResult(
            initiatives=len(candidates),
            attachments=Attachment.objects.filter(initiative_id__in=ids).count(),
            co_initiators=CoInitiator.objects.filter(initiative_id__in=ids).exclude(name=REMOVED).count(),
            messages=OutboxMessage.objects.about_rows_of(Initiative)
            .filter(_holds_message_data(), about_id__in=ids)
            .count()
            + messages.count(),
        )
    totals = {
        "initiatives": 0,
        "attachments": 0,
        "co_initiators": 0,
        "messages": 0,
        "history_rows": 0,
        "yearly_list_files": 0,
    }
    for initiative in candidates:
        counts = _clean_initiative(initiative)
        for key, value in counts.items():
            totals[key] += value
    totals["messages"] += messages.update(**MESSAGE_FIELDS)
    return InitiativeRetentionResult(**totals)


@transaction.atomic
def _clean_initiative(initiative: Initiative) -> dict[str, int]:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    fields = _cleaned_fields(initiative)
    history_rows = Initiative.history.model.objects.filter(id=initiative.pk).update(**fields)

    co_initiators = CoInitiator.objects.filter(initiative=initiative).exclude(name=REMOVED)
    co_ids = list(CoInitiator.objects.filter(initiative=initiative).values_list("pk", flat=True))
    co_count = co_initiators.update(name=REMOVED)
    history_rows += CoInitiator.history.model.objects.filter(id__in=co_ids).exclude(name=REMOVED).update(name=REMOVED)

    attachments = list(Attachment.objects.filter(initiative=initiative))
    files = [attachment.file for attachment in attachments]
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()

    # The yearly list names an initiator who consented (Initiative.public_initiator): its stored PDFs of the years
    # the initiative was on lose the name by being deleted; asked for again, a list is made from the cleaned data.
    list_files = []
    if fields.get("name") == REMOVED and initiative.name != REMOVED and initiative.name_publication_consent:
        declaration = initiative.declared_processed_in
        last_year = declaration.list_year if declaration else None
        on_lists = AnnualReportFile.objects.filter(year__gte=initiative.arrival_year)
        if last_year is not None:
            on_lists = on_lists.filter(year__lte=last_year)
        list_files = list(on_lists)
        files += [report.file for report in list_files]
        AnnualReportFile.objects.filter(pk__in=[report.pk for report in list_files]).delete()
    # Files go only once the rows are gone for good: a rolled-back transaction must not lose a file it still needs.
    transaction.on_commit(lambda: [file.storage.delete(file.name) for file in files if file.name])

    message_count = OutboxMessage.objects.about(initiative).filter(_holds_message_data()).update(**MESSAGE_FIELDS)

    for name, value in fields.items():
        setattr(initiative, name, value)
    save_with_history(
        initiative, user=None, reason=_("Personal data removed: the retention period ended"), validate=False
    )
    return {
        "initiatives": 1,
        "attachments": len(attachments),
        "co_initiators": co_count,
        "messages": message_count,
        "history_rows": history_rows,
        "yearly_list_files": len(list_files),
    }
