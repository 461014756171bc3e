"""The daily deadline reminder: one digest per handler of the initiatives whose one-month notice is due soon or
overdue. Idempotent: a handler's digest of a day has the dedupe key reminder:<user>:<date>, so running the command
again on the same day sends nothing new. It also tries again the undelivered outbox messages that are due, and exits
with status 2 and a warning when a message has been undelivered longer than OUTBOX_UNDELIVERED_WARNING_HOURS."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from initiatives.mail import (
    UNDELIVERED_EXIT_STATUS,
    outbox_enqueue,
    outbox_retry_undelivered,
    outbox_summary,
    outbox_warning,
)
from initiatives.models import Initiative, OutboxMessage
from osallisuus.models import User
from osallisuus.roles import Role


def _reachable(users: Iterable[User]) -> list[User]:
    return [user for user in users if user.is_active and user.email]


def reminder_recipients(initiative: Initiative, registry: list[User]) -> list[User]:
    """Who is reminded: the initiative's handler, else the handlers of its competent organ, else the registry."""
    if initiative.handler is not None and _reachable([initiative.handler]):
        return [initiative.handler]
    if initiative.handling_organ is not None:
        organ_handlers = _reachable(initiative.handling_organ.handlers.all())
        if organ_handlers:
            return organ_handlers
    return registry


def send_deadline_reminders(*, today: datetime.date) -> int:
    """Queue today's digests (at most one per user and day); returns how many were new."""
    waiting = (
        (Initiative.objects.overdue(today) | Initiative.objects.due_soon(today))
        .select_related("handler", "handling_organ")
        .prefetch_related("handling_organ__handlers")
        .order_by("notice_due_on", "arrived_on", "sequence")
    )
    registry = _reachable(User.objects.filter(groups__name=Role.REGISTRY).order_by("pk"))
    digests: dict[User, list[Initiative]] = defaultdict(list)
    for initiative in waiting:
        for user in reminder_recipients(initiative, registry):
            digests[user].append(initiative)
    workspace_url = settings.SITE_URL + reverse("initiatives:workspace")
    sent = 0
    for user, initiatives in digests.items():
        message = outbox_enqueue(
            kind=OutboxMessage.Kind.REMINDER,
            recipient=user.email,
            language=settings.LANGUAGE_CODE,
            context={
                "user": user,
                "overdue": [i for i in initiatives if i.notice_due_on < today],
                "due_soon": [i for i in initiatives if i.notice_due_on >= today],
                "workspace_url": workspace_url,
            },
            dedupe_key=f"reminder:{user.pk}:{today.isoformat()}",
        )
        sent += message is not None
    return sent


class Command(BaseCommand):
    help = (
        "Email each handler a digest of the initiatives whose one-month notice is due soon or overdue (once a day), "
        "and send again the undelivered outbox messages that are due. Exits with status 2 and a warning when a "
        "message has been undelivered longer than OUTBOX_UNDELIVERED_WARNING_HOURS."
    )

    def handle(self, *args, **options) -> None:
        # Retry first, so that today's new digests are not tried twice in one run.
        run = outbox_retry_undelivered()
        sent = send_deadline_reminders(today=timezone.localdate())
        self.stdout.write(f"Reminders: {sent} new. {outbox_summary(run)}")
        if warning := outbox_warning(timezone.now()):
            raise CommandError(warning, returncode=UNDELIVERED_EXIT_STATUS)
