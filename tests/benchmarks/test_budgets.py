"""The pure parts of `make bench`: the budget checks name the page that misses, the figures keep their shape, and
the load test's mail server and client addresses behave as its docstring says. No timing is asserted here."""

import json
from collections import Counter

from tests.benchmarks import budgets, submit
from tests.benchmarks.__main__ import report


def row(page: str, clients: int, rps: float, p95: float, errors: int = 0) -> dict:
    return {
        "page": page,
        "url": "/x/",
        "clients": clients,
        "requests_per_second": rps,
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "p99_ms": p95 * 1.2,
        "requests": 100,
        "errors": errors,
    }


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert budgets.percentile(values, 50) == 50
    assert budgets.percentile(values, 95) == 95
    assert budgets.percentile(values, 99) == 99
    assert budgets.percentile([7.0], 99) == 7.0


def test_ratio_is_to_healthz_at_the_same_number_of_clients():
    rows = budgets.add_ratios([row("/healthz", 8, 1000, 5), row("/healthz", 32, 800, 40), row("/", 8, 500, 20)])
    rows += budgets.add_ratios([row("/", 32, 100, 90), row("/healthz", 32, 800, 40)])
    assert [r["ratio_to_healthz"] for r in rows if r["page"] == "/"] == [0.5, 0.125]


def test_the_page_over_the_p95_budget_at_8_clients_is_named():
    rows = budgets.add_ratios(
        [row("/healthz", 8, 1000, 5), row("/aloitteet/ search", 8, 400, 130), row("/aloitteet/", 8, 400, 60)]
    )
    misses = budgets.page_misses(rows)
    assert misses == ["/aloitteet/ search at 8 clients: p95 130.0 ms is over 100 ms"]


def test_p95_is_judged_at_8_clients_only():
    rows = budgets.add_ratios([row("/healthz", 32, 1000, 300), row("/", 32, 400, 250)])
    assert budgets.page_misses(rows) == []


def test_the_page_under_a_quarter_of_healthz_throughput_is_named():
    rows = budgets.add_ratios([row("/healthz", 1, 800, 2), row("/ohjelma/", 1, 100, 10)])
    assert budgets.page_misses(rows) == ["/ohjelma/ at 1 clients: 100 requests/s is 12% of /healthz, under 25%"]


def test_error_responses_miss_even_on_the_floor():
    rows = budgets.add_ratios([row("/healthz", 8, 1000, 5, errors=3)])
    assert budgets.page_misses(rows) == ["/healthz at 8 clients: 3 error responses"]


def test_growth_names_the_page_whose_latency_grows_with_the_rows():
    small = [row("/aloitteet/", 8, 300, 40), row("/", 8, 500, 20)]
    large = [row("/aloitteet/", 8, 100, 200), row("/", 8, 480, 22)]
    rows = budgets.growth_rows(small, large)
    assert [r["page"] for r in rows] == ["/aloitteet/", "/"]
    assert budgets.growth_misses(rows) == [
        "/aloitteet/: p50 grew from 20.0 ms to 100.0 ms with ten times the initiatives"
    ]


def test_memory_pdf_and_submission_misses_are_named():
    assert budgets.memory_misses({"123": 151.0, "124": 90.0}) == [
        "gunicorn worker 123: peak memory 151 MB is over 150 MB"
    ]
    assert budgets.pdf_misses([{"rows": 100, "seconds": 20.0}, {"rows": 1000, "seconds": 12.5}]) == [
        "yearly list PDF of 1000 initiatives: 12.5 s is over 10 s"
    ]
    misses = budgets.submission_misses({"submitted": 1000, "stored": 999, "server_errors": 2, "lost": 1})
    assert misses == [
        "submissions under load: server errors 2",
        "submissions under load: lost 1",
        "submissions under load: 999 stored of 1000 sent",
    ]


def test_report_returns_every_miss_and_the_results_serialise(capsys):
    pages = budgets.add_ratios([row("/healthz", 8, 1000, 5), row("staff workspace", 8, 100, 150)])
    results = {
        "machine": "test",
        "pdf": [{"rows": 1000, "seconds": 3.0, "cpu_seconds": 2.9, "pages": 40, "seconds_per_1000": 3.0}],
        "pages": pages,
        "pages_rendered": budgets.add_ratios([row("/healthz", 8, 1000, 5), row("staff workspace", 8, 30, 400)]),
        "growth": budgets.growth_rows(pages, pages),
        "worker_peak_rss_mb": {"1": 100.0, "2": 160.0},
        "cpu": [
            {
                "page": "/healthz",
                "url": "/healthz",
                "cpu_ms": 0.5,
                "cpu_times_healthz": 1.0,
                "cpu_ms_rendered": 0.5,
                "cpu_rendered_times_healthz": 1.0,
            }
        ],
        "submissions": {
            "submitted": 10,
            "clients": 2,
            "submissions_per_second": 5.0,
            "stored": 10,
            "server_errors": 0,
            "lost": 0,
            "duplicates": 0,
            "smtp_accepted": 10,
            "smtp_rejected": 4,
            "receipts_missing": 0,
            "receipts_twice": 0,
        },
    }
    misses = report(results)
    assert misses == [
        "staff workspace at 8 clients: p95 150.0 ms is over 100 ms",
        "staff workspace at 8 clients: 100 requests/s is 10% of /healthz, under 25%",
        "gunicorn worker 2: peak memory 160 MB is over 150 MB",
    ]
    printed = capsys.readouterr().out
    assert "staff workspace" in printed
    assert "rendered for every request" in printed
    assert "400.0" in printed  # the rendered figures are printed, not budgeted
    assert "errors: 0, lost: 0" in printed
    assert json.loads(json.dumps(results))["pages"][1]["ratio_to_healthz"] == 0.1


def test_the_mail_server_rejects_about_a_third_and_always_the_same_attempts():
    handler = submit.RejectingHandler()
    draws = [handler.rejects(f"load-{n}@example.invalid", attempt) for n in range(1000) for attempt in (1, 2, 3)]
    assert 0.30 < sum(draws) / len(draws) < 0.37
    again = submit.RejectingHandler()
    assert draws == [again.rejects(f"load-{n}@example.invalid", a) for n in range(1000) for a in (1, 2, 3)]


def test_each_client_address_sends_at_most_the_hourly_limit():
    from initiatives.views.public import CREATE_LIMIT_PER_HOUR

    assert submit.PER_ADDRESS <= CREATE_LIMIT_PER_HOUR
    per_address = Counter(submit.source_address(n) for n in range(submit.SUBMISSIONS))
    assert max(per_address.values()) == submit.PER_ADDRESS
    assert all(address.startswith("127.20.") for address in per_address)
