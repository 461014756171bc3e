"""Every change to an initiative. Each service is keyword-only, runs in a transaction, locks the row when the change
depends on its state, records history with the acting user and a reason, and sends email after commit."""

import datetime
import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from initiatives.models import Attachment, CoInitiator, Initiative, ProcessedDeclaration
from osallisuus.history import save_with_history
from osallisuus.models import Municipality, Organ, OutboxMessage, User
from osallisuus.outbox import outbox_enqueue
from osallisuus.uploads import atomic_with_files


class TransitionError(ValidationError):
    """The change is not allowed in the initiative's current state; the message is shown to the user."""


@dataclass(frozen=True)
class CoInitiatorData:
    name: str
    municipality: Municipality | None = None


@dataclass(frozen=True)
class AttachmentData:
    """A file already checked by content (initiatives.forms): its bytes, detected type and the sender's name."""

    original_name: str
    content_type: str
    content: bytes


def next_reference(year: int) -> tuple[int, str]:
    """The next sequence number of `year` and its reference (e.g. 2026-0042).

    One atomic upsert on the counter row: concurrent submissions on PostgreSQL queue on the row lock and each gets
    its own number; the unique constraint on (arrival_year, sequence) stands behind it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO initiatives_referencecounter (year, last) VALUES (%s, 1) "
            "ON CONFLICT (year) DO UPDATE SET last = initiatives_referencecounter.last + 1 RETURNING last",
            [year],
        )
        sequence = cursor.fetchone()[0]
    return sequence, f"{year}-{sequence:04d}"


def tracking_url(initiative: Initiative) -> str:
    return settings.SITE_URL + reverse("initiatives:track", args=[initiative.tracking_token])


def _email_initiator(initiative: Initiative, kind: OutboxMessage.Kind) -> None:
    """Queue a message to the initiator in their letter language; without an email address the letter is printed."""
    if initiative.email:
        outbox_enqueue(
            kind=kind,
            template=f"initiatives/email/{kind}",
            recipient=initiative.email,
            language=initiative.letter_language,
            about=initiative,
            context={"initiative": initiative, "tracking_url": tracking_url(initiative)},
        )


def _save(initiative: Initiative, *, user: User | None, reason: str) -> None:
    # A service user's name is never published (initiatives.publication): their consent is neither asked nor kept.
    if initiative.is_service_user:
        initiative.name_publication_consent = False
    save_with_history(initiative, user=user, reason=reason)


def _locked(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def _require(initiative: Initiative, step: str, message: str) -> None:
    """Refuse `step` unless Initiative.TRANSITIONS allows it in the initiative's current state."""
    if not initiative.allows(step):
        raise TransitionError(message)


def _move(initiative: Initiative, step: str) -> None:
    """Leave the initiative in the status the step leads to (Initiative.TRANSITIONS)."""
    to_status = Initiative.TRANSITIONS[step].to_status
    if to_status is not None:
        initiative.status = to_status


@atomic_with_files()
def initiative_create(
    *,
    initiator_kind: str,
    name: str,
    title: str,
    text: str,
    arrived_on: datetime.date,
    channel: str = Initiative.Channel.WEB,
    home_municipality: Municipality | None = None,
    membership_grounds: str = "",
    email: str = "",
    postal_address: str = "",
    phone: str = "",
    letter_language: str = Initiative.Language.FI,
    name_publication_consent: bool = False,
    service: str = "",
    register_number: str = "",
    co_initiators: list[CoInitiatorData] | tuple = (),
    attachments: list[AttachmentData] | tuple = (),
    submission_key: str | None = None,
    user: User | None = None,
) -> Initiative:
    """Store an arrived initiative with its reference and notice deadline, and send the receipt by email.

    The same `submission_key` (one per form shown) always gives the one initiative first stored with it, so a
    double click or a resend after going back stores nothing twice, also when the requests race each other.
    The attachments' files share the fate of the transaction (osallisuus.uploads.atomic_with_files): when storing
    fails, no file is left behind; a file that cannot be written raises StorageFailed."""
    stored = _stored_with_key(submission_key)
    if stored is not None:
        return stored
    initiative = Initiative(
        arrival_year=arrived_on.year,
        arrived_on=arrived_on,
        notice_due_on=Initiative.notice_deadline_for(arrived_on),
        channel=channel,
        initiator_kind=initiator_kind,
        membership_grounds=membership_grounds,
        name=name,
        home_municipality=home_municipality,
        email=email,
        postal_address=postal_address,
        phone=phone,
        letter_language=letter_language,
        name_publication_consent=name_publication_consent,
        title=title,
        text=text,
        service=service,
        register_number=register_number,
        submission_key=submission_key,
    )
    reason = _("Arrived by web form") if channel == Initiative.Channel.WEB else _("Registered by staff")
    try:
        with atomic_with_files():
            # Concurrent submissions queue on the reference counter's row lock. When one sent with the same key got
            # there first, full_clean (it has committed) or the unique index (it commits while this one waits)
            # refuses this one, and the first one is the answer.
            initiative.sequence, initiative.reference = next_reference(arrived_on.year)
            _save(initiative, user=user, reason=reason)
            CoInitiator.objects.bulk_create(
                CoInitiator(initiative=initiative, name=co.name, municipality=co.municipality, position=position)
                for position, co in enumerate(co_initiators)
            )
            for upload in attachments:
                attachment = Attachment(
                    initiative=initiative,
                    original_name=upload.original_name[:255],
                    content_type=upload.content_type,
                    size=len(upload.content),
                    sha256=hashlib.sha256(upload.content).hexdigest(),
                )
                attachment.file.save("upload", ContentFile(upload.content), save=False)
                attachment.save()
    except (ValidationError, IntegrityError):
        # The same form sent twice at the same moment: the request that stored it first has the answer.
        stored = _stored_with_key(submission_key)
        if stored is None:
            raise
        return stored
    _email_initiator(initiative, OutboxMessage.Kind.RECEIPT)
    return initiative


def _stored_with_key(submission_key: str | None) -> Initiative | None:
    """The initiative stored from the form shown with `submission_key`, if any."""
    return Initiative.objects.filter(submission_key=submission_key).first() if submission_key else None


# What may be corrected outside the handling steps (a typo, a late register number, the initiator's new address):
# the facts as they arrived. Status, deadlines, notices, decisions and publication change only through their steps
# (Initiative.TRANSITIONS), so the admin shows those read-only.
CORRECTABLE_FIELDS = (
    "register_number",
    "initiator_kind",
    "membership_grounds",
    "name",
    "home_municipality",
    "email",
    "postal_address",
    "phone",
    "letter_language",
    "name_publication_consent",
    "title",
    "text",
    "service",
)


@transaction.atomic
def initiative_correct(*, initiative: Initiative, user: User, reason: str, changes: dict) -> Initiative:
    """Correct the facts of an initiative as it arrived (CORRECTABLE_FIELDS), with the user and a reason in its
    history. Anything else is refused: it changes only through its handling step."""
    refused = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if refused:
        raise TransitionError(
            _("These change only through their handling step: %(fields)s") % {"fields": ", ".join(refused)}
        )
    if not reason.strip():
        raise ValidationError(_("Say why the initiative is corrected."))
    initiative = _locked(initiative)
    for name, value in changes.items():
        setattr(initiative, name, value)
    _save(initiative, user=user, reason=reason)
    return initiative


@transaction.atomic
def initiative_assign(
    *, initiative: Initiative, user: User, handling_organ: Organ | None, handler: User | None, reason: str = ""
) -> Initiative:
    """The registry names the competent authority and the handler (before or after the notice)."""
    initiative = _locked(initiative)
    _require(initiative, "assign", _("Only an initiative in process can be assigned."))
    initiative.handling_organ = handling_organ
    initiative.handler = handler
    _save(initiative, user=user, reason=reason or _("Assigned"))
    return initiative


@transaction.atomic
def initiative_send_notice(
    *,
    initiative: Initiative,
    user: User,
    handling_organ: Organ,
    estimated_completion: datetime.date,
    info_contact_name: str,
    info_contact_email: str = "",
    info_contact_phone: str = "",
    handler: User | None = None,
) -> Initiative:
    """The notice within one month of arrival: which authority handles it, the estimated processing time and whom
    to ask (Satakunta's administrative rules). Sent by email when the initiator gave one, otherwise as a letter.

    This prepares the notice; it counts as sent (`notice_sent_at`, which every deadline rule reads) only when it is
    given (Initiative.Notice): when the mail server accepts its email (initiatives.notices), or on the day staff record
    that its letter was posted (`initiative_record_notice_posted`). Until then the initiative awaits its notice."""
    initiative = _locked(initiative)
    _require(initiative, "send_notice", _("The notice has already been sent or the initiative is closed."))
    today = timezone.localdate()
    if estimated_completion < today:
        raise ValidationError({"estimated_completion": _("The estimated completion cannot be in the past.")})
    if not info_contact_email and not info_contact_phone:
        raise ValidationError(_("Give an email address or a phone number for the contact person."))
    initiative.handling_organ = handling_organ
    initiative.handler = handler or initiative.handler or user
    initiative.estimated_completion = estimated_completion
    initiative.info_contact_name = info_contact_name
    initiative.info_contact_email = info_contact_email
    initiative.info_contact_phone = info_contact_phone
    initiative.notice_prepared_at = timezone.now()
    initiative.notice_method = Initiative.DeliveryMethod.EMAIL if initiative.email else Initiative.DeliveryMethod.LETTER
    _move(initiative, "send_notice")
    _save(initiative, user=user, reason=_("One-month notice prepared"))
    _email_initiator(initiative, OutboxMessage.Kind.NOTICE)
    return initiative


@transaction.atomic
def initiative_record_hearing(
    *,
    initiative: Initiative,
    user: User,
    offered_on: datetime.date,
    held_on: datetime.date | None = None,
    notes: str = "",
) -> Initiative:
    """611/2021 30 §: the initiators' representatives are offered a chance to be heard while it is processed."""
    initiative = _locked(initiative)
    _require(initiative, "record_hearing", _("A hearing is recorded while it is processed."))
    if held_on and held_on < offered_on:
        raise ValidationError({"held_on": _("The hearing cannot be held before it was offered.")})
    initiative.hearing_offered_on = offered_on
    initiative.hearing_held_on = held_on
    initiative.hearing_notes = notes
    _save(initiative, user=user, reason=_("Hearing recorded"))
    return initiative


@transaction.atomic
def initiative_record_decision(
    *,
    initiative: Initiative,
    user: User,
    outcome: str,
    measures: str,
    decision_organ: Organ,
    decision_date: datetime.date,
    decision_section: str = "",
) -> Initiative:
    """Record the decision and the measures taken (or corrected, until the final notice is sent)."""
    initiative = _locked(initiative)
    _require(
        initiative,
        "record_decision",
        _("Send the one-month notice first; a decision cannot be changed after the final notice."),
    )
    if decision_date > timezone.localdate():
        raise ValidationError({"decision_date": _("The decision date cannot be in the future.")})
    if decision_date < initiative.arrived_on:
        raise ValidationError({"decision_date": _("The decision cannot be made before the initiative arrived.")})
    initiative.outcome = outcome
    initiative.measures = measures
    initiative.decision_organ = decision_organ
    initiative.decision_date = decision_date
    initiative.decision_section = decision_section
    _move(initiative, "record_decision")
    _save(initiative, user=user, reason=_("Decision recorded"))
    return initiative


@transaction.atomic
def initiative_send_final_notice(*, initiative: Initiative, user: User) -> Initiative:
    """Tell the initiator whether the initiative led to measures (611/2021 30 §). Like the one-month notice, this
    prepares it; it counts as sent (`final_notice_sent_at`) once its email is delivered or its letter recorded as
    posted (Initiative.Notice)."""
    initiative = _locked(initiative)
    _require(initiative, "send_final_notice", _("Record the decision before sending the final notice."))
    initiative.final_notice_prepared_at = timezone.now()
    initiative.final_notice_method = (
        Initiative.DeliveryMethod.EMAIL if initiative.email else Initiative.DeliveryMethod.LETTER
    )
    _move(initiative, "send_final_notice")
    _save(initiative, user=user, reason=_("Final notice prepared"))
    _email_initiator(initiative, OutboxMessage.Kind.FINAL_NOTICE)
    return initiative


def _record_posting(
    initiative: Initiative, *, notice: str, step: str, user: User, posted_on: datetime.date, reason: str
) -> Initiative:
    """The day the letter of `notice` (a key of Initiative.NOTICES) was posted: the notice counts as sent that day.
    Not in the future, not before the letter was prepared; recorded once (the history keeps who and when)."""
    initiative = _locked(initiative)
    _require(
        initiative, step, _("The day this letter was posted is recorded already, or the notice did not go as a letter.")
    )
    fields = Initiative.NOTICES[notice]
    prepared_at = getattr(initiative, fields.prepared)
    if posted_on > timezone.localdate():
        raise ValidationError({"posted_on": _("The day the letter was posted cannot be in the future.")})
    if posted_on < timezone.localdate(prepared_at):
        raise ValidationError(
            {
                "posted_on": _("The letter cannot have been posted before it was prepared on %(date)s.")
                % {"date": date_format(timezone.localdate(prepared_at), "j.n.Y")}
            }
        )
    # A moment of that (Helsinki) day: noon, but never before the letter was prepared nor after now.
    noon = timezone.make_aware(datetime.datetime.combine(posted_on, datetime.time(12)))
    setattr(initiative, fields.given, min(max(prepared_at, noon), timezone.now()))
    _save(initiative, user=user, reason=reason % {"date": date_format(posted_on, "j.n.Y")})
    return initiative


@transaction.atomic
def initiative_record_notice_posted(*, initiative: Initiative, user: User, posted_on: datetime.date) -> Initiative:
    """The one-month notice went as a letter (no email, or its email given up): it counts as sent on `posted_on`."""
    return _record_posting(
        initiative,
        notice="notice",
        step="record_notice_posted",
        user=user,
        posted_on=posted_on,
        reason=_("One-month notice posted as a letter on %(date)s"),
    )


@transaction.atomic
def initiative_record_final_notice_posted(
    *, initiative: Initiative, user: User, posted_on: datetime.date
) -> Initiative:
    """The final notice went as a letter: it counts as sent on `posted_on`."""
    return _record_posting(
        initiative,
        notice="final_notice",
        step="record_final_notice_posted",
        user=user,
        posted_on=posted_on,
        reason=_("Final notice posted as a letter on %(date)s"),
    )


@transaction.atomic
def initiative_publish(
    *, initiative: Initiative, user: User, public_text: str = "", public_title: str = ""
) -> Initiative:
    """Publish after review, optionally with a redacted title and text; what the public then sees is decided by
    initiatives.publication. A service user's initiative only with a redacted text (julkisuuslaki 24 § 1 mom 25 k)."""
    initiative = _locked(initiative)
    _require(initiative, "publish", _("A message that is not an initiative is not published."))
    if initiative.is_service_user and not public_text.strip():
        raise ValidationError({"public_text": _("A service user's initiative is published only as a redacted text.")})
    initiative.public_title = public_title.strip()
    initiative.public_text = public_text.strip()
    initiative.publication_state = Initiative.Publication.PUBLISHED
    initiative.published_at = initiative.published_at or timezone.now()
    _save(initiative, user=user, reason=_("Published"))
    return initiative


@transaction.atomic
def initiative_unpublish(*, initiative: Initiative, user: User, reason: str) -> Initiative:
    initiative = _locked(initiative)
    _require(initiative, "unpublish", _("The initiative is not published."))
    initiative.publication_state = Initiative.Publication.UNPUBLISHED
    _save(initiative, user=user, reason=reason or _("Unpublished"))
    return initiative


@transaction.atomic
def initiative_reclassify(*, initiative: Initiative, user: User, kind: str, message: str) -> Initiative:
    """Not an initiative but feedback or a personal application: say so to the sender and take it out of the
    initiative lists and deadlines (DOMAIN.md)."""
    initiative = _locked(initiative)
    _require(initiative, "reclassify", _("Only an initiative in process can be re-classified."))
    if not message.strip():
        raise ValidationError({"message": _("Write the message that tells the sender where their matter goes.")})
    _move(initiative, "reclassify")
    initiative.reclassified_as = kind
    initiative.reclassification_message = message.strip()
    initiative.publication_state = Initiative.Publication.UNPUBLISHED
    _save(initiative, user=user, reason=_("Re-classified"))
    _email_initiator(initiative, OutboxMessage.Kind.RECLASSIFICATION)
    return initiative


@transaction.atomic
def initiative_resend_tracking_links(*, email: str, language: str) -> None:
    """Email the private links of every initiative sent from `email`. The caller shows the same answer whether or
    not any exists, so the form does not reveal which addresses are known."""
    initiatives = list(Initiative.objects.filter(email__iexact=email.strip()).order_by("arrived_on", "sequence"))
    if not initiatives:
        return
    outbox_enqueue(
        kind=OutboxMessage.Kind.TRACKING_LINK,
        template="initiatives/email/tracking_link",
        recipient=initiatives[0].email,
        language=language,
        context={"links": [(i, tracking_url(i)) for i in initiatives]},
    )


@transaction.atomic
def initiatives_declare_processed(
    *,
    user: User,
    organ: Organ,
    meeting_date: datetime.date,
    section: str,
    list_year: int,
    initiatives: list[Initiative],
    confirmed_unfinished: Collection[Initiative] = (),
) -> ProcessedDeclaration:
    """Record the council's (or the competent body's) decision that these initiatives are fully processed. They
    leave future yearly lists and their public timeline shows it; the others stay on the next list.

    An initiative whose final notice has not been sent (not `InitiativeQuerySet.declarable()`) is refused unless it
    is among `confirmed_unfinished`: the staff confirm that the decision declared it all the same, and its history
    says so."""
    if not initiatives:
        raise ValidationError({"initiatives": _("Choose the initiatives the decision declared fully processed.")})
    if meeting_date > timezone.localdate():
        raise ValidationError({"meeting_date": _("The meeting date cannot be in the future.")})
    pks = [initiative.pk for initiative in initiatives]
    locked = list(Initiative.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    already = [i.reference for i in locked if i.declared_processed_in_id is not None]
    if already:
        raise TransitionError(
            _("Already declared fully processed: %(references)s") % {"references": ", ".join(already)}
        )
    on_list = set(Initiative.objects.on_annual_list(list_year).filter(pk__in=pks).values_list("pk", flat=True))
    if on_list != set(pks):
        raise TransitionError(_("Only initiatives on the year's list can be declared fully processed."))
    finished = set(Initiative.objects.filter(pk__in=pks).declarable().values_list("pk", flat=True))
    confirmed = {initiative.pk for initiative in confirmed_unfinished}
    unconfirmed = [i.reference for i in locked if i.pk not in finished and i.pk not in confirmed]
    if unconfirmed:
        raise TransitionError(
            {
                "confirmed_unfinished": _(
                    "The final notice has not been sent for %(references)s. Declare such an initiative fully "
                    "processed only if the decision did so all the same, and confirm it for each one."
                )
                % {"references": ", ".join(unconfirmed)}
            }
        )
    declaration = ProcessedDeclaration(
        organ=organ, meeting_date=meeting_date, section=section.strip(), list_year=list_year, recorded_by=user
    )
    declaration.full_clean()
    declaration._history_user = user
    declaration.save()
    reason = _("Declared fully processed: %(decision)s") % {"decision": declaration}
    reason_unfinished = _(
        "Declared fully processed although the final notice had not been sent (confirmed): %(decision)s"
    ) % {"decision": declaration}
    for initiative in locked:
        initiative.declared_processed_in = declaration
        _save(initiative, user=user, reason=reason if initiative.pk in finished else reason_unfinished)
    return declaration
