"""Staff roles. Each is a Django group of the same name; administrators (superusers) hold every role."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q, StringAgg, Value
from django.utils.translation import gettext_lazy as _

from osallisuus.models import User


class Role(models.TextChoices):
    REGISTRY = "registry", _("Registry")
    HANDLER = "handler", _("Handler")
    HYTE = "hyte", _("HYTE coordinator")
    SECRETARY = "secretary", _("Body secretary")


# Where a user object keeps its roles for the rest of the request.
ROLES_ATTRIBUTE = "_osallisuus_roles"


def user_roles(user: User | AnonymousUser) -> frozenset[str]:
    """The roles of a user. Read once per user object, that is once per request (as Django's own permission cache on
    the user): a role taken away counts from the user's next request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Role.values)
    cached = getattr(user, ROLES_ATTRIBUTE, None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
        setattr(user, ROLES_ATTRIBUTE, cached)
    return cached


def has_role(user: User | AnonymousUser, *roles: Role) -> bool:
    """True when the user is active staff holding any of the given roles."""
    return bool(user_roles(user).intersection(roles))


class RolesBackend(ModelBackend):
    """Django's model backend, whose user of each request comes with the names of its roles in the same query (one
    query on every staff request, not two)."""

    def get_user(self, user_id):
        role_names = StringAgg("groups__name", Value(","), filter=Q(groups__name__in=Role.values), default="")
        user = User.objects.filter(pk=user_id).annotate(role_names=role_names).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        setattr(user, ROLES_ATTRIBUTE, frozenset(user.role_names.split(",")) - {""})
        return user
