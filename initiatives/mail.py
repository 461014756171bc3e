"""The outbox: store a message, send it after commit through a background task, retry what failed."""

import datetime
import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.tasks import default_task_backend
from django.template.loader import render_to_string
from django.utils import timezone, translation

from initiatives.models import Initiative, OutboxMessage

logger = logging.getLogger(__name__)


def outbox_enqueue(
    *,
    kind: OutboxMessage.Kind,
    recipient: str,
    language: str,
    context: dict,
    initiative: Initiative | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Store a message rendered from templates/initiatives/email/<kind>.txt (+ _subject.txt) in `language`, and
    deliver it once the surrounding transaction commits. With a `dedupe_key` already used, nothing is stored and
    None is returned (a reminder for a given day is sent once however often the command runs)."""
    with translation.override(language):
        context = {"region_name": settings.REGION_NAME, "site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"initiatives/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"initiatives/email/{kind}.txt", context).strip() + "\n"
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                kind=kind,
                recipient=recipient,
                language=language,
                subject=subject[:300],
                body=body,
                initiative=initiative,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(lambda: schedule_delivery(message.pk))
    return message


def schedule_delivery(message_id: int, *, delay: datetime.timedelta | None = None) -> None:
    from initiatives.tasks import deliver_message

    task = deliver_message
    if delay:
        if not default_task_backend.supports_defer:
            return  # a backend that cannot wait leaves the retry to `manage.py send_outbox`
        task = task.using(run_after=timezone.now() + delay)
    try:
        task.enqueue(message_id)
    except Exception:
        # The message is stored; `manage.py send_outbox` (run by cron) delivers it later.
        logger.exception("Could not schedule delivery of outbox message %s", message_id)


def _error_text(error: Exception, recipient: str) -> str:
    """The failure as stored and logged, without the recipient's address: a server that refuses a recipient names
    it in its answer, and the message's `recipient` is to stay the one copy (guarded by
    `permissions.can_see_contact_details`, cleared by retention; a log line is cleared by no one)."""
    text = f"{type(error).__name__}: {error}"
    if recipient:
        text = re.sub(re.escape(recipient), "<recipient>", text, flags=re.IGNORECASE)
    return text[:2000]


def outbox_deliver(message_id: int) -> bool:
    """Try to send one stored message; record the attempt. True when the mail server accepted it. A message whose
    address retention removed is not tried (OutboxQuerySet.awaiting_delivery)."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        if message is None or message.sent_at is not None:
            return message is not None
        if not message.recipient:
            return False
        message.attempts += 1
        message.last_attempt_at = timezone.now()
        try:
            EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.recipient],
                headers={"Auto-Submitted": "auto-generated", "Content-Language": message.language},
            ).send()
        except Exception as error:  # any failure of the mail server or the network: keep it for a retry
            message.last_error = _error_text(error, message.recipient)
            message.save(update_fields=["attempts", "last_attempt_at", "last_error"])
            logger.warning("Outbox message %s not delivered: %s", message.pk, message.last_error)
            return False
        message.sent_at = message.last_attempt_at
        message.last_error = ""
        message.save(update_fields=["attempts", "last_attempt_at", "last_error", "sent_at"])
        return True


def outbox_retry_undelivered() -> tuple[int, int]:
    """Send again every undelivered message that has attempts left. Returns (delivered, still undelivered)."""
    delivered = failed = 0
    pending = OutboxMessage.objects.awaiting_delivery().filter(attempts__lt=OutboxMessage.MAX_ATTEMPTS)
    for message_id in pending.order_by("pk").values_list("pk", flat=True):
        if outbox_deliver(message_id):
            delivered += 1
        else:
            failed += 1
    return delivered, failed
