"""Who handles accessibility feedback: the one place it is decided.

The registry (kirjaamo), whose address is the statement's feedback channel (settings.ACCESSIBILITY_FEEDBACK_EMAIL),
and the HYTE coordinators, who keep the portal's content and the programme's feedback metrics, see every feedback
with the sender's contact details (they need them to answer) and mark it answered; administrators hold every role.
Handlers and body secretaries do not see it."""

from django.contrib.auth.models import AnonymousUser

from osallisuus.models import User
from osallisuus.roles import Role, has_role


def can_handle_feedback(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.REGISTRY, Role.HYTE)
