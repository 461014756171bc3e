"""Who sees and who answers accessibility feedback: the one place it is decided.

- The registry (kirjaamo), whose address is the statement's feedback channel (settings.ACCESSIBILITY_FEEDBACK_EMAIL),
  answers the feedback: it sees the sender's name and email address and marks the feedback answered.
- HYTE coordinators, who keep the portal's content and the programme's feedback metrics, see every feedback and its
  deadline but not who sent it, and answer none (data minimisation, GDPR art. 5(1)(c), as with initiatives).
- Administrators hold every role. Handlers and body secretaries see no feedback."""

from django.contrib.auth.models import AnonymousUser

from osallisuus.models import User
from osallisuus.roles import Role, has_role


def can_see_feedback(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.REGISTRY, Role.HYTE)


def can_answer_feedback(user: User | AnonymousUser) -> bool:
    """Marking feedback answered, and the sender's contact details, belong to the registry that answers."""
    return has_role(user, Role.REGISTRY)
