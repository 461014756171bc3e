"""README.md stays true to the code: every environment variable of settings.py and the demo logins are documented."""

import re
from pathlib import Path

from django.conf import settings

from demo.region import DEMO_PASSWORD, DEMO_USERS

README = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
SETTINGS_SOURCE = (Path(settings.BASE_DIR) / "osallisuus" / "settings.py").read_text(encoding="utf-8")


def test_every_environment_variable_is_documented_with_its_default():
    variables = re.findall(r'env_(?:str|bool|int|list)\(\s*"(\w+)"', SETTINGS_SOURCE)
    assert "SECRET_KEY" in variables
    assert "THL_INDICATOR_MIN_GROUP" in variables

    table = {row.split("|")[1].strip() for row in README.splitlines() if row.startswith("| `")}
    documented = {name for cell in table for name in re.findall(r"`(\w+)`", cell)}

    assert sorted(set(variables) - documented) == []


def test_settings_read_the_environment_only_through_the_helpers():
    after_helpers = SETTINGS_SOURCE.split("# --- Environment")[1].split("\n", 1)[1]

    assert "os.environ" not in after_helpers
    assert "os.getenv" not in after_helpers


def test_first_screen_has_the_commands_and_the_demo_logins():
    first_screen = README.split("## Production")[0]

    assert "make run" in first_screen
    assert "make test" in first_screen
    assert "http://127.0.0.1:8000" in first_screen
    assert f"`{DEMO_PASSWORD}`" in first_screen
    for username, *_rest in DEMO_USERS:
        assert f"| `{username}` |" in first_screen


def test_production_section_names_the_commands_an_operator_runs():
    production = README.split("## Production")[1].split("## Layout")[0]

    for command in [
        "gunicorn osallisuus.wsgi",
        "manage.py migrate",
        "manage.py collectstatic",
        "manage.py check --deploy",
        "manage.py db_worker",
        "TASKS_BACKEND=django_tasks_db.DatabaseBackend",
        "manage.py send_deadline_reminders",
        "manage.py apply_retention",
    ]:
        assert command in production, command
