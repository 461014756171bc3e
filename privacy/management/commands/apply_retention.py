"""Remove personal data past its retention time (GDPR art. 5(1)(e)); run daily from cron (README).

The rules live with their data: initiatives.retention (initiators' contact details, names, attachments and emails,
`RETENTION_INITIATOR_CONTACT_DAYS` after the initiative was declared fully processed) and bodies.retention (names in
published minutes after `RETENTION_MINUTES_PERSONAL_DATA_DAYS`, members of past terms after
`RETENTION_BODY_MEMBER_DAYS`). The inventory of what is kept and for how long is privacy.inventory.

Idempotent: a second run finds nothing left and says so. `--dry-run` counts without changing anything. A run that
removed something is recorded as a RetentionRun with its counts (never the removed data).
"""

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from bodies.retention import members_apply_retention, minutes_apply_retention
from initiatives.retention import initiatives_apply_retention
from privacy.models import RetentionRun


def apply_retention(*, today: datetime.date, dry_run: bool = False) -> dict[str, int]:
    """Run every rule for `today` (minutes before members: the minutes rule looks the names up in the memberships)
    and return the counts, keyed "<rule>.<what>"; records a RetentionRun when anything was removed."""
    results = {
        "initiatives": initiatives_apply_retention(today=today, dry_run=dry_run),
        "minutes": minutes_apply_retention(today=today, dry_run=dry_run),
        "members": members_apply_retention(today=today, dry_run=dry_run),
    }
    counts = {f"{rule}.{key}": value for rule, result in results.items() for key, value in vars(result).items()}
    if not dry_run and any(counts.values()):
        RetentionRun.objects.create(counts=counts)
    return counts


class Command(BaseCommand):
    help = "Remove personal data past its retention time. Idempotent; prints what it did."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would be removed, change nothing.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        counts = apply_retention(today=timezone.localdate(), dry_run=dry_run)
        verb = "Would clean" if dry_run else "Cleaned"
        if not any(counts.values()):
            self.stdout.write("Nothing to remove: no personal data is past its retention time.")
            return
        for key, value in counts.items():
            if value:
                self.stdout.write(f"{verb} {key}: {value}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
