"""Background work of initiatives (Django's Tasks API: the database backend and db_worker in production)."""

import datetime

from django.tasks import task
from django.utils import timezone

from initiatives.mail import Attempt, outbox_deliver, schedule_delivery
from initiatives.models import OutboxMessage

# A task that found its message held by another sender comes back no sooner than this, not in a busy loop.
MIN_RETRY_DELAY = datetime.timedelta(minutes=1)


@task()
def deliver_message(message_id: int) -> bool:
    """Send a stored message when it is due. While it awaits delivery, come back when its next attempt is due (where
    the backend can defer; `manage.py send_outbox` from cron tries what is due in any case): there is no last
    attempt, only a person gives a message up."""
    if outbox_deliver(message_id, due_only=True) == Attempt.DELIVERED:
        return True
    awaiting = OutboxMessage.objects.awaiting_delivery().filter(pk=message_id)
    for next_attempt_at in awaiting.values_list("next_attempt_at", flat=True):
        delay = (next_attempt_at - timezone.now()) if next_attempt_at else MIN_RETRY_DELAY
        schedule_delivery(message_id, delay=max(delay, MIN_RETRY_DELAY))
    return False


@task()
def generate_annual_list_pdf(file_id: int) -> str:
    """Render a requested yearly list PDF and store it on its AnnualReportFile row."""
    from initiatives.annual_services import annual_list_file_generate

    return annual_list_file_generate(file_id=file_id)
