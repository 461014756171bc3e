"""Moving models between apps keeps every row: a database at the migrations before a move migrates forward with its
rows, their history, and their permissions (granted to a role group) under the new apps' content types. Accessibility
feedback and the privacy logs left the osallisuus app with their tables unchanged (SeparateDatabaseAndState); the
outbox came to it from the initiatives app, each message naming its initiative in new columns."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accessibility.models import AccessibilityFeedback
from osallisuus.models import OutboxMessage
from privacy.models import AccessRequestExport, RetentionRun
from tests.initiatives.factories import make_initiative

# The last migration of each project app before the move; accessibility and privacy had none.
BEFORE_THE_MOVE = [
    ("osallisuus", "0007_drop_page_cache_table"),
    ("initiatives", "0009_outbox_retries_and_notice_delivery"),
    ("bodies", "0006_removed_names_may_match"),
    ("ladder", "0006_closed_year_values"),
]
NEW_APPS = [("accessibility", None), ("privacy", None)]
# Each moved model and the app it moved to.
MOVED = {
    "accessibilityfeedback": "accessibility",
    "historicalaccessibilityfeedback": "accessibility",
    "accessrequestexport": "privacy",
    "retentionrun": "privacy",
}
RECEIVED_AT = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=ZoneInfo("Europe/Helsinki"))

pytestmark = pytest.mark.django_db(transaction=True)


def migrate_to_the_newest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def before_the_move():
    """The migration state of the database before the move (its apps' historical models); migrated back to the
    newest afterwards, whatever the test did."""
    MigrationExecutor(connection).migrate(BEFORE_THE_MOVE + NEW_APPS)
    try:
        yield MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE).apps
    finally:
        migrate_to_the_newest()


def test_rows_history_and_permissions_move_to_the_new_apps(before_the_move):
    old = before_the_move
    user = old.get_model("osallisuus", "User").objects.create(username="kirjaaja", email="kirjaaja@example.invalid")
    feedback = old.get_model("osallisuus", "AccessibilityFeedback").objects.create(
        message="Kuvista puuttuvat tekstivastineet.",
        email="palaute@example.invalid",
        received_at=RECEIVED_AT,
        answer_due_on=datetime.date(2026, 11, 16),
    )
    old.get_model("osallisuus", "HistoricalAccessibilityFeedback").objects.create(
        id=feedback.pk,
        message=feedback.message,
        email=feedback.email,
        received_at=RECEIVED_AT,
        answer_due_on=feedback.answer_due_on,
        history_date=RECEIVED_AT,
        history_type="+",
        history_change_reason="Arrived by web form",
    )
    old.get_model("osallisuus", "AccessRequestExport").objects.create(
        exported_by=user, query="maija@example.invalid", record_count=3
    )
    old.get_model("osallisuus", "RetentionRun").objects.create(counts={"initiatives.contact_details": 2})
    # Before the move the models' content types (and so their permissions) are the osallisuus app's; the registry
    # was granted two of them.
    assert set(ContentType.objects.filter(model__in=MOVED).values_list("app_label", flat=True)) == {"osallisuus"}
    registry = Group.objects.get_or_create(name="registry")[0]
    registry.permissions.add(
        Permission.objects.get(content_type__app_label="osallisuus", codename="view_accessibilityfeedback"),
        Permission.objects.get(content_type__app_label="osallisuus", codename="view_accessrequestexport"),
    )

    migrate_to_the_newest()

    moved = AccessibilityFeedback.objects.get()
    assert (moved.pk, moved.message, moved.email, moved.received_at) == (
        feedback.pk,
        "Kuvista puuttuvat tekstivastineet.",
        "palaute@example.invalid",
        RECEIVED_AT,
    )
    assert [(row.history_type, row.history_change_reason) for row in moved.history.all()] == [
        ("+", "Arrived by web form")
    ]
    export = AccessRequestExport.objects.get()
    assert (export.exported_by.username, export.query, export.record_count) == ("kirjaaja", "maija@example.invalid", 3)
    assert RetentionRun.objects.get().counts == {"initiatives.contact_details": 2}
    assert dict(ContentType.objects.filter(model__in=MOVED).values_list("model", "app_label")) == MOVED
    for model, app_label in MOVED.items():
        codenames = set(
            Permission.objects.filter(content_type__model=model, content_type__app_label=app_label).values_list(
                "codename", flat=True
            )
        )
        assert codenames == {f"{action}_{model}" for action in ("add", "change", "delete", "view")}
    assert set(registry.permissions.values_list("content_type__app_label", "codename")) == {
        ("accessibility", "view_accessibilityfeedback"),
        ("privacy", "view_accessrequestexport"),
    }


# The last migrations before the outbox moved from the initiatives app to the osallisuus app.
BEFORE_THE_OUTBOX_MOVED = [
    ("osallisuus", "0008_models_moved_to_apps"),
    ("initiatives", "0009_outbox_retries_and_notice_delivery"),
]


def test_the_outbox_moves_with_every_message_and_the_initiative_it_is_about():
    initiative = make_initiative()  # its receipt is in the outbox
    receipt = OutboxMessage.objects.get()
    try:
        MigrationExecutor(connection).migrate(BEFORE_THE_OUTBOX_MOVED)
        old = MigrationExecutor(connection).loader.project_state(BEFORE_THE_OUTBOX_MOVED).apps
        OldOutboxMessage = old.get_model("initiatives", "OutboxMessage")
        assert OldOutboxMessage.objects.get().initiative_id == initiative.pk  # migrating back keeps it too
        OldOutboxMessage.objects.create(
            kind="tracking_link", recipient="maija@example.invalid", subject="Linkit", body="…", language="fi"
        )
        registry = Group.objects.get_or_create(name="registry")[0]
        registry.permissions.add(
            Permission.objects.get(content_type__app_label="initiatives", codename="view_outboxmessage")
        )
    finally:
        migrate_to_the_newest()

    messages = list(OutboxMessage.objects.order_by("pk"))
    assert [(m.pk, m.message_id, m.about_model, m.about_id) for m in messages] == [
        (receipt.pk, receipt.message_id, "initiatives.initiative", initiative.pk),
        (receipt.pk + 1, messages[1].message_id, "", None),
    ]
    assert list(OutboxMessage.objects.about(initiative)) == [receipt]
    assert set(registry.permissions.values_list("content_type__app_label", "codename")) == {
        ("osallisuus", "view_outboxmessage")
    }
