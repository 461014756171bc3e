"""The daily deadline reminder: one digest per handler of the initiatives whose one-month notice is due soon or
overdue, through the outbox. Idempotent: a handler's digest of a day has the dedupe key reminder:<user>:<date>, so a
second run on the same day queues nothing new. `manage.py send_deadline_reminders` runs it from cron."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from initiatives.models import Initiative
from osallisuus.models import OutboxMessage, User
from osallisuus.outbox import outbox_enqueue
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


def deadline_reminders_send(*, today: datetime.date) -> int:
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
            template="initiatives/email/reminder",
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
