from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from initiatives.annual import annual_list, default_organ
from initiatives.reports import AnnualListReport
from osallisuus.models import Organ


class Command(BaseCommand):
    help = "Write the yearly initiative list as PDF (or CSV when the output ends in .csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The year whose initiatives are listed.")
        parser.add_argument("--output", type=Path, required=True, help="Where to write; .csv gives CSV, else PDF.")
        parser.add_argument("--organ", help="The organ's name (default: the regional council); 'all' for every organ.")

    def handle(self, *args, year: int, output: Path, organ: str | None, **options) -> None:
        if organ is None:
            chosen = default_organ()
        elif organ == "all":
            chosen = None
        else:
            chosen = Organ.objects.filter(name=organ).first()
            if chosen is None:
                raise CommandError(f"No organ named {organ!r}.")
        report = AnnualListReport(annual_list(year=year, organ=chosen))
        content = report.csv() if output.suffix.lower() == ".csv" else report.pdf()
        output.write_bytes(content)
        count = len(report.listing.initiatives)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}: {count} initiatives on the list of {year}."))
