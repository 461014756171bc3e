from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ladder.models import Programme
from ladder.reports import programme_report_pdf


class Command(BaseCommand):
    help = "Write the participation programme's yearly progress report as PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The year to report on, e.g. 2024.")
        parser.add_argument("--output", type=Path, required=True, help="Where to write the PDF.")

    def handle(self, *args, year: int, output: Path, **options) -> None:
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year} is not a plausible year.")
        try:
            pdf = programme_report_pdf(year=year)
        except Programme.DoesNotExist as error:
            raise CommandError(str(error)) from error
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(pdf)} bytes)."))
