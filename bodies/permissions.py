"""Who may keep which body: the one place the object-level permission of the bodies app is decided.

A body's secretaries keep its terms, seats, members, meetings, minutes and statements; administrators (superusers)
keep every body. Holding the secretary role alone gives no body: the user must be named among the body's secretaries.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from bodies.models import AdvisoryBody
from osallisuus.models import User
from osallisuus.roles import Role, has_role


def bodies_editable_by(user: User | AnonymousUser) -> QuerySet[AdvisoryBody]:
    """The bodies `user` may keep."""
    if not user.is_authenticated or not user.is_active:
        return AdvisoryBody.objects.none()
    if user.is_superuser:
        return AdvisoryBody.objects.all()
    if not has_role(user, Role.SECRETARY):
        return AdvisoryBody.objects.none()
    return AdvisoryBody.objects.filter(secretaries=user)


def can_edit_body(user: User | AnonymousUser, body: AdvisoryBody) -> bool:
    """True when `user` may keep `body` (same rule as `bodies_editable_by`)."""
    return bodies_editable_by(user).filter(pk=body.pk).exists()


def can_use_workspace(user: User | AnonymousUser) -> bool:
    """Secretaries and administrators see the bodies' staff workspace (it then lists only their own bodies)."""
    return user.is_authenticated and user.is_active and (user.is_superuser or has_role(user, Role.SECRETARY))
