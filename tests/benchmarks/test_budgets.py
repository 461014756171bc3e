"""The pure parts of `make bench`: the budget checks name the page that misses, the figures keep their shape, and
the load test's mail server and client addresses behave as its docstring says. No timing is asserted here."""

import json
import smtplib
from collections import Counter

from initiatives.services import initiative_publish
from tests.benchmarks import budgets, reference, slow, submit
from tests.benchmarks.__main__ import free_port, pages_to_measure, report
from tests.initiatives.factories import make_initiative

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


# --- Slow clients and the mail server outage (issue 19) ---------------------------------------------------------


def probes(path: str, times_ms: list[float], failures: list = ()) -> list[dict]:
    answered = [{"path": path, "status": 200, "ms": ms} for ms in times_ms]
    return answered + [
        {"path": path, "status": None, "error": failure}
        if isinstance(failure, str)
        else {"path": path, "status": failure}
        for failure in failures
    ]


def slow_run(healthz: list[dict], front: list[dict], connections: int = 6) -> dict:
    return {
        "seconds": 30,
        "tricklers": 4,
        "trickler_connections": connections,
        "trickler_connections_closed_by_server": 2,
        "probe_interval_seconds": 0.2,
        "probes": budgets.summarise_probes(healthz + front, ("/healthz", "/")),
    }


def test_slow_client_probes_are_summarised_per_page():
    figures = budgets.summarise_probes(
        probes("/healthz", [5.0, 7.0, 900.0]) + probes("/", [12.0, 1500.0], failures=[502, "timed out"]),
        ("/healthz", "/"),
    )
    assert figures["/healthz"] == {
        "probes": 3,
        "answered": 3,
        "within_budget": 3,
        "failed": 0,
        "p50_ms": 7.0,
        "worst_ms": 900.0,
        "failures": [],
    }
    assert figures["/"] == {
        "probes": 4,
        "answered": 2,
        "within_budget": 1,
        "failed": 2,
        "p50_ms": 12.0,
        "worst_ms": 1500.0,
        "failures": ["502", "timed out"],
    }


def test_every_probe_answered_within_a_second_misses_nothing():
    run = slow_run(probes("/healthz", [4.0, 1000.0]), probes("/", [15.0, 30.0]))
    assert budgets.slow_client_misses(run) == []


def test_a_probe_slower_than_a_second_or_not_answered_is_named():
    run = slow_run(probes("/healthz", [4.0, 29_800.0]), probes("/", [15.0], failures=["timed out", 429]))
    assert budgets.slow_client_misses(run) == [
        "/healthz through nginx: worst answer 29,800 ms while 4 slow clients trickled, over 1,000 ms",
        "/ through nginx: 2 of 3 probes failed (429, timed out) while 4 slow clients trickled",
    ]


def test_slow_clients_that_never_connected_or_pages_never_probed_are_misses():
    run = slow_run(probes("/healthz", [4.0]), [], connections=1)
    assert budgets.slow_client_misses(run) == [
        "slow clients through nginx: only 1 of them connected",
        "/ through nginx: not probed",
    ]


def outage(**changes) -> dict:
    figures = {
        "submitted": 300,
        "clients": 32,
        "stored": 300,
        "server_errors": 0,
        "unexpected_responses": 0,
        "lost": 0,
        "duplicates": 0,
        "receipts_missing": 0,
        "receipts_twice": 0,
        "submitted_during_outage": 150,
        "outage_seconds": 20.0,
        "receipts_refused": 160,
        "receipts_delivered_after_failing": 160,
        "send_outbox_rounds": 1,
    }
    return figures | changes


def test_an_outage_with_nothing_lost_and_every_receipt_once_misses_nothing():
    assert budgets.outage_misses(outage()) == []


def test_an_outage_names_what_was_lost_or_sent_twice():
    assert budgets.outage_misses(outage(lost=1, stored=299, receipts_twice=2)) == [
        "mail server outage: lost 1",
        "mail server outage: receipts twice 2",
        "mail server outage: 299 stored of 300 sent",
    ]


def test_an_outage_that_met_no_submission_or_receipt_tested_nothing():
    assert budgets.outage_misses(outage(submitted_during_outage=0, receipts_refused=0)) == [
        "mail server outage: no submission was made while the mail server was down",
        "mail server outage: no receipt met the closed mail server, so its recovery was not tested",
    ]
    assert budgets.outage_misses(outage(receipts_delivered_after_failing=150)) == [
        "mail server outage: 160 receipts refused, only 150 delivered after it"
    ]


def test_report_budgets_the_slow_clients_through_nginx_only(capsys):
    within = slow_run(probes("/healthz", [4.0]), probes("/", [15.0]))
    direct = slow_run(probes("/healthz", [29_800.0]), probes("/", [29_900.0]))
    results = {
        "machine": "test",
        "outage": outage(lost=1, stored=299),
        "slow_clients": {"nginx → gunicorn": within, "gunicorn directly": direct},
    }

    misses = report(results)

    assert misses == ["mail server outage: lost 1", "mail server outage: 299 stored of 300 sent"]
    printed = capsys.readouterr().out
    assert "150 of them while the mail server's port was closed (20 s)" in printed
    rows = [line.split() for line in printed.splitlines() if line.startswith(("nginx", "gunicorn"))]
    assert rows[0] == ["nginx", "→", "gunicorn", "/healthz", "1", "1", "0", "4", "4", "6", "2"]
    assert rows[2] == ["gunicorn", "directly", "/healthz", "1", "0", "0", "29,800", "29,800", "6", "2"]
    assert json.loads(json.dumps(results))["slow_clients"]["gunicorn directly"]["probes"]["/"]["worst_ms"] == 29_900


def test_the_bench_proxy_is_deploys_nginx_configuration(tmp_path):
    """The bench's nginx includes deploy/nginx-proxy.conf itself, with the upstream and zone deploy/nginx.conf
    declares, so what the bench measures is what production runs."""
    config = slow.nginx_config(port=8443, upstream_port=8001, runtime=tmp_path)
    site = slow.SITE_CONFIG.read_text(encoding="utf-8")
    proxy = slow.PROXY_CONFIG.read_text(encoding="utf-8")

    assert f"include {slow.PROXY_CONFIG};" in config
    assert "listen 127.0.0.1:8443;" in config
    assert "upstream osallisuus {\n        server 127.0.0.1:8001;" in config
    assert slow.CONN_ZONE in site
    assert "upstream osallisuus {" in site
    assert "include /srv/osallisuus/deploy/nginx-proxy.conf;" in site
    assert "proxy_pass http://osallisuus;" in proxy
    assert "limit_conn osallisuus_addr " in proxy


def test_the_proxy_buffers_requests_and_responses_and_keeps_the_portals_body_limit(settings):
    proxy = slow.PROXY_CONFIG.read_text(encoding="utf-8")
    lines = {line.strip() for line in proxy.splitlines()}

    assert slow.nginx_body_limit_bytes(proxy) == settings.MAX_REQUEST_BYTES
    for directive in (
        "proxy_request_buffering on;",
        "proxy_buffering on;",
        "client_header_timeout 10s;",
        "client_body_timeout 10s;",
        "send_timeout 10s;",
        "proxy_set_header X-Forwarded-Proto https;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    ):
        assert any(line.startswith(directive) for line in lines), directive
    assert not [line for line in lines if line.startswith(("proxy_request_buffering off", "proxy_buffering off"))]


def test_a_body_over_the_limit_gets_the_portals_own_page_through_nginx():
    proxy = slow.PROXY_CONFIG.read_text(encoding="utf-8")

    assert "error_page 413 = @too_large;" in proxy
    assert "location @too_large {" in proxy
    assert budgets.too_large_misses({"declared_bytes": 1, "status": 413, "portal_page": True}) == []
    assert budgets.too_large_misses({"declared_bytes": 1, "status": 413, "portal_page": False}) == [
        "a body over the limit through nginx: nginx's own page, not the portal's in the visitor's language"
    ]
    assert budgets.too_large_misses({"declared_bytes": 1, "status": "no answer", "portal_page": False})[0] == (
        "a body over the limit through nginx: answered no answer, not 413"
    )


def test_nginx_sizes_are_read_in_powers_of_1024():
    assert slow.nginx_body_limit_bytes("client_max_body_size 51m;") == 51 * 1024 * 1024
    assert slow.nginx_body_limit_bytes("  client_max_body_size 512k;\n") == 512 * 1024
    assert slow.nginx_body_limit_bytes("client_max_body_size 1000;") == 1000


def test_a_trickled_request_never_completes():
    headers = slow.Trickler("http://127.0.0.1:8000", "headers", "127.30.0.1", 0, "csrftoken=abc", {}).opening()
    body = slow.Trickler("http://127.0.0.1:8000", "body", "127.30.0.2", 0, "csrftoken=abc", {}).opening()

    assert headers.startswith(b"GET / HTTP/1.1\r\n")
    assert b"\r\n\r\n" not in headers  # the headers never end
    assert body.startswith(b"POST /aloitteet/uusi/ HTTP/1.1\r\n")
    assert body.endswith(b"\r\n\r\n")  # complete headers; the body then comes a byte at a time
    assert f"Content-Length: {slow.BODY_BYTES}\r\n".encode() in body
    assert b"Cookie: csrftoken=abc\r\n" in body
    assert b"Referer: https://127.0.0.1:8000/aloitteet/uusi/\r\n" in body  # Django's CSRF check reads the body


def mail_server_answers(port: int) -> bool:
    """An SMTP conversation (greeting, NOOP, QUIT) with the server on `port`; False when the port is closed."""
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as server:
            return server.noop()[0] == 250
    except ConnectionRefusedError:
        return False


def test_the_mail_outage_closes_the_port_and_opens_it_again():
    port = free_port()
    outage = submit.MailOutage(port, down_after=1, up_after=2, min_seconds=0)
    try:
        assert mail_server_answers(port)
        outage(1)
        assert not mail_server_answers(port)  # refused: nothing listens
        outage(2)
        outage.wait_until_up()
        assert mail_server_answers(port)
        assert outage.figures()["submitted_during_outage"] == 1
    finally:
        outage.stop()


def test_the_reference_list_renders_the_published_initiatives(client, hyte_user, settings):
    """The bench's reference page (reference.py) keeps working as the portal changes: its figure means something only
    while it shows the list it stands for."""
    shown = initiative_publish(initiative=make_initiative(title="Näkyvä aloite"), user=hyte_user)
    make_initiative(title="Julkaisematon aloite")
    settings.ROOT_URLCONF = reference.__name__
    html = client.get(reference.PATH).content.decode()
    assert f'<a href="/aloitteet/{shown.reference}/">Näkyvä aloite</a>' in html
    assert "Julkaisematon aloite" not in html
