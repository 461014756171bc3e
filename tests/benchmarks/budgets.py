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


def submission_misses(result: dict) -> list[str]:
    """The load test of the public form: every count that must be zero, and every submission stored and mailed."""
    misses = []
    for key in ("server_errors", "unexpected_responses", "lost", "duplicates", "receipts_missing", "receipts_twice"):
        if result.get(key):
            misses.append(f"submissions under load: {key.replace('_', ' ')} {result[key]}")
    if result.get("stored") != result.get("submitted"):
        misses.append(f"submissions under load: {result.get('stored')} stored of {result.get('submitted')} sent")
    return misses


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
