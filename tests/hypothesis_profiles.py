"""Hypothesis profiles of the state machines (tests/bodies/test_state_machine.py and
tests/initiatives/test_state_machine.py): imported by each machine's module, so every machine runs at the same size.

- "default": small enough for the normal suite (a few seconds per machine), derandomised so a run is reproducible.
- "long": ten times the examples, fresh random ones each run: `HYPOTHESIS_PROFILE=long pytest tests/...`.

Loading a profile sets Hypothesis' defaults for the whole run, so tests with a plain `@given` get them too; the fuzz
tests (tests/fuzz/conftest.py) set their own example counts and are unaffected. Both profiles keep no example database
(no .hypothesis folder in the tree) and no deadline (the machines render pages against a shared database server).
"""

import os

from hypothesis import HealthCheck, settings

# The machines take the database and the test client from function-scoped fixtures and reuse them in every example
# (each example works inside its own savepoint).
COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "stateful_step_count": 20,
}

settings.register_profile("default", max_examples=15, derandomize=True, **COMMON)
settings.register_profile("long", max_examples=150, derandomize=False, **COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# The loaded profile as a settings object, for `run_state_machine_as_test(Machine, settings=STATE_MACHINE)`.
STATE_MACHINE = settings()
