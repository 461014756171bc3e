"""Writing a change with its history row (django-simple-history): who made it and why, in one place for every
service. A change no person made (an email delivered) names no user."""

from collections.abc import Iterable

from django.db import models

from osallisuus.models import User


def save_with_history(
    instance: models.Model,
    *,
    user: User | None,
    reason: str,
    update_fields: Iterable[str] | None = None,
    validate: bool = True,
) -> None:
    """Validate `instance` (unless `validate` is off: a change of fields that a form never wrote), then save it with
    the history row naming `user` and `reason`."""
    if validate:
        instance.full_clean()
    instance._history_user = user
    instance._change_reason = reason
    instance.save(update_fields=update_fields)


def delete_with_history(instance: models.Model, *, user: User | None, reason: str) -> None:
    """Delete `instance`; its last history row names `user` and `reason`."""
    instance._history_user = user
    instance._change_reason = reason
    instance.delete()
