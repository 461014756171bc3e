"""The processor time of one request to each page, in-process: `python -m tests.benchmarks.cpu --pages FILE`
(DATABASE_URL and the production settings in the environment). Prints JSON rows.

wrk's figures depend on everything else the machine is doing; the processor time the Django process spends on a
request (time.process_time, median of 15 after 3 warm-ups, through Django's test client: no WSGI server, no
network) hardly does. Its ratio to /healthz's tells what a page costs wherever it is measured. Each page twice: as
served (from the page cache once rendered) and rendered (the cache bypassed by a cookie the portal did not set).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPEATS = 15


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=Path, required=True, help="JSON: [[name, path, logged in], ...]")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--fresh-cookie", required=True, help="name=value: a cookie that bypasses the page cache")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osallisuus.settings")
    import django

    django.setup()
    from django.test import Client

    anonymous = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    staff = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    if not staff.login(username=args.username, password=args.password):
        raise SystemExit(f"could not log in as {args.username}")
    fresh_name, fresh_value = args.fresh_cookie.split("=", 1)
    rows = []
    for name, path, logged_in in json.loads(args.pages.read_text()):
        client = staff if logged_in else anonymous
        row = {"page": name, "url": path, "cpu_ms": median_cpu_ms(client, path)}
        client.cookies[fresh_name] = fresh_value
        row["cpu_ms_rendered"] = median_cpu_ms(client, path)
        del client.cookies[fresh_name]
        rows.append(row)
    floor = rows[0]["cpu_ms"]
    for row in rows:
        row["cpu_times_healthz"] = round(row["cpu_ms"] / floor, 1) if floor else None
        row["cpu_rendered_times_healthz"] = round(row["cpu_ms_rendered"] / floor, 1) if floor else None
    print(json.dumps(rows))
    return 0


def median_cpu_ms(client, path: str) -> float:
    for _ in range(3):
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
