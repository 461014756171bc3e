"""`make bench`: the portal's performance and load budgets, measured on throwaway PostgreSQL databases, never inside
the unit tests. See tests/benchmarks/README.md for what each figure means.

1. The yearly list PDF for 100, 1,000 and 3,000 initiatives (its own database; `--pdf-sizes 100,1000` is shorter).
2. A county seeded with 1,000 initiatives, then 10,000 over five years, the three bodies with three terms of meetings
   and the programme. Every page's processor time per request in-process against /healthz (with 1,000 and with 10,000
   initiatives, for growth), then the portal under gunicorn (2 workers, production settings, connection pool) on
   loopback and wrk measuring every page at 1 and 8 concurrent clients. Every page is rendered for its request.
3. 1,000 initiatives submitted through the public form by 32 clients while the mail server rejects a third of the
   messages; then every submission and receipt counted.

Prints the tables, writes bench-results.json, and exits 1 naming every budget missed (2 when wrk is missing).
"""

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from tests.benchmarks import budgets, load, submit

REPO = load.REPO
PYTHON = str(load.VENV_BIN / "python")
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
SMALL, LARGE = 1_000, 10_000
CLIENT_COUNTS = (1, budgets.P95_BUDGET_CLIENTS)
STAFF_USER = "kirjaamo"  # the registry: its workspace lists every open initiative of every organ
DEMO_PASSWORD = "osallisuus-demo"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Performance and load budgets (make bench).")
    parser.add_argument("--seconds", type=float, default=5.0, help="wrk duration of each page and concurrency")
    parser.add_argument("--submissions", type=int, default=submit.SUBMISSIONS)
    parser.add_argument(
        "--pdf-sizes", default="100,1000,3000", help="initiatives on each yearly list PDF (e.g. 100,1000)"
    )
    parser.add_argument("--output", type=Path, default=REPO / "bench-results.json")
    args = parser.parse_args(argv)
    if not load.wrk_available():
        print(
            "make bench needs the load generator wrk: install it with `apt-get install -y wrk` (Debian package).",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    server = server_url()
    try:
        _admin(server, "SELECT 1")
    except Exception as error:  # psycopg.OperationalError: refused, no such role, ...
        print(
            f"make bench needs PostgreSQL at {server.rsplit('@', 1)[-1]} ({error}). Start it "
            "(e.g. pg_ctlcluster 15 main start) or set DATABASE_URL to a server where it may create databases.",
            file=sys.stderr,
        )
        return 2
    suffix = f"{os.getpid()}_{int(time.time())}"
    databases = {"pages": f"osallisuus_bench_{suffix}", "pdf": f"osallisuus_bench_pdf_{suffix}"}
    workdir = Path(tempfile.mkdtemp(prefix="osallisuus-bench-"))
    results: dict = {"machine": machine_note(), "server": server.rsplit("@", 1)[-1]}
    with contextlib.ExitStack() as stack:
        for name in databases.values():
            create_database(server, name)
            stack.callback(drop_database, server, name)
        urls = {key: database_url(server, name) for key, name in databases.items()}
        results["pdf"] = measure_pdf(urls["pdf"], workdir, args.pdf_sizes)
        results.update(measure_portal(urls["pages"], workdir, stack, args))
    results["runtime_seconds"] = round(time.monotonic() - started, 1)
    misses = report(results)
    results["misses"] = misses
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\n{args.output.name} written; make bench took {results['runtime_seconds'] / 60:.1f} min.")
    if misses:
        print("\nBUDGETS MISSED:")
        for miss in misses:
            print(f"  - {miss}")
        return 1
    print("Every budget holds.")
    return 0


# --- Databases ------------------------------------------------------------------------------------------------


def server_url() -> str:
    """The PostgreSQL server of the machine's DATABASE_URL (when it is PostgreSQL), else the local one."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT_SERVER
    return database_url(url, "postgres")


def database_url(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server.replace("postgresql://", "postgres://", 1), autocommit=True) as connection:
        connection.execute(sql)


def create_database(server: str, name: str) -> None:
    _admin(server, f'CREATE DATABASE "{name}"')


def drop_database(server: str, name: str) -> None:
    _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def machine_note() -> str:
    load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs, load average {load_average} at start (a shared machine: figures are noisy)"


def django_command(env: dict, *arguments: str, timeout: float = 600) -> str:
    completed = subprocess.run(
        [PYTHON, *arguments], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed.stdout


def development_env(database: str) -> dict:
    """For seeding: DEBUG on, as `make run`'s seed_demo (the demo staff exist only then)."""
    env = {key: value for key, value in os.environ.items() if key not in {"TASKS_BACKEND", "EMAIL_BACKEND"}}
    env.update(DEBUG="true", DATABASE_URL=database, PYTHONUNBUFFERED="1")
    return env


# --- 1. The yearly list PDF -----------------------------------------------------------------------------------


def measure_pdf(database: str, workdir: Path, sizes: str) -> list[dict]:
    print(f"Yearly list PDF ({sizes} initiatives) ...", flush=True)
    out = workdir / "pdf.json"
    django_command(development_env(database), "-m", "tests.benchmarks.pdf", "--out", str(out), "--sizes", sizes)
    return json.loads(out.read_text())


# --- 2. and 3. The portal under load --------------------------------------------------------------------------


def pages_to_measure(urls: dict) -> list[tuple[str, str, bool]]:
    """(name, path, logged in) of every page in the budget, /healthz first."""
    return [
        ("/healthz", "/healthz", False),
        ("/", "/", False),
        ("/aloitteet/", "/aloitteet/", False),
        ("/aloitteet/ deep page", urls["deep_page"], False),
        ("/aloitteet/ search", "/aloitteet/?q=terveysasema", False),
        ("/aloitteet/ filter", urls["filter"], False),
        ("initiative detail", urls["detail"], False),
        ("body page", urls["body"], False),
        ("meeting page", urls["meeting"], False),
        ("/ohjelma/", "/ohjelma/", False),
        ("staff workspace", "/henkilosto/", True),
    ]


def seed(database: str, workdir: Path, count: int) -> dict:
    print(f"Seeding {count:,} initiatives ...", flush=True)
    out = workdir / f"pages-{count}.json"
    started = time.monotonic()
    django_command(
        development_env(database), "-m", "tests.benchmarks.seed", "--initiatives", str(count), "--out", str(out)
    )
    urls = json.loads(out.read_text())
    urls["seed_seconds"] = round(time.monotonic() - started, 1)
    return urls


def measure_pages(portal: load.Portal, urls: dict, cookie: str, clients: tuple[int, ...], seconds: float) -> list:
    """Each page at each number of clients under wrk, rendered for every request."""
    rows = []
    for name, path, staff in pages_to_measure(urls):
        headers = {"X-Forwarded-Proto": "https", **({"Cookie": cookie} if staff else {})}
        status, body, _ = load.get(portal.base, path, headers)  # warm up, and check the page really is there
        if status != 200:
            raise RuntimeError(f"{name} ({path}) answered {status}")
        for count in clients:
            row = {"page": name, "url": path, "clients": count, "bytes": len(body)}
            row.update(load.run_wrk(portal.base, path, clients=count, seconds=seconds, headers=headers))
            rows.append(row)
            print(
                f"  {name:<26}{count:>4} clients {row['requests_per_second']:>8.1f} req/s  "
                f"p50 {row['p50_ms']:>7.1f}  p95 {row['p95_ms']:>7.1f}  p99 {row['p99_ms']:>7.1f} ms",
                flush=True,
            )
    return budgets.add_ratios(rows)


def measure_portal(database: str, workdir: Path, stack: contextlib.ExitStack, args: argparse.Namespace) -> dict:
    out: dict = {}
    small_urls = seed(database, workdir, SMALL)
    smtp_port, web_port = free_port(), free_port()
    controller, smtp = submit.start_smtp(smtp_port)
    stack.callback(controller.stop)
    env = load.production_env(
        database,
        web_port,
        workdir / "static",
        workdir / "media",
        {
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "10",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "SECURE_SSL_REDIRECT": "true",
        },
    )
    django_command(env, "manage.py", "collectstatic", "--no-input", "-v0")
    portal = load.Portal(env, web_port, workdir)
    portal.start()
    stack.callback(portal.stop)
    cookie = load.login(portal.base, STAFF_USER, DEMO_PASSWORD)

    # Growth is judged on the processor time per request (× /healthz of the same run): the page's own work, which
    # grows with the rows when a query reads them all or the page renders them all.
    small_cpu = measure_cpu(env, small_urls, portal.log_dir, SMALL)
    large_urls = seed(database, workdir, LARGE)
    out["cpu"] = measure_cpu(env, large_urls, portal.log_dir, LARGE)
    out["cpu_small"] = small_cpu
    out["growth"] = budgets.growth_rows(small_cpu, out["cpu"])
    counts = " and ".join(str(count) for count in CLIENT_COUNTS)
    print(f"Pages with {LARGE:,} initiatives under wrk, {counts} clients, {args.seconds:g} s each ...", flush=True)
    out["pages"] = measure_pages(portal, large_urls, cookie, CLIENT_COUNTS, args.seconds)
    out["seed"] = {"small": small_urls, "large": large_urls}
    out["worker_peak_rss_mb_after_pages"] = portal.peak_rss_mb()

    out["submissions"] = measure_submissions(portal, env, smtp, stack, args.submissions)
    out["worker_peak_rss_mb"] = portal.peak_rss_mb()
    return out


def measure_cpu(env: dict, urls: dict, workdir: Path, initiatives: int) -> list[dict]:
    """The processor time of one request to each page in-process (tests/benchmarks/cpu.py): hardly moved by load."""
    print(f"Processor time per request with {initiatives:,} initiatives, in-process ...", flush=True)
    pages = workdir / f"cpu-pages-{initiatives}.json"
    pages.write_text(json.dumps(pages_to_measure(urls)), encoding="utf-8")
    output = django_command(
        env,
        "-m",
        "tests.benchmarks.cpu",
        *("--pages", str(pages), "--username", STAFF_USER, "--password", DEMO_PASSWORD),
    )
    return json.loads(output.strip().splitlines()[-1])


def measure_submissions(portal: load.Portal, env: dict, smtp, stack: contextlib.ExitStack, count: int) -> dict:
    print(f"Submitting {count:,} initiatives from {submit.CLIENTS} clients (a third of the mail rejected) ...")
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
        cwd=REPO,
        env=env,
        stdout=(portal.log_dir / "db_worker.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    stack.callback(lambda: worker.poll() is None and (worker.terminate(), worker.wait(30)))
    figures = submit.drive("127.0.0.1", portal.port, submissions=count)

    # The worker makes each receipt's first attempt; a rejected one is deferred by minutes, so cron's send_outbox
    # (here repeated at once) delivers the rest.
    waiting_since = time.monotonic()
    deadline = waiting_since + 180
    while time.monotonic() < deadline:
        state = verify(env, count)
        if state["first_attempts_pending"] == 0:
            break
        time.sleep(1)
    drained_by_worker = time.monotonic()
    worker.terminate()
    worker.wait(30)
    rounds = 0
    while state["receipts_undelivered"] and rounds < 12:
        django_command(env, "manage.py", "send_outbox")
        rounds += 1
        state = verify(env, count)
    figures.update(state)
    figures.update(submit.smtp_figures(smtp, count))
    figures["send_outbox_rounds"] = rounds
    figures["outbox_first_attempts_seconds_after_submits"] = round(drained_by_worker - waiting_since, 1)
    print(
        f"  {figures['submissions_per_second']} submissions/s, server errors {figures['server_errors']}, "
        f"lost {figures['lost']}, duplicates {figures['duplicates']}, receipts missing {figures['receipts_missing']}, "
        f"twice {figures['receipts_twice']}, SMTP rejected {figures['smtp_rejected']}, send_outbox rounds {rounds}",
        flush=True,
    )
    return figures


def verify(env: dict, count: int) -> dict:
    output = django_command(env, "-m", "tests.benchmarks.submit", "verify", "--submitted", str(count))
    return json.loads(output.strip().splitlines()[-1])


# --- Report ---------------------------------------------------------------------------------------------------


def report(results: dict) -> list[str]:
    print(f"\nMachine: {results['machine']}")
    print("\nYearly list PDF")
    print(f"{'rows':>8}{'seconds':>10}{'cpu s':>8}{'pages':>8}{'s / 1000 rows':>16}")
    for row in results["pdf"]:
        print(
            f"{row['rows']:>8}{row['seconds']:>10.2f}{row['cpu_seconds']:>8.2f}{row['pages']:>8}"
            f"{row['seconds_per_1000']:>16.2f}"
        )
    print(
        f"\nProcessor time of one request with {LARGE:,} initiatives, in-process, rendered (median of 15; no server, "
        "no network: hardly moved by load)"
    )
    print(budgets.format_cpu_table(results["cpu"]))
    budget = budgets.GROWTH_MAX_FACTOR
    print(f"\nGrowth: processor time × /healthz, {SMALL:,} → {LARGE:,} initiatives (budget {budget:g} ×)")
    print(f"{'page':<34}{'× healthz':>18}{'queries':>12}{'growth':>8}")
    for row in results["growth"]:
        print(
            f"{row['page']:<34}{row['times_healthz_small']:>8.1f} → {row['times_healthz_large']:>6.1f}"
            f"{row['queries_small']:>5} → {row['queries_large']:>4}{row['factor'] or 0:>8.2f}"
        )
    print(
        f"\nPages with {LARGE:,} initiatives under wrk (gunicorn, 2 workers), rendered for every request "
        f"(budget: p95 under {budgets.P95_BUDGET_MS:g} ms at {budgets.P95_BUDGET_CLIENTS} clients)"
    )
    print(budgets.format_table(results["pages"]))
    peaks = ", ".join(f"{mb:.0f}" for mb in results["worker_peak_rss_mb"].values())
    print(f"\nGunicorn workers' peak memory (MB): {peaks}")
    s = results["submissions"]
    print(
        f"\nSubmissions under load: {s['submitted']} from {s['clients']} clients, {s['submissions_per_second']}/s, "
        f"errors: {s['server_errors']}, lost: {s['lost']}, duplicates: {s['duplicates']}, "
        f"receipts delivered {s['smtp_accepted']} (missing {s['receipts_missing']}, twice {s['receipts_twice']}), "
        f"{s['smtp_rejected']} SMTP attempts rejected"
    )
    return [
        *budgets.pdf_misses(results["pdf"]),
        *budgets.cpu_misses(results["cpu"]),
        *budgets.page_misses(results["pages"]),
        *budgets.growth_misses(results["growth"]),
        *budgets.memory_misses(results["worker_peak_rss_mb"]),
        *budgets.submission_misses(s),
    ]


if __name__ == "__main__":
    sys.exit(main())
