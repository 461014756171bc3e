"""Background work of initiatives (Django's Tasks API: the database backend and db_worker in production)."""

import datetime

from django.tasks import task

from initiatives.mail import outbox_deliver, schedule_delivery
from initiatives.models import OutboxMessage


@task()
def deliver_message(message_id: int) -> bool:
    """Send a stored message; when it fails, try again later with a growing delay (where the backend can defer)."""
    delivered = outbox_deliver(message_id)
    if not delivered:
        attempts = OutboxMessage.objects.filter(pk=message_id).values_list("attempts", flat=True).first() or 0
        if 0 < attempts < OutboxMessage.MAX_ATTEMPTS:
            schedule_delivery(message_id, delay=datetime.timedelta(minutes=2**attempts))
    return delivered


@task()
def generate_annual_list_pdf(file_id: int) -> str:
    """Render a requested yearly list PDF and store it on its AnnualReportFile row."""
    from initiatives.annual_services import annual_list_file_generate

    return annual_list_file_generate(file_id=file_id)
