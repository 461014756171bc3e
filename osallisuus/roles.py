"""Staff roles. Each is a Django group of the same name; administrators (superusers) hold every role."""

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from osallisuus.models import User


class Role(models.TextChoices):
    REGISTRY = "registry", _("Registry")
    HANDLER = "handler", _("Handler")
    HYTE = "hyte", _("HYTE coordinator")
    SECRETARY = "secretary", _("Body secretary")


def user_roles(user: User | AnonymousUser) -> frozenset[str]:
    """The roles of a user. Read once per user object, that is once per request (as Django's own permission cache on
    the user): a role taken away counts from the user's next request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Role.values)
    cached = getattr(user, "_osallisuus_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)).intersection(Role.values)
        user._osallisuus_roles = cached
    return cached


def has_role(user: User | AnonymousUser, *roles: Role) -> bool:
    """True when the user is active staff holding any of the given roles."""
    return bool(user_roles(user).intersection(roles))
