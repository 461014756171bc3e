"""The pure parts of `make bench`: the budget checks name the page that misses, the figures keep their shape, and
the load test's mail server and client addresses behave as its docstring says. No timing is asserted here."""

import json
from collections import Counter

from tests.benchmarks import budgets, submit
from tests.benchmarks.__main__ import pages_to_measure, report

URLS = {
    "deep_page": "/aloitteet/?page=400",
    "filter": "/aloitteet/?status=received",
    "detail": "/aloitteet/2025-0001/",
    "body": "/toimielimet/vanhusneuvosto/",
    "meeting": "/toimielimet/vanhusneuvosto/kokoukset/1/",
}


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


def cpu_row(page: str, ms: float, queries: int = 3) -> dict:
    return {"page": page, "url": "/x/", "cpu_ms": ms, "queries": queries}


def within_budget(floor_ms: float = 0.5) -> list[dict]:
    """/healthz and every budgeted page at 70 % of its budget."""
    pages = [cpu_row(page, floor_ms * budget * 0.7) for page, budget in budgets.CPU_BUDGETS.items()]
    return budgets.add_cpu_ratios([cpu_row("/healthz", floor_ms, 1), *pages])


def test_every_page_of_the_issue_has_its_processor_time_budget():
    assert budgets.CPU_BUDGETS == {
        "/": 6,
        "/aloitteet/": 15,
        "/aloitteet/ deep page": 15,
        "/aloitteet/ search": 15,
        "/aloitteet/ filter": 15,
        "initiative detail": 8,
        "body page": 12,
        "meeting page": 10,
        "/ohjelma/": 30,
        "staff workspace": 15,
    }
    assert {name for name, _, _ in pages_to_measure(URLS)} == {"/healthz", *budgets.CPU_BUDGETS}
    assert pages_to_measure(URLS)[0][0] == "/healthz"  # cpu.py and add_cpu_ratios take the floor from the same run


def test_processor_time_is_a_multiple_of_healthz_in_the_same_run():
    rows = budgets.add_cpu_ratios([cpu_row("/healthz", 0.4), cpu_row("/", 2.0), cpu_row("/ohjelma/", 10.0)])
    assert [r["times_healthz"] for r in rows] == [1.0, 5.0, 25.0]


def test_pages_within_their_processor_time_budgets_miss_nothing():
    assert budgets.cpu_misses(within_budget()) == []


def test_the_page_over_its_processor_time_budget_is_named():
    rows = within_budget()
    slow = next(r for r in rows if r["page"] == "/ohjelma/")
    slow["cpu_ms"] = 15.5
    rows = budgets.add_cpu_ratios(rows)

    assert budgets.cpu_misses(rows) == ["/ohjelma/: processor time 15.50 ms is 31.0 × /healthz, over 30 ×"]


def test_a_budgeted_page_not_measured_is_a_miss():
    rows = [r for r in within_budget() if r["page"] != "staff workspace"]
    assert budgets.cpu_misses(rows) == ["staff workspace: processor time not measured (budget 15 × /healthz)"]


def test_the_page_over_the_p95_budget_at_8_clients_is_named():
    rows = budgets.add_ratios(
        [row("/healthz", 8, 1000, 5), row("/aloitteet/ search", 8, 400, 51), row("/aloitteet/", 8, 400, 49)]
    )
    misses = budgets.page_misses(rows)
    assert misses == ["/aloitteet/ search at 8 clients: p95 51.0 ms is over 50 ms"]


def test_p95_is_judged_at_8_clients_only():
    rows = budgets.add_ratios([row("/healthz", 1, 1000, 3), row("/", 1, 400, 250)])
    assert budgets.page_misses(rows) == []


def test_error_responses_miss_even_on_the_floor():
    rows = budgets.add_ratios([row("/healthz", 8, 1000, 5, errors=3)])
    assert budgets.page_misses(rows) == ["/healthz at 8 clients: 3 error responses"]


def test_growth_names_the_page_whose_processor_time_grows_with_the_rows():
    small = budgets.add_cpu_ratios([cpu_row("/healthz", 0.5), cpu_row("/aloitteet/", 4.0), cpu_row("/", 2.0)])
    large = budgets.add_cpu_ratios([cpu_row("/healthz", 0.5), cpu_row("/aloitteet/", 5.5), cpu_row("/", 2.5)])
    rows = budgets.growth_rows(small, large)
    assert [(r["page"], r["factor"]) for r in rows] == [("/aloitteet/", 1.38), ("/", 1.25)]
    assert budgets.growth_misses(rows) == [
        "/aloitteet/: processor time grew from 8.0 to 11.0 × /healthz (1.38 ×, over 1.3 ×) with ten times the "
        "initiatives"
    ]


def test_growth_is_judged_against_healthz_of_each_run():
    small = budgets.add_cpu_ratios([cpu_row("/healthz", 0.4), cpu_row("/", 2.0)])
    large = budgets.add_cpu_ratios([cpu_row("/healthz", 0.6), cpu_row("/", 3.0)])  # a busier machine, same page
    assert budgets.growth_misses(budgets.growth_rows(small, large)) == []


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
    cpu = within_budget()
    next(r for r in cpu if r["page"] == "staff workspace")["cpu_ms"] = 9.0
    cpu = budgets.add_cpu_ratios(cpu)
    results = {
        "machine": "test",
        "pdf": [{"rows": 1000, "seconds": 3.0, "cpu_seconds": 2.9, "pages": 40, "seconds_per_1000": 3.0}],
        "pages": pages,
        "growth": budgets.growth_rows(within_budget(), cpu),
        "worker_peak_rss_mb": {"1": 100.0, "2": 160.0},
        "cpu": cpu,
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
        "staff workspace: processor time 9.00 ms is 18.0 × /healthz, over 15 ×",
        "staff workspace at 8 clients: p95 150.0 ms is over 50 ms",
        "staff workspace: processor time grew from 10.5 to 18.0 × /healthz (1.71 ×, over 1.3 ×) with ten times the "
        "initiatives",
        "gunicorn worker 2: peak memory 160 MB is over 150 MB",
    ]
    printed = capsys.readouterr().out
    assert "staff workspace" in printed
    assert "rendered for every request" in printed
    assert "as served" not in printed
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
