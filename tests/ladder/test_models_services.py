import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from ladder import services
from ladder.models import Action, Measurement, Metric, ParticipationKind, Programme, Step
from ladder.quarters import Quarter
from tests.conftest import make_user
from tests.ladder.factories import make_action, make_measurement, make_metric, make_principle, make_programme

pytestmark = pytest.mark.django_db

S = Action.State


@pytest.fixture
def programme() -> Programme:
    return make_programme()


@pytest.mark.parametrize("today", [datetime.date(2024, 6, 30), datetime.date(2024, 7, 1), datetime.date(2025, 1, 1)])
def test_late_rule_in_sql_and_python_agree(programme, today):
    actions = [
        make_action(programme, title=f"{state} {end}", start="Q1/2024", end=end, state=state)
        for state in S.values
        for end in ["Q1/2024", "Q2/2024", "Q3/2024", "Q4/2024"]
    ]
    late_in_sql = set(Action.objects.late(today).values_list("pk", flat=True))
    late_in_python = {action.pk for action in actions if action.is_late_on(today)}
    assert late_in_sql == late_in_python
    assert late_in_sql  # the rule is exercised, not vacuous


def test_late_means_schedule_over_and_still_open(programme):
    today = datetime.date(2024, 7, 1)  # Q3/2024 has begun, Q2/2024 is over
    ended_open = make_action(programme, title="a", start="Q1/2024", end="Q2/2024", state=S.IN_PROGRESS)
    ended_done = make_action(programme, title="b", start="Q1/2024", end="Q2/2024", state=S.DONE)
    ended_cancelled = make_action(programme, title="c", start="Q2/2024", state=S.CANCELLED)
    running = make_action(programme, title="d", start="Q2/2024", end="Q3/2024", state=S.DELAYED)
    assert list(Action.objects.late(today)) == [ended_open]
    assert ended_open.is_late_on(today)
    assert not any(a.is_late_on(today) for a in [ended_done, ended_cancelled, running])


def test_state_change_records_user_and_reason(programme, hyte_user):
    action = make_action(programme)
    services.action_change_state(action=action, state=S.IN_PROGRESS, user=hyte_user, reason="Työryhmä aloitti")
    action.refresh_from_db()
    assert action.state == S.IN_PROGRESS
    record = action.history.first()
    assert record.history_user == hyte_user
    assert record.history_change_reason == "Työryhmä aloitti"
    assert record.state == S.IN_PROGRESS


def test_state_change_refuses_a_transition_not_allowed(programme, hyte_user):
    action = make_action(programme, state=S.DONE)
    with pytest.raises(ValidationError, match="cannot be marked"):
        services.action_change_state(action=action, state=S.CANCELLED, user=hyte_user, reason="x")
    with pytest.raises(ValidationError, match="reason"):
        services.action_change_state(action=action, state=S.IN_PROGRESS, user=hyte_user, reason=" ")
    action.refresh_from_db()
    assert action.state == S.DONE


def test_bulk_state_change_counts_changed_and_refused(programme, hyte_user):
    planned = make_action(programme, title="a")
    done = make_action(programme, title="b", state=S.DONE)
    cancelled = make_action(programme, title="c", state=S.CANCELLED)
    changed, refused = services.action_bulk_change_state(
        actions=Action.objects.all(), state=S.DELAYED, user=hyte_user, reason="Resurssit puuttuvat"
    )
    assert (changed, refused) == (1, 2)
    assert Action.objects.get(pk=planned.pk).state == S.DELAYED
    assert {Action.objects.get(pk=a.pk).state for a in [done, cancelled]} == {S.DONE, S.CANCELLED}


def test_action_create_refuses_a_schedule_that_ends_before_it_starts(programme, hyte_user):
    with pytest.raises(ValidationError) as error:
        services.action_create(
            step=programme.steps.get(number=3),
            principle=make_principle(),
            title="Väärä aikataulu",
            start=Quarter(2024, 3),
            end=Quarter(2024, 1),
            user=hyte_user,
            reason="test",
        )
    assert error.value.message_dict["ends_in"] == ["The schedule ends (Q1/2024) before it starts (Q3/2024)."]
    assert not Action.objects.exists()


def test_the_database_also_refuses_a_reversed_schedule_or_a_fifth_quarter(programme):
    step, principle = programme.steps.get(number=1), make_principle()
    with pytest.raises(IntegrityError):
        Action.objects.create(step=step, principle=principle, title="x", starts_in=20243, ends_in=20241)


def test_the_database_refuses_a_quarter_five(programme):
    with pytest.raises(IntegrityError):
        Action.objects.create(
            step=programme.steps.get(number=1), principle=make_principle(), title="x", starts_in=20245, ends_in=20245
        )


def test_step_numbers_are_unique_per_programme_and_within_1_to_5(programme):
    with pytest.raises(IntegrityError):
        Step.objects.create(programme=programme, number=3, title="Kaksoiskappale")


def test_step_standing_follows_the_current_step(programme):
    standings = [step.standing for step in programme.steps.order_by("number")]
    assert standings == ["reached", "reached", "current", "ahead", "ahead"]


def test_choice_labels_agree_with_get_display(programme):
    """The labels the public page reads (choice_label) are those of get_FOO_display()."""
    for kind in ParticipationKind.Kind.values:
        participation = ParticipationKind(programme=programme, kind=kind)
        assert participation.kind_label == participation.get_kind_display() == str(participation)
    action = make_action(programme, title="Kysely", start="Q1/2024", end="Q2/2024", state=S.IN_PROGRESS)
    assert action.state_label == action.get_state_display()
    assert action.means_label == action.get_means_display()


@pytest.fixture
def indicator(programme) -> Metric:
    return make_metric(programme, name="Osallisuusindikaattori", unit="pistettä", thl_indicator=True)


def _record(metric, **fields):
    defaults = {
        "period_start": datetime.date(2024, 1, 1),
        "period_end": datetime.date(2024, 12, 31),
        "value": Decimal("68.4"),
        "respondents": 40,
        "group": "Aikuiset asiakkaat",
        "survey": "Asiakaskysely",
        "user": None,
        "reason": "test",
    }
    return services.measurement_record(metric=metric, **(defaults | fields))


def test_thl_indicator_refuses_a_group_smaller_than_the_minimum(indicator):
    with pytest.raises(ValidationError) as error:
        _record(indicator, respondents=9)
    assert error.value.message_dict["respondents"] == [
        "The group has only 9 respondents. Results of groups smaller than 10 are not stored, so that no one can "
        "be recognised from them."
    ]
    assert not Measurement.objects.exists()
    assert _record(indicator, respondents=10).pk


def test_thl_minimum_group_is_a_setting(indicator, settings):
    settings.THL_INDICATOR_MIN_GROUP = 50
    with pytest.raises(ValidationError, match="smaller than 50"):
        _record(indicator, respondents=40)


def test_thl_indicator_needs_a_score_0_to_100_a_group_and_a_survey(indicator):
    with pytest.raises(ValidationError) as error:
        _record(indicator, value=Decimal(101), group="", survey="", respondents=None)
    assert set(error.value.message_dict) == {"value", "group", "survey", "respondents"}


def test_model_validation_refuses_a_small_group_too(indicator):
    measurement = Measurement(
        metric=indicator,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        value=Decimal(70),
        respondents=3,
        group="Nuoret",
        survey="Kysely",
    )
    with pytest.raises(ValidationError, match="only 3 respondents"):
        measurement.full_clean()


def test_computed_metrics_take_no_entered_values(programme):
    metric = make_metric(
        programme, name="Aloitteiden määrä", source=Metric.Source.COMPUTED, computed_key="initiatives_received"
    )
    with pytest.raises(ValidationError, match="computed"):
        services.measurement_record(
            metric=metric,
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            value=Decimal(3),
            user=None,
            reason="test",
        )


def test_a_computed_metric_needs_a_known_key(programme):
    metric = Metric(programme=programme, name="x", source=Metric.Source.COMPUTED, computed_key="nonsense")
    with pytest.raises(ValidationError) as error:
        metric.full_clean()
    assert "computed_key" in error.value.message_dict


def test_measurement_history_and_period_label(programme):
    metric = make_metric(programme)
    user = make_user("hyte2")
    measurement = services.measurement_record(
        metric=metric,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 6, 30),
        value=Decimal(120),
        user=user,
        reason="Vuosipuolisko",
    )
    assert measurement.period_label == "Q1/2024–Q2/2024"
    assert make_measurement(metric, year=2023).period_label == "2023"
    assert measurement.history.get().history_user == user


def test_target_comparison_follows_direction(programme):
    up = make_metric(programme, name="up", target=Decimal(10))
    down = make_metric(programme, name="down", target=Decimal(10), direction=Metric.Direction.DOWN)
    assert up.is_on_target(Decimal(10))
    assert not up.is_on_target(9)
    assert down.is_on_target(9)
    assert not down.is_on_target(11)
    assert up.is_on_target(None) is None


def test_current_programme_is_the_one_in_force(programme):
    later = make_programme(name="Osallisuusohjelma", start_year=2026, end_year=2029)
    assert Programme.objects.current(datetime.date(2025, 5, 1)) == programme
    assert Programme.objects.current(datetime.date(2027, 5, 1)) == later
    assert Programme.objects.current(datetime.date(2030, 5, 1)) == later


def test_before_any_programme_has_started_the_one_starting_last_is_shown(programme):
    later = make_programme(name="Osallisuusohjelma", start_year=2026, end_year=2029)
    assert Programme.objects.current(datetime.date(2020, 5, 1)) == later
    assert Programme.objects.filter(pk=programme.pk).current(datetime.date(2020, 5, 1)) == programme
    assert Programme.objects.none().current(datetime.date(2020, 5, 1)) is None
