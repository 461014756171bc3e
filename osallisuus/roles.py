"""Staff roles. Each is a Django group of the same name; administrators (superusers) hold every role."""

from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from osallisuus.models import User


class Role(models.TextChoices):
    REGISTRY = "registry", _("Registry")
    HANDLER = "handler", _("Handler")
    HYTE = "hyte", _("HYTE coordinator")
    SECRETARY = "secretary", _("Body secretary")


def user_roles(user: User | AnonymousUser) -> frozenset[str]:
    """The roles of a user, read once per request object."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Role.values)
    cached = getattr(user, "_osallisuus_roles", None)
    if cached is None:
        cached = frozenset(_group_names(user.pk)).intersection(Role.values)
        user._osallisuus_roles = cached
    return cached


def _group_names(user_id: int) -> list[str]:
    """The names of the user's groups: `user.groups.values_list("name")` in plain SQL. It runs on every staff
    request, and building the ORM's query costs twice as much as running it (make bench)."""
    # The table names come from the models, never from input.
    groups, members = Group._meta.db_table, User.groups.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT g.name FROM {groups} g JOIN {members} m ON m.group_id = g.id WHERE m.user_id = %s",  # noqa: S608
            [user_id],
        )
        return [name for (name,) in cursor.fetchall()]


def has_role(user: User | AnonymousUser, *roles: Role) -> bool:
    """True when the user is active staff holding any of the given roles."""
    return bool(user_roles(user).intersection(roles))
