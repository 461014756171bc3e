from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ladder.services import closed_year_values_recompute


class Command(BaseCommand):
    help = (
        "Count the computed metrics of a closed year again from the portal's data and replace the stored values "
        "(after a correction to that year's initiatives, meetings or statements; see ladder.models.ClosedYearValue)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The closed year to count again, e.g. 2024.")
        parser.add_argument("--reason", required=True, help="Why, e.g. the correction that was made.")

    def handle(self, *args, year: int, reason: str, **options) -> None:
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year} is not a plausible year.")
        try:
            stored = closed_year_values_recompute(year=year, user=None, reason=reason)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for value in stored:
            self.stdout.write(f"{value.computed_key}: {'–' if value.value is None else value.value}")
        self.stdout.write(self.style.SUCCESS(f"Counted {len(stored)} values of {year} again."))
