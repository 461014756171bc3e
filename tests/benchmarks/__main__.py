"""`make bench`: the portal's performance and load budgets, measured on throwaway PostgreSQL databases, never inside
the unit tests. See tests/benchmarks/README.md for what each figure means.

1. The yearly list PDF for 100, 1,000 and 3,000 initiatives (its own database; `--pdf-sizes 100,1000` is shorter).
2. A county seeded with 1,000 initiatives, then 10,000 over five years, the three bodies with three terms of meetings
   and the programme. Every page's processor time per request in-process against /healthz (with 1,000 and with 10,000
   initiatives, for growth), then the portal under gunicorn (2 workers, production settings, connection pool) on
   loopback and wrk measuring every page at 1 and 8 concurrent clients. Every page is rendered for its request.
3. 1,000 initiatives submitted through the public form by 32 clients while the mail server rejects a third of the
   messages; then every submission and receipt counted.
4. nginx as in deploy/ in front of gunicorn: 300 more submissions through it; the mail server's port is closed
   after the first third of them, for at least 20 s and until the second third is done; then every submission and
   receipt counted again.
5. Slow clients (issue 19): a few connections trickling their requests for 30 s while /healthz and / are probed,
   through nginx (the budget) and directly against gunicorn (for comparison).

`--only slow,outage` runs only the phases named (pdf, pages, submissions, outage, slow) while developing.
Prints the tables, writes bench-results.json, and exits 1 naming every budget missed (2 when wrk or nginx is
missing).
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

from tests.benchmarks import budgets, load, slow, submit

REPO = load.REPO
PYTHON = str(load.VENV_BIN / "python")
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
SMALL, LARGE = 1_000, 10_000
CLIENT_COUNTS = (1, budgets.P95_BUDGET_CLIENTS)
STAFF_USER = "kirjaamo"  # the registry: its workspace lists every open initiative of every organ
DEMO_PASSWORD = "osallisuus-demo"
PHASES = ("pdf", "pages", "submissions", "outage", "slow")
OUTAGE_SUBMISSIONS = 300
OUTAGE_MIN_SECONDS = 20.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Performance and load budgets (make bench).")
    parser.add_argument("--seconds", type=float, default=5.0, help="wrk duration of each page and concurrency")
    parser.add_argument("--submissions", type=int, default=submit.SUBMISSIONS)
    parser.add_argument(
        "--pdf-sizes", default="100,1000,3000", help="initiatives on each yearly list PDF (e.g. 100,1000)"
    )
    parser.add_argument(
        "--outage-submissions",
        type=int,
        default=OUTAGE_SUBMISSIONS,
        help="submissions through nginx, the mail server down from the first third of them to the second",
    )
    parser.add_argument("--slow-seconds", type=float, default=slow.SECONDS, help="how long the slow clients trickle")
    parser.add_argument(
        "--only", default=",".join(PHASES), help=f"the phases to run, comma-separated (of {','.join(PHASES)})"
    )
    parser.add_argument("--output", type=Path, default=REPO / "bench-results.json")
    args = parser.parse_args(argv)
    args.phases = [phase.strip() for phase in args.only.split(",") if phase.strip()]
    if unknown := sorted(set(args.phases) - set(PHASES)):
        parser.error(f"unknown phase {', '.join(unknown)}; the phases are {', '.join(PHASES)}")
    if "pages" in args.phases and not load.wrk_available():
        print(
            "make bench needs the load generator wrk: install it with `apt-get install -y wrk` (Debian package).",
            file=sys.stderr,
        )
        return 2
    if {"outage", "slow"} & set(args.phases) and slow.nginx_binary() is None:
        print(
            "make bench needs nginx, the reverse proxy of deploy/ it measures in front of gunicorn: install it with "
            "`apt-get install -y nginx` (Debian package; the bench runs its own, no service needed).",
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
    results: dict = {"machine": machine_note(), "server": server.rsplit("@", 1)[-1], "phases": args.phases}
    if "pdf" not in args.phases:
        del databases["pdf"]
    with contextlib.ExitStack() as stack:
        for name in databases.values():
            create_database(server, name)
            stack.callback(drop_database, server, name)
        urls = {key: database_url(server, name) for key, name in databases.items()}
        if "pdf" in args.phases:
            results["pdf"] = measure_pdf(urls["pdf"], workdir, args.pdf_sizes)
        if set(args.phases) - {"pdf"}:
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
    phases = args.phases
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
            # nginx (deploy/) appends the client's address to X-Forwarded-For; a request straight to gunicorn
            # carries none, and its own address counts, as before.
            "TRUSTED_PROXY_COUNT": "1",
        },
    )
    django_command(env, "manage.py", "collectstatic", "--no-input", "-v0")
    portal = load.Portal(env, web_port, workdir)
    portal.start()
    stack.callback(portal.stop)

    if "pages" in phases:
        cookie = load.login(portal.base, STAFF_USER, DEMO_PASSWORD)
        # Growth is judged on the processor time per request (× /healthz of the same run): the page's own work,
        # which grows with the rows when a query reads them all or the page renders them all.
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

    if "submissions" in phases:
        out["submissions"] = measure_submissions(portal, env, smtp, stack, args.submissions)
    if {"outage", "slow"} & set(phases):
        nginx = slow.Nginx(free_port(), web_port, portal.log_dir)
        stack.callback(nginx.stop)
        nginx.start()
        if "outage" in phases:
            out["outage"] = measure_outage(nginx, portal, env, stack, args.submissions, args.outage_submissions)
        if "slow" in phases:
            out["too_large"] = slow.too_large(nginx.base)
            out["slow_clients"] = measure_slow_clients(nginx, portal, args.slow_seconds)
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


def start_worker(env: dict, log_dir: Path, stack: contextlib.ExitStack) -> subprocess.Popen:
    """The task worker, as in production; it makes each receipt's first attempt."""
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
        cwd=REPO,
        env=env,
        stdout=(log_dir / "db_worker.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    stack.callback(lambda: worker.poll() is None and (worker.terminate(), worker.wait(30)))
    return worker


def wait_for_first_attempts(env: dict, count: int, first: int = 0, seconds: float = 180) -> dict:
    """Until the worker has tried every receipt once (or `seconds` passed); the state then."""
    deadline = time.monotonic() + seconds
    while True:
        state = verify(env, count, first)
        if state["first_attempts_pending"] == 0 or time.monotonic() > deadline:
            return state
        time.sleep(1)


def send_outbox_rounds(env: dict, count: int, first: int, state: dict) -> tuple[dict, int]:
    """`manage.py send_outbox` as cron runs it once each waiting receipt is due, repeated while receipts wait (at
    most 12 times; submit.send_due)."""
    rounds = 0
    while state["receipts_undelivered"] and rounds < 12:
        state = verify(env, count, first, command="send")
        rounds += 1
    return state, rounds


def measure_submissions(portal: load.Portal, env: dict, smtp, stack: contextlib.ExitStack, count: int) -> dict:
    print(f"Submitting {count:,} initiatives from {submit.CLIENTS} clients (a third of the mail rejected) ...")
    worker = start_worker(env, portal.log_dir, stack)
    figures = submit.drive("127.0.0.1", portal.port, submissions=count)

    # The worker makes each receipt's first attempt; a rejected one is tried again minutes later, by the worker or
    # cron's send_outbox (here at once, with the back-off moved to now: submit.send_due).
    waiting_since = time.monotonic()
    state = wait_for_first_attempts(env, count)
    drained_by_worker = time.monotonic()
    worker.terminate()
    worker.wait(30)
    state, rounds = send_outbox_rounds(env, count, 0, state)
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


def verify(env: dict, count: int, first: int = 0, command: str = "verify") -> dict:
    output = django_command(
        env, "-m", "tests.benchmarks.submit", command, "--submitted", str(count), "--first", str(first)
    )
    return json.loads(output.strip().splitlines()[-1])


def measure_outage(
    nginx: slow.Nginx, portal: load.Portal, env: dict, stack: contextlib.ExitStack, first: int, count: int
) -> dict:
    """`count` more submissions, through nginx, to a mail server of their own whose port is closed after the first
    third of them and opened again after the second third, OUTAGE_MIN_SECONDS at the earliest; the worker runs
    throughout, then `send_outbox` as cron would. Numbered from `first`, so their client addresses are fresh for the
    rate limit."""
    print(
        f"Submitting {count:,} initiatives through nginx from {submit.CLIENTS} clients, the mail server down from the "
        f"first third of them to the second ({OUTAGE_MIN_SECONDS:g} s at least) ...",
        flush=True,
    )
    outage = submit.MailOutage(
        free_port(), down_after=count // 3, up_after=2 * count // 3, min_seconds=OUTAGE_MIN_SECONDS
    )
    stack.callback(outage.stop)
    worker_env = {**env, "EMAIL_PORT": str(outage.port)}  # only the worker and send_outbox send mail
    worker = start_worker(worker_env, portal.log_dir, stack)
    figures = submit.drive("127.0.0.1", nginx.port, submissions=count, first=first, after_each=outage)
    outage.wait_until_up()
    state = wait_for_first_attempts(worker_env, count, first)
    # The mail server accepts everything when it listens: a receipt still undelivered after its first attempt met
    # the closed port.
    figures["receipts_refused"] = state["receipts_undelivered"]
    state, rounds = send_outbox_rounds(worker_env, count, first, state)
    worker.terminate()
    worker.wait(30)
    figures.update(state)
    figures.update(submit.smtp_figures(outage.handler, count, first))
    figures.update(outage.figures())
    figures["send_outbox_rounds"] = rounds
    print(
        f"  {figures['submitted_during_outage']} submitted while the mail server was down "
        f"({figures['outage_seconds']:g} s), lost {figures['lost']}, duplicates {figures['duplicates']}, "
        f"{figures['receipts_refused']} receipts refused, {figures['receipts_delivered_after_failing']} delivered "
        f"after it, missing {figures['receipts_missing']}, twice {figures['receipts_twice']}",
        flush=True,
    )
    return figures


def measure_slow_clients(nginx: slow.Nginx, portal: load.Portal, seconds: float) -> dict:
    """The slow clients through nginx (budgeted), then straight to gunicorn (what issue 19 found; reported only)."""
    runs = {}
    for target, base, headers in (
        ("nginx → gunicorn", nginx.base, {}),
        ("gunicorn directly", portal.base, {"X-Forwarded-Proto": "https"}),
    ):
        print(
            f"Slow clients: {slow.TRICKLERS} connections trickling for {seconds:g} s, {target}, /healthz and / "
            f"probed every {slow.PROBE_INTERVAL:g} s ...",
            flush=True,
        )
        runs[target] = slow.run(base, headers=headers, seconds=seconds)
        for path, f in runs[target]["probes"].items():
            print(f"  {path:<10} {f['answered']}/{f['probes']} answered, worst {f['worst_ms']} ms", flush=True)
    return runs


# --- Report ---------------------------------------------------------------------------------------------------


def report(results: dict) -> list[str]:
    """Print every measured figure; return every budget missed."""
    print(f"\nMachine: {results['machine']}")
    misses = []
    if "pdf" in results:
        misses += report_pdf(results)
    if "cpu" in results:
        misses += report_pages(results)
    if "worker_peak_rss_mb" in results:
        peaks = ", ".join(f"{mb:.0f}" for mb in results["worker_peak_rss_mb"].values())
        print(f"\nGunicorn workers' peak memory (MB): {peaks}")
        misses += budgets.memory_misses(results["worker_peak_rss_mb"])
    if "submissions" in results:
        s = results["submissions"]
        print(
            f"\nSubmissions under load: {s['submitted']} from {s['clients']} clients, {s['submissions_per_second']}/s, "
            f"errors: {s['server_errors']}, lost: {s['lost']}, duplicates: {s['duplicates']}, "
            f"receipts delivered {s['smtp_accepted']} (missing {s['receipts_missing']}, twice {s['receipts_twice']}), "
            f"{s['smtp_rejected']} SMTP attempts rejected"
        )
        misses += budgets.submission_misses(s)
    if "outage" in results:
        o = results["outage"]
        print(
            f"\nMail server down during submissions (through nginx): {o['submitted']} submitted from {o['clients']} "
            f"clients, {o['submitted_during_outage']} of them while the mail server's port was closed "
            f"({o['outage_seconds']:g} s); errors: {o['server_errors']}, lost: {o['lost']}, duplicates: "
            f"{o['duplicates']}; receipts refused by the closed port {o['receipts_refused']}, delivered after it "
            f"{o['receipts_delivered_after_failing']} (send_outbox rounds {o['send_outbox_rounds']}); every receipt "
            f"delivered exactly once: missing {o['receipts_missing']}, twice {o['receipts_twice']}"
        )
        misses += budgets.outage_misses(o)
    if "too_large" in results:
        t = results["too_large"]
        page = "the portal's own page (Swedish, as asked)" if t["portal_page"] else "not the portal's page"
        print(f"\nA form of {t['declared_bytes']:,} bytes through nginx, one over the limit: {t['status']}, {page}")
        misses += budgets.too_large_misses(t)
    if "slow_clients" in results:
        runs = results["slow_clients"]
        run = next(iter(runs.values()))
        print(
            f"\nSlow clients: {run['tricklers']} connections trickling a byte a second for {run['seconds']:g} s "
            f"(headers that never end, and form bodies); /healthz and / probed every {run['probe_interval_seconds']:g}"
            f" s (budget through nginx: every probe answered within {budgets.SLOW_CLIENT_BUDGET_MS:,.0f} ms)"
        )
        print(budgets.format_slow_table(runs))
        if "nginx → gunicorn" in runs:
            misses += budgets.slow_client_misses(runs["nginx → gunicorn"])
    return misses


def report_pdf(results: dict) -> list[str]:
    print("\nYearly list PDF")
    print(f"{'rows':>8}{'seconds':>10}{'cpu s':>8}{'pages':>8}{'s / 1000 rows':>16}")
    for row in results["pdf"]:
        print(
            f"{row['rows']:>8}{row['seconds']:>10.2f}{row['cpu_seconds']:>8.2f}{row['pages']:>8}"
            f"{row['seconds_per_1000']:>16.2f}"
        )
    return budgets.pdf_misses(results["pdf"])


def report_pages(results: dict) -> list[str]:
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
    return [
        *budgets.cpu_misses(results["cpu"]),
        *budgets.page_misses(results["pages"]),
        *budgets.growth_misses(results["growth"]),
    ]


if __name__ == "__main__":
    sys.exit(main())
