"""Every change to the programme's data: validated, in a transaction, recorded in history with who and why."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ladder import metrics
from ladder.models import Action, ClosedYearValue, Measurement, Metric, ProgressNote, Step
from ladder.quarters import Quarter
from osallisuus.history import delete_with_history, save_with_history
from osallisuus.models import Unit, User


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
    save_with_history(action, user=user, reason=reason)
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
    save_with_history(action, user=user, reason=reason)
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
    save_with_history(locked, user=user, reason=reason)
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
    save_with_history(note, user=user, reason=reason or _("Progress note added"))
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
    save_with_history(measurement, user=user, reason=reason)
    return measurement


@transaction.atomic
def programme_item_save(*, instance: models.Model, user: User | None, reason: str) -> models.Model:
    """Save any other programme record edited in the admin (programme, step, metric, measurement ...)."""
    save_with_history(instance, user=user, reason=reason)
    return instance


@transaction.atomic
def programme_item_delete(*, instance: models.Model, user: User | None, reason: str) -> None:
    delete_with_history(instance, user=user, reason=reason)


def _closed_year_value(
    key: str, year: int, value: metrics.ComputedValue, *, user: User | None, reason: str
) -> ClosedYearValue:
    stored = ClosedYearValue(
        computed_key=key,
        year=year,
        value=value.value,
        breakdown=[[label, None if part is None else str(part)] for label, part in value.breakdown],
        computed_at=timezone.now(),
        computed_by=user,
        reason=reason,
    )
    stored.full_clean(validate_constraints=False)  # the constraint is kept by the database (ignore_conflicts)
    return stored


def closed_year_values_store(*, year: int, values: dict[str, metrics.ComputedValue], today: datetime.date) -> None:
    """Store the values of a closed year counted on its first read (ClosedYearValue states when a year closes), as
    the reader judged it on `today`.

    Two first readers at the same moment count the same values; the one who comes second stores nothing."""
    if not ClosedYearValue.is_closed(year, today):
        raise ValidationError(_("The figures of %(year)s may still change; they are not stored yet.") % {"year": year})
    reason = _("Counted on the first read after the year closed")
    ClosedYearValue.objects.bulk_create(
        [_closed_year_value(key, year, value, user=None, reason=reason) for key, value in values.items()],
        ignore_conflicts=True,
    )


@transaction.atomic
def closed_year_values_recompute(*, year: int, user: User | None, reason: str) -> list[ClosedYearValue]:
    """Count a closed year's computed metrics again from the portal's data as it is now and replace the stored
    values: the path for a correction made to a closed year's initiatives, meetings or statements."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for the change."))
    if not ClosedYearValue.is_closed(year, timezone.localdate()):
        raise ValidationError(
            _("The figures of %(year)s are counted afresh on every request until the year closes on %(day)s.")
            % {"year": year, "day": f"{ClosedYearValue.closes_on(year):%d.%m.%Y}"}
        )
    values = metrics.compute_all(metrics.COMPUTED_METRICS, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    ClosedYearValue.objects.filter(year=year).exclude(computed_key__in=values).delete()
    return ClosedYearValue.objects.bulk_create(
        [_closed_year_value(key, year, value, user=user, reason=reason) for key, value in values.items()],
        update_conflicts=True,
        unique_fields=["computed_key", "year"],
        update_fields=["value", "breakdown", "computed_at", "computed_by", "reason"],
    )
