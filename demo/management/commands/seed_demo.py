from django.core.management.base import BaseCommand, CommandParser
from django.test import override_settings

from bodies.demo import seed_bodies
from demo.region import seed_region, seed_staff
from initiatives.demo import seed_initiatives
from ladder.demo import seed_programme


class Command(BaseCommand):
    help = "Load the region's vocabulary and demo data. Idempotent: running it again keeps what is there."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--initiatives", type=int, default=40, help="How many synthetic initiatives to create (default 40)."
        )

    def handle(self, *args, initiatives: int, **options) -> None:
        log = self.stdout.write
        # The demo initiators' receipts and notices go through the real services and outbox, but to nobody.
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            seed_region(log=log)
            seed_staff(log=log)
            seed_bodies(log=log)
            seed_initiatives(count=initiatives, log=log)
            # The programme last: its evidence links and computed metrics read the bodies and the initiatives.
            seed_programme(log=log)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
