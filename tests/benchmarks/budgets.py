"""The budgets of `make bench` and the checks against them: pure functions over the measured figures, no I/O, so
that tests/benchmarks/test_budgets.py can prove them without timing anything.

A measurement ("row") is a dict: page, url, clients, requests_per_second, p50_ms, p95_ms, p99_ms, requests,
errors, and ratio_to_healthz (set by `add_ratios`). A miss is a sentence naming the page and the figure.
"""

import math
from collections.abc import Iterable, Sequence

FLOOR_PAGE = "/healthz"
P95_BUDGET_MS = 100.0
P95_BUDGET_CLIENTS = 8
MIN_RATIO_TO_HEALTHZ = 0.25
WORKER_PEAK_RSS_BUDGET_MB = 150.0
PDF_BUDGET_ROWS = 1000
PDF_BUDGET_SECONDS = 10.0
# Growth: the p50 at 10,000 initiatives may be at most this multiple of the p50 at 1,000 (plus a few ms of noise)
# before we call it growing with the rows; an unindexed scan of 10x the rows is far over this.
GROWTH_MAX_FACTOR = 1.5
GROWTH_SLACK_MS = 5.0


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
    """Every page whose p95 at 8 clients is over budget, whose throughput is under a quarter of /healthz at any
    number of clients, or that answered with an error status."""
    misses = []
    for row in rows:
        where = f"{row['page']} at {row['clients']} clients"
        if row.get("errors"):
            misses.append(f"{where}: {row['errors']} error responses")
        if row["page"] == FLOOR_PAGE:
            continue
        if row["clients"] == P95_BUDGET_CLIENTS and row["p95_ms"] > P95_BUDGET_MS:
            misses.append(f"{where}: p95 {row['p95_ms']:.1f} ms is over {P95_BUDGET_MS:.0f} ms")
        ratio = row.get("ratio_to_healthz")
        if ratio is not None and ratio < MIN_RATIO_TO_HEALTHZ:
            misses.append(
                f"{where}: {row['requests_per_second']:.0f} requests/s is {ratio:.0%} of /healthz, "
                f"under {MIN_RATIO_TO_HEALTHZ:.0%}"
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
    """The same page and clients measured with few and many initiatives, side by side."""
    small_by_key = {(row["page"], row["clients"]): row for row in small}
    rows = []
    for row in large:
        before = small_by_key.get((row["page"], row["clients"]))
        if before is None:
            continue
        rows.append(
            {
                "page": row["page"],
                "clients": row["clients"],
                "p50_ms_small": before["p50_ms"],
                "p50_ms_large": row["p50_ms"],
                "p95_ms_small": before["p95_ms"],
                "p95_ms_large": row["p95_ms"],
                "p50_factor": round(row["p50_ms"] / before["p50_ms"], 2) if before["p50_ms"] else None,
            }
        )
    return rows


def growth_misses(rows: Iterable[dict]) -> list[str]:
    return [
        f"{row['page']}: p50 grew from {row['p50_ms_small']:.1f} ms to {row['p50_ms_large']:.1f} ms "
        f"with ten times the initiatives"
        for row in rows
        if row["p50_ms_large"] > row["p50_ms_small"] * GROWTH_MAX_FACTOR + GROWTH_SLACK_MS
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
