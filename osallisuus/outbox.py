"""The outbox every email of the portal goes through: store a message, send it after commit through a background
task, retry what failed.

Nothing is lost silently:
- A message is tried until the mail server accepts it or a person gives it up (`outbox_give_up`): after each failed
  attempt the next one waits 2, 4, 8… minutes, at most OUTBOX_RETRY_MAX_MINUTES (osallisuus.models.retry_delay).
  `manage.py send_outbox` (cron) and the background task try what is due; staff can try again at once.
- One still undelivered OUTBOX_UNDELIVERED_WARNING_HOURS after it was written is reported: a banner in the
  registry's workspace, and a warning with a non-zero exit status from the daily commands (`outbox_warning`).
- Every attempt sends the message's one Message-ID, made when it was written: a mail server that accepts a message
  but answers after EMAIL_TIMEOUT gets it again on the next attempt, and the receiver can tell it is the same.
- What a delivery or a giving up means for the row a message is about is the app's rule, registered for the
  message's kind (`on_outcome`): a notice to the initiator counts as sent when its email is delivered
  (initiatives.notices). It runs in the transaction that records the outcome.
- Senders running at once (cron, the worker, staff) never try one message together: each claims the message it sends
  (`sending_since`) and passes over one another has claimed, counting it as skipped, neither delivered nor failed.
  No row is locked while the mail server is talked to."""

import datetime
import enum
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from osallisuus.context_processors import region_name
from osallisuus.models import AWAITING_DELIVERY, OutboxMessage, User, about_label, retry_delay

logger = logging.getLogger(__name__)

# The exit status of the commands that send (send_outbox, send_deadline_reminders) when a message has been
# undelivered longer than OUTBOX_UNDELIVERED_WARNING_HOURS: cron mails the output of a failing job. (1 stays
# Django's status for a command that failed outright.)
UNDELIVERED_EXIT_STATUS = 2
# A task that found its message held by another sender comes back no sooner than this, not in a busy loop.
MIN_RETRY_DELAY = datetime.timedelta(minutes=1)
# What one attempt writes on its message, whatever its outcome.
ATTEMPT_FIELDS = ["attempts", "last_attempt_at", "last_error", "sending_since"]


class Attempt(enum.StrEnum):
    """What one sender did with one message."""

    DELIVERED = "delivered"  # the mail server accepted it now
    FAILED = "failed"  # tried now and not accepted: it is tried again after its back-off
    SKIPPED = "skipped"  # not tried: another sender holds it, or it was delivered, given up or is not due


class OutboxRun(NamedTuple):
    """The true counts of one sender's run: what it delivered, what failed, and what it left alone."""

    delivered: int = 0
    failed: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class Outcome:
    """What a kind's delivery or giving up does to the row its messages are about (registered with `on_outcome`)."""

    delivered: Callable[[OutboxMessage], None] | None = None
    given_up: Callable[[OutboxMessage, User], None] | None = None


OUTCOMES: dict[str, Outcome] = {}


def on_outcome(
    kind: OutboxMessage.Kind,
    *,
    delivered: Callable[[OutboxMessage], None] | None = None,
    given_up: Callable[[OutboxMessage, User], None] | None = None,
) -> None:
    """Register what a delivery (`delivered(message)`) or a person giving the message up (`given_up(message,
    user)`) of a message of `kind` changes; called by the app that owns the kind, from its AppConfig.ready()."""
    OUTCOMES[kind] = Outcome(delivered, given_up)


def outbox_enqueue(
    *,
    kind: OutboxMessage.Kind,
    template: str,
    recipient: str,
    language: str,
    context: dict,
    about: models.Model | None = None,
    reply_to: str = "",
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Store a message rendered from the templates `<template>.txt` and `<template>_subject.txt` in `language`, and
    deliver it once the surrounding transaction commits. With a `dedupe_key` already used, nothing is stored and
    None is returned (a reminder for a given day is sent once however often the command runs)."""
    with translation.override(language):
        context = {"region_name": region_name(language), "site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context).strip() + "\n"
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                kind=kind,
                recipient=recipient,
                reply_to=reply_to,
                language=language,
                subject=subject[:300],
                body=body,
                about_model=about_label(about) if about is not None else "",
                about_id=about.pk if about is not None else None,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(lambda: schedule_delivery(message.pk))
    return message


def schedule_delivery(message_id: int, *, delay: datetime.timedelta | None = None) -> None:
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


@task()
def deliver_message(message_id: int) -> bool:
    """Send a stored message when it is due. While it awaits delivery, come back when its next attempt is due (where
    the backend can defer; `manage.py send_outbox` from cron tries what is due in any case): there is no last
    attempt, only a person gives a message up."""
    if outbox_deliver(message_id) == Attempt.DELIVERED:
        return True
    awaiting = OutboxMessage.objects.awaiting_delivery().filter(pk=message_id)
    for next_attempt_at in awaiting.values_list("next_attempt_at", flat=True):
        delay = (next_attempt_at - timezone.now()) if next_attempt_at else MIN_RETRY_DELAY
        schedule_delivery(message_id, delay=max(delay, MIN_RETRY_DELAY))
    return False


def _error_text(error: Exception, recipient: str) -> str:
    """The failure as stored and logged, without the recipient's address: a server that refuses a recipient names
    it in its answer, and the message's `recipient` is to stay the one copy (guarded by
    `permissions.can_see_contact_details`, cleared by retention; a log line is cleared by no one)."""
    text = f"{type(error).__name__}: {error}"
    if recipient:
        text = re.sub(re.escape(recipient), "<recipient>", text, flags=re.IGNORECASE)
    return text[:2000]


def outbox_deliver(message_id: int) -> Attempt:
    """Try to send one stored message whose back-off has passed, and record the attempt (staff's "try again now"
    makes a message due: outbox_retry_now). A message another sender is sending at this moment is skipped, not waited
    for; one not yet due, delivered, given up or whose address retention removed (AWAITING_DELIVERY) is not tried.

    The sender first claims the message (`sending_since`, one UPDATE that only one sender can win), then talks to the
    mail server with no transaction open and no row locked, and records the outcome in a short transaction. A person
    giving the message up meanwhile waits for nothing; if the server accepted it all the same, it counts as sent."""
    now = timezone.now()
    if not OutboxMessage.objects.due(now).filter(pk=message_id).update(sending_since=now):
        return Attempt.SKIPPED
    message = OutboxMessage.objects.get(pk=message_id)
    message.attempts += 1
    message.last_attempt_at = now
    message.sending_since = None
    try:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            reply_to=[message.reply_to] if message.reply_to else None,
            headers={
                "Message-ID": message.message_id,
                "Auto-Submitted": "auto-generated",
                "Content-Language": message.language,
            },
        ).send()
    except Exception as error:  # any failure of the mail server or the network: keep it for a retry
        message.last_error = _error_text(error, message.recipient)
        message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        message.save(update_fields=[*ATTEMPT_FIELDS, "next_attempt_at"])
        logger.warning("Outbox message %s not delivered: %s", message.pk, message.last_error)
        return Attempt.FAILED
    message.sent_at = timezone.now()
    message.last_error = ""
    message.next_attempt_at = None
    with transaction.atomic():
        message.save(update_fields=[*ATTEMPT_FIELDS, "sent_at", "next_attempt_at"])
        if delivered := OUTCOMES.get(message.kind, Outcome()).delivered:
            delivered(message)
    return Attempt.DELIVERED


def outbox_retry_undelivered() -> OutboxRun:
    """Try every message whose back-off has passed, oldest first, and count truly: a message another sender had is
    skipped, neither delivered nor failed by this one."""
    counts = dict.fromkeys(Attempt, 0)
    for message_id in OutboxMessage.objects.to_try(timezone.now()).order_by("pk").values_list("pk", flat=True):
        counts[outbox_deliver(message_id)] += 1
    return OutboxRun(counts[Attempt.DELIVERED], counts[Attempt.FAILED], counts[Attempt.SKIPPED])


def outbox_retry_now(*, message_id: int | None = None) -> int:
    """Make one message (`message_id`), or every message awaiting delivery, due now and queue its delivery task;
    returns how many were queued. Staff's "try again now" never sends inside their request: a mail server that
    answers slowly, or not at all, holds a background task for its timeout, not a page for every message."""
    awaiting = OutboxMessage.objects.awaiting_delivery()
    if message_id is not None:
        awaiting = awaiting.filter(pk=message_id)
    message_ids = list(awaiting.order_by("pk").values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=message_ids).update(next_attempt_at=timezone.now())
    for queued_id in message_ids:
        schedule_delivery(queued_id)
    return len(message_ids)


@transaction.atomic
def outbox_give_up(*, message_id: int, user: User) -> bool:
    """A person decides that a message will not be delivered: it is no longer tried nor warned about, and who gave
    it up and when is recorded, and the kind's rule for a message given up is applied (`on_outcome`). False when it
    was delivered (or given up) in the meantime."""
    message = OutboxMessage.objects.select_for_update().filter(AWAITING_DELIVERY, pk=message_id).first()
    if message is None:
        return False
    message.given_up_at = timezone.now()
    message.given_up_by = user
    message.next_attempt_at = None
    message.save(update_fields=["given_up_at", "given_up_by", "next_attempt_at"])
    if given_up := OUTCOMES.get(message.kind, Outcome()).given_up:
        given_up(message, user)
    return True


def outbox_summary(run: OutboxRun) -> str:
    """One line for the commands' output (cron mails it): this run's counts and what still awaits delivery."""
    still = OutboxMessage.objects.awaiting_delivery().count()
    return (
        f"Outbox: {run.delivered} delivered, {still} still undelivered "
        f"({run.failed} failed in this run and will be tried again, {run.skipped} skipped: another sender had them)."
    )


def outbox_warning(now: datetime.datetime) -> str:
    """Empty, or a warning for the commands' output: messages undelivered longer than the warning period."""
    count = OutboxMessage.objects.undelivered_too_long(now).count()
    if not count:
        return ""
    return (
        f"{count} email message{'s' if count != 1 else ''} undelivered for more than "
        f"{settings.OUTBOX_UNDELIVERED_WARNING_HOURS} hours: see {settings.SITE_URL}"
        f"{reverse(settings.OUTBOX_PAGE)}, deliver them or give up those that cannot be delivered."
    )
