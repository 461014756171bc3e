from django.db import migrations


class Migration(migrations.Migration):
    """Accessibility feedback (with its history) went to the accessibility app, the logs of access request exports
    and retention runs to the privacy app. Their tables stay as they are: only the migration state forgets them here,
    after the new apps' first migrations have taken them over."""

    dependencies = [
        ("osallisuus", "0007_drop_page_cache_table"),
        ("accessibility", "0001_initial"),
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="HistoricalAccessibilityFeedback"),
                migrations.DeleteModel(name="AccessibilityFeedback"),
                migrations.DeleteModel(name="AccessRequestExport"),
                migrations.DeleteModel(name="RetentionRun"),
            ],
        ),
    ]
