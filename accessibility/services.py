"""Every change to accessibility feedback: its arrival (with the receipt and the registry's copy, through the outbox)
and marking it answered. Keyword-only, transactional, history written with the acting user and a reason.

The two messages of a feedback go through the outbox (osallisuus.outbox), which stores them with the feedback,
delivers them after commit, retries what fails and keeps the proof of sending; their delivery is recorded on the
feedback (`receipt_sent_at`, `registry_notified_at`: `register_feedback_outcomes`)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accessibility.models import DUE_SOON_WORKING_DAYS, AccessibilityFeedback, answer_deadline_for
from osallisuus.deadlines import add_working_days
from osallisuus.history import save_with_history
from osallisuus.models import OutboxMessage, User
from osallisuus.outbox import on_outcome, outbox_enqueue

TEMPLATES = "accessibility/feedback/email/"
# When the mail server accepted each of a feedback's messages.
DELIVERY_FIELDS = {
    OutboxMessage.Kind.FEEDBACK_RECEIPT: "receipt_sent_at",
    OutboxMessage.Kind.FEEDBACK_COPY: "registry_notified_at",
}


@transaction.atomic
def accessibility_feedback_receive(
    *,
    message: str,
    page_url: str = "",
    sender_name: str = "",
    email: str = "",
    language: str = AccessibilityFeedback.Language.FI,
    submission_key: str | None = None,
    received_at: datetime.datetime | None = None,
) -> AccessibilityFeedback:
    """Store feedback that arrived now, due two weeks after its Helsinki arrival day (`answer_deadline_for`), with
    an automatic receipt to the sender (when an email address was given) and a copy to handle to the registry
    (settings.ACCESSIBILITY_FEEDBACK_EMAIL) in the outbox.

    The same `submission_key` (one per form shown) always gives the feedback first stored with it, so a double
    click or a resend after going back stores nothing twice."""
    if submission_key:
        existing = AccessibilityFeedback.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    received_at = received_at or timezone.now()
    feedback = AccessibilityFeedback(
        page_url=page_url.strip(),
        message=message.strip(),
        sender_name=sender_name.strip(),
        email=email.strip(),
        language=language,
        received_at=received_at,
        answer_due_on=answer_deadline_for(timezone.localdate(received_at)),
        submission_key=submission_key,
    )
    feedback.full_clean()
    feedback._change_reason = _("Arrived by web form")
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        # The same form sent twice at the same moment: the other request stored it.
        if submission_key:
            return AccessibilityFeedback.objects.get(submission_key=submission_key)
        raise
    _enqueue_mail(feedback)
    return feedback


@transaction.atomic
def accessibility_feedback_mark_answered(
    *, feedback: AccessibilityFeedback, user: User, note: str
) -> AccessibilityFeedback:
    """Record that the sender was answered (by email, phone or letter, outside the portal) and how. The note is
    required; feedback already answered stays as it was."""
    feedback = AccessibilityFeedback.objects.select_for_update().get(pk=feedback.pk)
    if not feedback.is_open:
        raise ValidationError(_("This feedback has already been marked answered."))
    note = note.strip()
    if not note:
        raise ValidationError({"answer_note": _("Tell how the sender was answered.")})
    feedback.answered_at = timezone.now()
    feedback.answered_by = user
    feedback.answer_note = note
    save_with_history(feedback, user=user, reason=_("Marked answered: %(note)s") % {"note": note})
    return feedback


def staff_url(feedback: AccessibilityFeedback) -> str:
    return settings.SITE_URL + reverse("accessibility-feedback-detail", args=[feedback.pk])


def _enqueue_mail(feedback: AccessibilityFeedback) -> int:
    """Put the feedback's receipt (in the language of the form, replies going to the feedback address) and the
    registry's copy (in Finnish, replies going to the sender) in the outbox, each once (its dedupe key): returns how
    many were put there now."""
    queued = 0
    if feedback.email:
        queued += bool(
            outbox_enqueue(
                kind=OutboxMessage.Kind.FEEDBACK_RECEIPT,
                template=f"{TEMPLATES}receipt",
                recipient=feedback.email,
                reply_to=settings.ACCESSIBILITY_FEEDBACK_EMAIL,
                language=feedback.language,
                about=feedback,
                context={"feedback": feedback, "feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL},
                dedupe_key=f"accessibility-feedback:{feedback.pk}:receipt",
            )
        )
    queued += bool(
        outbox_enqueue(
            kind=OutboxMessage.Kind.FEEDBACK_COPY,
            template=f"{TEMPLATES}registry",
            recipient=settings.ACCESSIBILITY_FEEDBACK_EMAIL,
            reply_to=feedback.email,
            language=settings.LANGUAGE_CODE,
            about=feedback,
            context={"feedback": feedback, "staff_url": staff_url(feedback)},
            dedupe_key=f"accessibility-feedback:{feedback.pk}:registry",
        )
    )
    return queued


@transaction.atomic
def accessibility_feedback_queue_missing_mail() -> int:
    """Put in the outbox any receipt or registry copy that never got there (feedback that arrived before the outbox
    sent the feedback's mail); returns how many. The outbox delivers and retries the rest."""
    in_outbox = OutboxMessage.objects.about_rows_of(AccessibilityFeedback).values("about_id")
    missing = AccessibilityFeedback.objects.mail_missing().exclude(pk__in=in_outbox).order_by("pk")
    return sum(_enqueue_mail(feedback) for feedback in missing)


def feedback_message_delivered(message: OutboxMessage) -> None:
    """Record on the feedback when the mail server accepted its receipt or its copy to the registry (bookkeeping of
    the mail, not a change of the feedback: no history row)."""
    if (feedback_id := message.about_row_of(AccessibilityFeedback)) is not None:
        field = DELIVERY_FIELDS[message.kind]
        AccessibilityFeedback.objects.filter(pk=feedback_id, **{f"{field}__isnull": True}).update(
            **{field: message.sent_at}
        )


def register_feedback_outcomes() -> None:
    for kind in DELIVERY_FIELDS:
        on_outcome(kind, delivered=feedback_message_delivered)


def accessibility_feedback_send_reminders(*, today: datetime.date) -> int:
    """Remind the registry, in one message, of the open feedback that is overdue or due within DUE_SOON_WORKING_DAYS
    working days. Each feedback is in at most one reminder a day (`reminded_on`), so running this again on the same
    day sends nothing. Returns how many feedback the reminder listed (0 when none was sent)."""
    due_by = add_working_days(today, DUE_SOON_WORKING_DAYS)
    with transaction.atomic():
        pending = list(
            AccessibilityFeedback.objects.open()
            .filter(answer_due_on__lte=due_by)
            .exclude(reminded_on=today)
            .select_for_update()
            .order_by("answer_due_on", "received_at", "pk")
        )
        if not pending:
            return 0
        rows = [(feedback, feedback.answer_state(today)) for feedback in pending]
        outbox_enqueue(
            kind=OutboxMessage.Kind.FEEDBACK_REMINDER,
            template=f"{TEMPLATES}reminder",
            recipient=settings.ACCESSIBILITY_FEEDBACK_EMAIL,
            language=settings.LANGUAGE_CODE,
            context={"rows": rows},
        )
        AccessibilityFeedback.objects.filter(pk__in=[feedback.pk for feedback in pending]).update(reminded_on=today)
        return len(pending)
