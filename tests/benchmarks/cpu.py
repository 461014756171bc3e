"""The processor time of one request to each page, in-process: `python -m tests.benchmarks.cpu --pages FILE`
(DATABASE_URL and the production settings in the environment). Prints JSON rows.

wrk's figures depend on everything else the machine is doing; the processor time the Django process spends on a
request (time.process_time, median of 15 after 3 warm-ups, through Django's test client: no WSGI server, no
network) hardly does. Its ratio to /healthz's tells what a page costs wherever it is measured, and is what the
budgets hold (tests/benchmarks/budgets.py CPU_BUDGETS). Every page is rendered for its request: the portal caches no
page. Each row also counts the page's queries (one more request). Last comes tests/benchmarks/reference.py's plain
Django list, the framework's own cost for such a page, measured and not budgeted.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPEATS = 15
WARM_UPS = 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=Path, required=True, help="JSON: [[name, path, logged in], ...]; /healthz 1st")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osallisuus.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from tests.benchmarks import budgets, reference

    anonymous = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    staff = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    if not staff.login(username=args.username, password=args.password):
        raise SystemExit(f"could not log in as {args.username}")
    rows = []
    pages = [*json.loads(args.pages.read_text()), (reference.NAME, reference.PATH, False)]
    with override_settings(ROOT_URLCONF=reference.__name__):  # the portal's URLs and the reference page
        for name, path, logged_in in pages:
            client = staff if logged_in else anonymous
            row = {"page": name, "url": path, "cpu_ms": median_cpu_ms(client, path)}
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            row["queries"] = len(captured)
            rows.append(row)
    print(json.dumps(budgets.add_cpu_ratios(rows)))
    return 0


def median_cpu_ms(client, path: str) -> float:
    for _ in range(WARM_UPS):
        status = client.get(path).status_code
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    spent = []
    for _ in range(REPEATS):
        started = time.process_time()
        client.get(path)
        spent.append(time.process_time() - started)
    return round(statistics.median(spent) * 1000, 2)


if __name__ == "__main__":
    sys.exit(main())
