"""Hypothesis settings of the state machines (tests/bodies/test_state_machine.py and
tests/initiatives/test_state_machine.py): imported by each machine's module, so every machine runs at the same size.

- by default: small enough for the normal suite (seconds per machine), derandomised so a run is reproducible;
- HYPOTHESIS_PROFILE=long: ten times the examples, fresh random ones each run (`HYPOTHESIS_PROFILE=long pytest ...`).

Only the machines use these settings (`run_state_machine_as_test(Machine, settings=STATE_MACHINE)`): nothing here
changes Hypothesis' global defaults, which other property tests rely on (the fuzz tests set their own sizes). No
example database (no .hypothesis folder in the tree) and no deadline (the machines render pages against a shared
database server).
"""

import os

from hypothesis import HealthCheck, settings

# The machines take the database from function-scoped fixtures and reuse it in every example (each example works
# inside its own savepoint).
COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "stateful_step_count": 20,
}

settings.register_profile("state-machines", max_examples=15, derandomize=True, **COMMON)
settings.register_profile("state-machines-long", max_examples=150, derandomize=False, **COMMON)

PROFILE = "state-machines-long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "state-machines"
STATE_MACHINE = settings.get_profile(PROFILE)
