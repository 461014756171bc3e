"""Who answers access requests: the registry (and administrators, who hold every role). Requests are sent to the
registry's address (the privacy notice), the export shows every contact detail, and the HYTE coordinators never see
those (data minimisation)."""

from django.contrib.auth.models import AnonymousUser

from osallisuus.models import User
from osallisuus.roles import Role, has_role


def can_answer_access_requests(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.REGISTRY)
