"""Background work of accessibility feedback (Django's Tasks API: the database backend and db_worker in production)."""

from django.tasks import task


@task()
def deliver_feedback_mail(feedback_id: int) -> bool:
    """Send the receipt and the registry's copy of a stored feedback; what fails waits for the daily command."""
    from osallisuus.feedback.services import accessibility_feedback_send_mail

    return accessibility_feedback_send_mail(feedback_id=feedback_id)
