from django.core.management.base import BaseCommand, CommandParser

from osallisuus.demo import seed_region, seed_staff


class Command(BaseCommand):
    help = "Load the region's vocabulary and demo data. Idempotent: running it again keeps what is there."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--initiatives",
            type=int,
            default=40,
            help="How many synthetic initiatives to create (default 40).",
        )

    def handle(self, *args, **options) -> None:
        log = self.stdout.write
        seed_region(log=log)
        seed_staff(log=log)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
