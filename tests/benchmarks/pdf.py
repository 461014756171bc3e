"""The yearly list PDF for 100, 1,000 and 3,000 initiatives: `python -m tests.benchmarks.pdf --out FILE` with
DATABASE_URL set to an empty throwaway database (its rows would disturb the page benchmarks, so it has its own).

Budget: 1,000 initiatives in under 10 s on one core, growing linearly. Writes the rows as JSON to FILE.
"""

import argparse
import datetime
import io
import json
import os
import sys
import time
from pathlib import Path

SIZES = (100, 1000, 3000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osallisuus.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    results = [bench_annual_pdf(int(size)) for size in args.sizes.split(",")]
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def bench_annual_pdf(size: int) -> dict:
    from django.utils import timezone
    from pypdf import PdfReader

    from initiatives.annual import annual_list
    from initiatives.models import Initiative
    from initiatives.reports import AnnualListReport
    from osallisuus.models import Municipality, Organ

    year = 2000 + size % 97
    organs = [
        Organ.objects.get_or_create(name=f"Toimielin {n}", defaults={"kind": Organ.Kind.COMMITTEE})[0] for n in range(6)
    ]
    municipality = Municipality.objects.get_or_create(code="609", defaults={"name": "Pori"})[0]
    arrived = datetime.date(year, 3, 1)
    sent = timezone.make_aware(datetime.datetime(year, 3, 20, 12))
    Initiative.objects.bulk_create(
        Initiative(
            reference=f"{year}-{n:04d}",
            arrival_year=year,
            sequence=n,
            arrived_on=arrived,
            notice_due_on=datetime.date(year, 4, 1),
            initiator_kind=Initiative.InitiatorKind.RESIDENT,
            name=f"Tekijä {n}",
            home_municipality=municipality,
            postal_address="Katu 1",
            title=f"Aloite numero {n}: kevyen liikenteen väylä terveysasemalle",
            text="Teksti " * 40,
            status=Initiative.Status.DECIDED,
            handling_organ=organs[n % len(organs)],
            notice_sent_at=sent,
            outcome=Initiative.Outcome.PARTLY,
            measures="Asia otetaan huomioon ensi vuoden talousarviossa ja palveluverkon suunnittelussa. " * 2,
            decision_organ=organs[n % len(organs)],
            decision_date=datetime.date(year, 9, 1),
            decision_section=f"§ {n % 300}",
            tracking_token=f"bench-{year}-{n}",
        )
        for n in range(1, size + 1)
    )
    started, started_cpu = time.perf_counter(), time.process_time()
    listing = annual_list(year=year, organ=None)
    pdf = AnnualListReport(listing).pdf()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
    # Not declared fully processed, this size's initiatives would be carried over onto the next size's list.
    assert len(listing.initiatives) == size, f"{len(listing.initiatives)} initiatives on the list of {size}"
    Initiative.objects.filter(arrival_year=year).delete()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {
        "name": "yearly list PDF",
        "rows": size,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "pages": pages,
        "seconds_per_1000": round(seconds / size * 1000, 3),
    }


if __name__ == "__main__":
    sys.exit(main())
