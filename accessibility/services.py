"""Every change to accessibility feedback: its arrival (with the receipt and the registry's copy sent after commit)
and marking it answered. Keyword-only, transactional, history written with the acting user and a reason."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accessibility.models import DUE_SOON_WORKING_DAYS, AccessibilityFeedback, answer_deadline_for
from osallisuus.deadlines import add_working_days
from osallisuus.history import save_with_history
from osallisuus.models import User

logger = logging.getLogger(__name__)


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
    """Store feedback that arrived now, due two weeks after its Helsinki arrival day (`answer_deadline_for`), and
    after commit send the sender an automatic receipt (when an email address was given) and the registry
    (settings.ACCESSIBILITY_FEEDBACK_EMAIL) a copy to handle.

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
    feedback_id = feedback.pk
    transaction.on_commit(lambda: schedule_feedback_mail(feedback_id))
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


def schedule_feedback_mail(feedback_id: int) -> None:
    try:
        deliver_feedback_mail.enqueue(feedback_id)
    except Exception:
        # The feedback is stored; `manage.py send_feedback_reminders` (daily, from cron) sends what is missing.
        logger.exception("Could not schedule the mail of accessibility feedback %s", feedback_id)


def _render(template: str, language: str, context: dict) -> tuple[str, str]:
    with translation.override(language):
        context = {"region_name": settings.REGION_NAME, "site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"accessibility/feedback/email/{template}_subject.txt", context).split())
        body = render_to_string(f"accessibility/feedback/email/{template}.txt", context).strip() + "\n"
    return subject, body


def _send(*, subject: str, body: str, to: str, language: str, reply_to: str = "") -> bool:
    try:
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            reply_to=[reply_to] if reply_to else None,
            headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
        ).send()
    except Exception as error:  # any failure of the mail server or the network: left unsent for the next run
        logger.warning("Accessibility feedback mail to %s not sent: %s: %s", to, type(error).__name__, error)
        return False
    return True


def accessibility_feedback_send_mail(*, feedback_id: int) -> bool:
    """Send whatever of the feedback's two messages is not yet sent: the automatic receipt to the sender (in the
    language of the form, replies going to the feedback address) and the copy to the registry (in Finnish). Each is
    sent once: its time is stored when the mail server accepts it. True when nothing is left unsent."""
    with transaction.atomic():
        feedback = AccessibilityFeedback.objects.select_for_update().filter(pk=feedback_id).first()
        if feedback is None:
            return True
        sent: dict[str, datetime.datetime] = {}
        if feedback.email and feedback.receipt_sent_at is None:
            subject, body = _render(
                "receipt",
                feedback.language,
                {"feedback": feedback, "feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL},
            )
            if _send(
                subject=subject,
                body=body,
                to=feedback.email,
                language=feedback.language,
                reply_to=settings.ACCESSIBILITY_FEEDBACK_EMAIL,
            ):
                sent["receipt_sent_at"] = timezone.now()
        if feedback.registry_notified_at is None:
            subject, body = _render(
                "registry", settings.LANGUAGE_CODE, {"feedback": feedback, "staff_url": staff_url(feedback)}
            )
            if _send(
                subject=subject,
                body=body,
                to=settings.ACCESSIBILITY_FEEDBACK_EMAIL,
                language=settings.LANGUAGE_CODE,
                reply_to=feedback.email,
            ):
                sent["registry_notified_at"] = timezone.now()
        if sent:
            # Bookkeeping of the mail, not a change of the feedback: no history row.
            AccessibilityFeedback.objects.filter(pk=feedback.pk).update(**sent)
        receipt_done = not feedback.email or feedback.receipt_sent_at or "receipt_sent_at" in sent
        registry_done = feedback.registry_notified_at or "registry_notified_at" in sent
        return bool(receipt_done and registry_done)


@task()
def deliver_feedback_mail(feedback_id: int) -> bool:
    """Send the receipt and the registry's copy of a stored feedback in the background (db_worker in production);
    what fails waits for the daily command."""
    return accessibility_feedback_send_mail(feedback_id=feedback_id)


def accessibility_feedback_send_missing_mail() -> tuple[int, int]:
    """Try again every feedback whose receipt or registry copy is still unsent. Returns (completed, still missing)."""
    completed = missing = 0
    for feedback_id in AccessibilityFeedback.objects.mail_missing().order_by("pk").values_list("pk", flat=True):
        if accessibility_feedback_send_mail(feedback_id=feedback_id):
            completed += 1
        else:
            missing += 1
    return completed, missing


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
        subject, body = _render("reminder", settings.LANGUAGE_CODE, {"rows": rows})
        if not _send(
            subject=subject, body=body, to=settings.ACCESSIBILITY_FEEDBACK_EMAIL, language=settings.LANGUAGE_CODE
        ):
            return 0
        AccessibilityFeedback.objects.filter(pk__in=[feedback.pk for feedback in pending]).update(reminded_on=today)
        return len(pending)
