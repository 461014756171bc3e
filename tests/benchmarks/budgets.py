"""The budgets of `make bench` and the checks against them: pure functions over the measured figures, no I/O, so
that tests/benchmarks/test_budgets.py can prove them without timing anything.

Every page is rendered for its request (the portal caches no page), so every figure is what a visitor gets.

A wrk measurement ("row") is a dict: page, url, clients, requests_per_second, p50_ms, p95_ms, p99_ms, requests,
errors, and ratio_to_healthz (set by `add_ratios`). A processor-time measurement ("cpu row", tests/benchmarks/cpu.py)
is a dict: page, url, cpu_ms, times_healthz, queries. A miss is a sentence naming the page and the figure.
"""

import math
from collections.abc import Iterable, Sequence

FLOOR_PAGE = "/healthz"
# Processor time of one request, in-process, as a multiple of /healthz's in the same run (issue 14; DESIGN.md
# "Quality budgets"): the page's own work, whatever the machine. Every page named here must be measured.
CPU_BUDGETS = {
    "/": 6.0,
    "/aloitteet/": 15.0,
    "/aloitteet/ deep page": 15.0,
    "/aloitteet/ search": 15.0,
    "/aloitteet/ filter": 15.0,
    "initiative detail": 8.0,
    "body page": 12.0,
    "meeting page": 10.0,
    "/ohjelma/": 30.0,
    "staff workspace": 15.0,
}
P95_BUDGET_MS = 50.0
P95_BUDGET_CLIENTS = 8
WORKER_PEAK_RSS_BUDGET_MB = 150.0
PDF_BUDGET_ROWS = 1000
PDF_BUDGET_SECONDS = 10.0
# Growth: a page's processor time (× /healthz) with 10,000 initiatives may be at most this multiple of its time with
# 1,000; a query that reads every row, or a list that renders every row, is far over it.
GROWTH_MAX_FACTOR = 1.3
# Slow clients (issue 19): while a few connections trickle their requests through nginx (deploy/), every probe of
# /healthz and / is answered, each within this.
SLOW_CLIENT_BUDGET_MS = 1000.0
ZERO_COUNTS = ("server_errors", "unexpected_responses", "lost", "duplicates", "receipts_missing", "receipts_twice")


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) by the nearest-rank method; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return float(ordered[rank - 1])


def add_ratios(rows: list[dict]) -> list[dict]:
    """Set each row's ratio_to_healthz: its throughput over the floor's at the same number of clients (same run)."""
    floor = {row["clients"]: row["requests_per_second"] for row in rows if row["page"] == FLOOR_PAGE}
    for row in rows:
        base = floor.get(row["clients"])
        row["ratio_to_healthz"] = round(row["requests_per_second"] / base, 3) if base else None
    return rows


def page_misses(rows: Iterable[dict]) -> list[str]:
    """Every page whose p95 at 8 clients is over budget, or that answered with an error status."""
    misses = []
    for row in rows:
        where = f"{row['page']} at {row['clients']} clients"
        if row.get("errors"):
            misses.append(f"{where}: {row['errors']} error responses")
        if row["clients"] == P95_BUDGET_CLIENTS and row["p95_ms"] > P95_BUDGET_MS:
            misses.append(f"{where}: p95 {row['p95_ms']:.1f} ms is over {P95_BUDGET_MS:.0f} ms")
    return misses


def add_cpu_ratios(rows: list[dict]) -> list[dict]:
    """Set each cpu row's times_healthz: its processor time over /healthz's in the same run."""
    floor = next((row["cpu_ms"] for row in rows if row["page"] == FLOOR_PAGE), None)
    for row in rows:
        row["times_healthz"] = round(row["cpu_ms"] / floor, 1) if floor else None
    return rows


def cpu_misses(rows: Iterable[dict]) -> list[str]:
    """Every page of CPU_BUDGETS whose processor time is over its multiple of /healthz, or that was not measured."""
    by_page = {row["page"]: row for row in rows}
    misses = []
    for page, budget in CPU_BUDGETS.items():
        row = by_page.get(page)
        if row is None or row.get("times_healthz") is None:
            misses.append(f"{page}: processor time not measured (budget {budget:g} × /healthz)")
        elif row["times_healthz"] > budget:
            misses.append(
                f"{page}: processor time {row['cpu_ms']:.2f} ms is {row['times_healthz']:.1f} × /healthz, "
                f"over {budget:g} ×"
            )
    return misses


def memory_misses(worker_peak_rss_mb: dict[str, float]) -> list[str]:
    """Every gunicorn worker (by pid) whose peak resident memory is over budget."""
    return [
        f"gunicorn worker {pid}: peak memory {mb:.0f} MB is over {WORKER_PEAK_RSS_BUDGET_MB:.0f} MB"
        for pid, mb in sorted(worker_peak_rss_mb.items())
        if mb > WORKER_PEAK_RSS_BUDGET_MB
    ]


def pdf_misses(pdf_rows: Iterable[dict]) -> list[str]:
    return [
        f"yearly list PDF of {row['rows']} initiatives: {row['seconds']:.1f} s is over {PDF_BUDGET_SECONDS:.0f} s"
        for row in pdf_rows
        if row["rows"] == PDF_BUDGET_ROWS and row["seconds"] > PDF_BUDGET_SECONDS
    ]


def growth_rows(small: Iterable[dict], large: Iterable[dict]) -> list[dict]:
    """Each page's processor time (cpu rows, × /healthz of their own run) with few and with many initiatives."""
    small_by_page = {row["page"]: row for row in small}
    rows = []
    for row in large:
        before = small_by_page.get(row["page"])
        if before is None or row["page"] == FLOOR_PAGE:
            continue
        rows.append(
            {
                "page": row["page"],
                "times_healthz_small": before["times_healthz"],
                "times_healthz_large": row["times_healthz"],
                "queries_small": before.get("queries"),
                "queries_large": row.get("queries"),
                "factor": round(row["times_healthz"] / before["times_healthz"], 2) if before["times_healthz"] else None,
            }
        )
    return rows


def growth_misses(rows: Iterable[dict]) -> list[str]:
    return [
        f"{row['page']}: processor time grew from {row['times_healthz_small']:.1f} to "
        f"{row['times_healthz_large']:.1f} × /healthz ({row['factor']:.2f} ×, over {GROWTH_MAX_FACTOR:g} ×) "
        f"with ten times the initiatives"
        for row in rows
        if row["factor"] is not None and row["factor"] > GROWTH_MAX_FACTOR
    ]


def submission_misses(result: dict, label: str = "submissions under load") -> list[str]:
    """The load test of the public form: every count that must be zero, and every submission stored and mailed."""
    misses = []
    for key in ZERO_COUNTS:
        if result.get(key):
            misses.append(f"{label}: {key.replace('_', ' ')} {result[key]}")
    if result.get("stored") != result.get("submitted"):
        misses.append(f"{label}: {result.get('stored')} stored of {result.get('submitted')} sent")
    return misses


def outage_misses(result: dict) -> list[str]:
    """Submissions while the mail server is down: as under load (nothing lost or stored twice, each receipt
    delivered exactly once), and the outage really met submissions and receipts, or nothing was tested."""
    label = "mail server outage"
    misses = submission_misses(result, label)
    if not result.get("submitted_during_outage"):
        misses.append(f"{label}: no submission was made while the mail server was down")
    if not result.get("receipts_refused"):
        misses.append(f"{label}: no receipt met the closed mail server, so its recovery was not tested")
    elif result.get("receipts_delivered_after_failing", 0) < result["receipts_refused"]:
        misses.append(
            f"{label}: {result['receipts_refused']} receipts refused, only "
            f"{result.get('receipts_delivered_after_failing', 0)} delivered after it"
        )
    return misses


def summarise_probes(probes: Iterable[dict], paths: Sequence[str]) -> dict:
    """Slow-client probes ({path, status, ms} or {path, status: None, error}) per path: how many were sent,
    answered 200, answered within SLOW_CLIENT_BUDGET_MS, failed (another status, or no answer), the median and the
    worst time of those answered (ms), and what the failures were."""
    probes = list(probes)
    figures = {}
    for path in paths:
        mine = [probe for probe in probes if probe["path"] == path]
        answered = [probe["ms"] for probe in mine if probe["status"] == 200]
        figures[path] = {
            "probes": len(mine),
            "answered": len(answered),
            "within_budget": sum(1 for ms in answered if ms <= SLOW_CLIENT_BUDGET_MS),
            "failed": len(mine) - len(answered),
            "p50_ms": percentile(answered, 50) if answered else None,
            "worst_ms": max(answered) if answered else None,
            "failures": sorted({str(p["status"] or p.get("error")) for p in mine if p["status"] != 200}),
        }
    return figures


def slow_client_misses(result: dict, where: str = "through nginx") -> list[str]:
    """Every probed page that failed or was slower than SLOW_CLIENT_BUDGET_MS while the slow clients trickled."""
    during = f"while {result['tricklers']} slow clients trickled"
    misses = []
    if result["trickler_connections"] < result["tricklers"]:
        misses.append(f"slow clients {where}: only {result['trickler_connections']} of them connected")
    for path, figures in result["probes"].items():
        if not figures["probes"]:
            misses.append(f"{path} {where}: not probed")
            continue
        if figures["failed"]:
            failures = ", ".join(figures["failures"])
            misses.append(
                f"{path} {where}: {figures['failed']} of {figures['probes']} probes failed ({failures}) {during}"
            )
        worst = figures["worst_ms"]
        if worst is not None and worst > SLOW_CLIENT_BUDGET_MS:
            misses.append(
                f"{path} {where}: worst answer {worst:,.0f} ms {during}, over {SLOW_CLIENT_BUDGET_MS:,.0f} ms"
            )
    return misses


def too_large_misses(result: dict) -> list[str]:
    """A body over the limit through nginx gets 413 and the portal's own page in the visitor's language."""
    misses = []
    if result["status"] != 413:
        misses.append(f"a body over the limit through nginx: answered {result['status']}, not 413")
    if not result["portal_page"]:
        misses.append(
            "a body over the limit through nginx: nginx's own page, not the portal's in the visitor's language"
        )
    return misses


def format_slow_table(runs: dict[str, dict]) -> str:
    """The slow-client runs by target: per probed page, the probes, those answered within the budget, those not
    answered 200, the median and the worst answer; the slow connections opened and those the server closed."""
    budget = f"≤ {SLOW_CLIENT_BUDGET_MS / 1000:g} s"
    lines = [
        f"{'target':<20}{'page':<10}{'probes':>7}{budget:>8}{'failed':>8}{'p50 ms':>9}{'worst ms':>10}"
        f"{'slow conns':>12}{'closed':>8}"
    ]
    for target, result in runs.items():
        for path, f in result["probes"].items():
            p50 = "" if f["p50_ms"] is None else f"{f['p50_ms']:,.0f}"
            worst = "" if f["worst_ms"] is None else f"{f['worst_ms']:,.0f}"
            lines.append(
                f"{target:<20}{path:<10}{f['probes']:>7}{f['within_budget']:>8}{f['failed']:>8}{p50:>9}{worst:>10}"
                f"{result['trickler_connections']:>12}{result['trickler_connections_closed_by_server']:>8}"
            )
    return "\n".join(lines)


def format_table(rows: Iterable[dict]) -> str:
    lines = [f"{'page':<34}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'× healthz':>11}"]
    for row in rows:
        ratio = row.get("ratio_to_healthz")
        lines.append(
            f"{row['page']:<34}{row['clients']:>8}{row['requests_per_second']:>9.1f}{row['p50_ms']:>9.1f}"
            f"{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}{'' if ratio is None else f'{ratio:.0%}':>11}"
        )
    return "\n".join(lines)


def format_cpu_table(rows: Iterable[dict]) -> str:
    lines = [f"{'page':<34}{'ms':>9}{'× healthz':>11}{'budget':>8}{'queries':>9}"]
    for row in rows:
        budget = CPU_BUDGETS.get(row["page"])
        ratio = row.get("times_healthz")
        lines.append(
            f"{row['page']:<34}{row['cpu_ms']:>9.2f}{'' if ratio is None else f'{ratio:.1f}':>11}"
            f"{'' if budget is None else f'{budget:g}':>8}{row.get('queries', ''):>9}"
        )
    return "\n".join(lines)
