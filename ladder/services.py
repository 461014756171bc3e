"""Every change to the programme's data: validated, in a transaction, recorded in history with who and why."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from ladder.models import Action, Measurement, Metric, ProgressNote, Step
from ladder.quarters import Quarter
from osallisuus.models import Unit, User


def _save_with_history(instance: models.Model, *, user: User | None, reason: str) -> None:
    """Validate and save `instance`, tagging the history row simple_history writes with the user and reason."""
    instance.full_clean()
    instance._history_user = user
    instance._change_reason = reason
    instance.save()


@transaction.atomic
def action_create(
    *,
    step: Step,
    principle,
    title: str,
    start: Quarter,
    end: Quarter,
    user: User | None,
    reason: str,
    description: str = "",
    means: str = "",
    state: str = Action.State.PLANNED,
    responsible_units: list[Unit] | models.QuerySet | None = None,
    position: int = 0,
) -> Action:
    action = Action(
        step=step,
        principle=principle,
        title=title,
        description=description,
        means=means,
        state=state,
        starts_in=start.code,
        ends_in=end.code,
        position=position,
    )
    _save_with_history(action, user=user, reason=reason)
    if responsible_units:
        action.responsible_units.set(responsible_units)
    return action


@transaction.atomic
def action_save(*, action: Action, user: User | None, reason: str) -> Action:
    """Save an action edited as a whole (the admin's change form). A change of state must follow
    `Action.TRANSITIONS`, as in `action_change_state`."""
    if action.pk:
        previous = Action.objects.select_for_update().only("state").get(pk=action.pk).state
        if previous != action.state and not Action(state=previous).can_change_to(action.state):
            raise ValidationError({"state": _transition_error(previous, action.state)})
    _save_with_history(action, user=user, reason=reason)
    return action


def _transition_error(current: str, new: str) -> str:
    return _("An action that is “%(current)s” cannot be marked “%(new)s”.") % {
        "current": Action.State(current).label,
        "new": Action.State(new).label,
    }


@transaction.atomic
def action_change_state(*, action: Action, state: str, user: User | None, reason: str) -> Action:
    """Move an action to `state` along `Action.TRANSITIONS`; the history row keeps who did it and why."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for the change."))
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.state == state:
        return locked
    if not locked.can_change_to(state):
        raise ValidationError(_transition_error(locked.state, state))
    locked.state = state
    _save_with_history(locked, user=user, reason=reason)
    action.state = locked.state
    return locked


def action_bulk_change_state(
    *, actions: models.QuerySet, state: str, user: User | None, reason: str
) -> tuple[int, int]:
    """Change the state of several actions, each in its own transaction. Returns (changed, refused)."""
    changed = refused = 0
    for action in actions.order_by("pk"):
        if action.state == state:
            continue
        try:
            action_change_state(action=action, state=state, user=user, reason=reason)
        except ValidationError:
            refused += 1
        else:
            changed += 1
    return changed, refused


@transaction.atomic
def progress_note_add(
    *, action: Action, noted_on: datetime.date, text: str, user: User | None, reason: str = ""
) -> ProgressNote:
    note = ProgressNote(action=action, noted_on=noted_on, text=text, author=user)
    _save_with_history(note, user=user, reason=reason or _("Progress note added"))
    return note


@transaction.atomic
def measurement_record(
    *,
    metric: Metric,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal,
    user: User | None,
    reason: str,
    respondents: int | None = None,
    group: str = "",
    survey: str = "",
    note: str = "",
) -> Measurement:
    """Record a value of an entered metric. For the THL participation indicator the group must reach
    settings.THL_INDICATOR_MIN_GROUP respondents; computed metrics take no entered values."""
    measurement = Measurement(
        metric=metric,
        period_start=period_start,
        period_end=period_end,
        value=value,
        respondents=respondents,
        group=group,
        survey=survey,
        note=note,
    )
    _save_with_history(measurement, user=user, reason=reason)
    return measurement


@transaction.atomic
def programme_item_save(*, instance: models.Model, user: User | None, reason: str) -> models.Model:
    """Save any other programme record edited in the admin (programme, step, metric, measurement ...)."""
    _save_with_history(instance, user=user, reason=reason)
    return instance


@transaction.atomic
def programme_item_delete(*, instance: models.Model, user: User | None, reason: str) -> None:
    instance._history_user = user
    instance._change_reason = reason
    instance.delete()
