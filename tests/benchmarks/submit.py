"""No loss under load: 1,000 initiatives through the public form from 32 concurrent clients, while the mail server
rejects a third of the messages.

- The mail server is aiosmtpd on a loopback port. It rejects a message with a temporary error (451) when a seeded
  random number, drawn from the recipient and the how-many-th attempt of that recipient it is, falls under 1/3: the
  same run always rejects the same attempts, whatever order the messages arrive in.
- Each client first fetches the form for each of its submissions (the CSRF cookie and token, the signed fill-time
  token that carries the double-submit key) and submits once the tokens are old enough (FORM_MIN_FILL_SECONDS), with
  the honeypot left empty. Every 20th form is sent twice, as a double click would.
- The rate limit stays as in production (five initiatives an hour per client address): each client connects from
  its own loopback addresses (127.20.0.x), at most five submissions per address, like 200 different residents.
- The outbox is delivered by `manage.py db_worker` (TASKS_BACKEND=django_tasks_db.DatabaseBackend, as in production)
  and then by `manage.py send_outbox`, repeated as cron would, until nothing is undelivered.
- The outage run (`MailOutage`): more submissions, through nginx, with a mail server that accepts everything but
  whose port is closed after the first third of them and opened again after the second third (20 s at the
  earliest); the receipts the closed port refused are tried again (`send`) once it is open.

`send` makes every waiting receipt due and runs `send_outbox`; `verify` (both run with Django, in their own process)
counts in the database: every submission stored exactly once
with a distinct reference, and its receipt delivered; the SMTP log shows each receipt accepted exactly once.
"""

import argparse
import hashlib
import http.client
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email import message_from_bytes

SUBMISSIONS = 1000
CLIENTS = 32
PER_ADDRESS = 5  # CREATE_LIMIT_PER_HOUR of initiatives.views.public
REJECT_SHARE = 1 / 3
SEED = 20261201
MARKER = "Kuormitustesti"
FILL_SECONDS = 3.2  # a little over settings.FORM_MIN_FILL_SECONDS


class RejectingHandler:
    """aiosmtpd handler: rejects about a third of the attempts (seeded, per recipient and attempt), logs the rest."""

    def __init__(self, seed: int = SEED, share: float = REJECT_SHARE) -> None:
        self.seed, self.share = seed, share
        self.attempts: Counter[str] = Counter()
        self.accepted: list[dict] = []
        self.rejected = 0
        self.lock = threading.Lock()

    def rejects(self, recipient: str, attempt: int) -> bool:
        digest = hashlib.sha256(f"{self.seed}:{recipient}:{attempt}".encode()).digest()
        return random.Random(digest).random() < self.share

    async def handle_DATA(self, server, session, envelope) -> str:
        recipient = ",".join(sorted(envelope.rcpt_tos))
        with self.lock:
            self.attempts[recipient] += 1
            attempt = self.attempts[recipient]
            if self.rejects(recipient, attempt):
                self.rejected += 1
                return "451 4.3.0 Try again later (benchmark)"
            message = message_from_bytes(envelope.content)
            self.accepted.append(
                {
                    "to": recipient,
                    "subject": str(message["Subject"] or ""),
                    "attempt": attempt,
                }
            )
        return "250 Message accepted"


def start_smtp(port: int, handler: RejectingHandler | None = None) -> tuple[object, RejectingHandler]:
    from aiosmtpd.controller import Controller

    handler = handler or RejectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, handler


class MailOutage:
    """A mail server that accepts every message, whose port is closed (the server stopped: a connection is refused)
    once `down_after` submissions are done, and opened again once `up_after` are and at least `min_seconds` have
    passed. `drive` calls it after each submission; `wait_until_up` waits for the end of the outage."""

    def __init__(self, port: int, *, down_after: int, up_after: int, min_seconds: float) -> None:
        self.port, self.down_after, self.up_after, self.min_seconds = port, down_after, up_after, min_seconds
        self.controller, self.handler = start_smtp(port, RejectingHandler(share=0))
        self.down_at: float | None = None
        self.up_at: float | None = None
        self.submitted_during = 0
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None

    def __call__(self, done: int) -> None:
        with self.lock:
            if self.down_at is not None and self.up_at is None:
                self.submitted_during += 1
            if done == self.down_after:
                self.controller.stop()
                self.down_at = time.monotonic()
            elif done == self.up_after:
                self.timer = threading.Timer(max(0.0, self.down_at + self.min_seconds - time.monotonic()), self.up)
                self.timer.start()

    def up(self) -> None:
        with self.lock:
            if self.down_at is not None and self.up_at is None:
                self.controller, _ = start_smtp(self.port, self.handler)
                self.up_at = time.monotonic()

    def wait_until_up(self) -> None:
        if self.timer is not None:
            self.timer.join()
        self.up()  # fewer submissions than up_after: the outage ends with them

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if self.up_at is not None or self.down_at is None:
            self.controller.stop()

    def figures(self) -> dict:
        return {
            "outage_seconds": round((self.up_at or time.monotonic()) - (self.down_at or time.monotonic()), 1),
            "submitted_during_outage": self.submitted_during,
        }


@dataclass
class Form:
    number: int
    cookie: str
    csrf: str
    token: str
    municipality: str


@dataclass
class ClientTally:
    statuses: Counter = field(default_factory=Counter)
    locations: dict = field(default_factory=dict)
    repeat_mismatch: int = 0


def source_address(number: int) -> str:
    slot = number // PER_ADDRESS
    return f"127.20.{slot // 250}.{slot % 250 + 1}"


def _connection(host: str, port: int, number: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(host, port, timeout=60, source_address=(source_address(number), 0))


def fetch_form(host: str, port: int, number: int) -> Form:
    connection = _connection(host, port, number)
    try:
        connection.request("GET", "/aloitteet/uusi/", headers={"X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        body = response.read().decode()
        if response.status != 200:
            raise RuntimeError(f"the form answered {response.status}")
        cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
    finally:
        connection.close()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    token = re.search(r'name="form_token" value="([^"]+)"', body).group(1)
    municipality = re.search(r'name="home_municipality"[^>]*>.*?<option value="(\d+)"', body, re.S).group(1)
    return Form(
        number=number,
        cookie="; ".join(f"{k}={v}" for k, v in cookies.items()),
        csrf=csrf,
        token=token,
        municipality=municipality,
    )


def post_form(host: str, port: int, form: Form) -> tuple[int, str]:
    data = {
        "initiator_kind": "resident",
        "name": f"Kuormitus Testaaja {form.number}",
        "home_municipality": form.municipality,
        "email": f"load-{form.number}@example.invalid",
        "postal_address": "",
        "phone": "",
        "letter_language": "fi",
        "title": f"{MARKER} {form.number:04d}: lisää penkkejä terveysaseman pihaan",
        "text": "Terveysaseman pihassa ei ole paikkaa levätä. Ehdotan penkkejä pääoven viereen. " * 3,
        "homepage": "",
        "form_token": form.token,
        "csrfmiddlewaretoken": form.csrf,
    }
    connection = _connection(host, port, form.number)
    try:
        connection.request(
            "POST",
            "/aloitteet/uusi/",
            body=urllib.parse.urlencode(data),
            headers={
                "X-Forwarded-Proto": "https",
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": form.cookie,
                "Referer": f"https://{host}:{port}/aloitteet/uusi/",
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status, response.headers.get("Location", "")
    finally:
        connection.close()


def drive(
    host: str,
    port: int,
    *,
    submissions: int = SUBMISSIONS,
    clients: int = CLIENTS,
    first: int = 0,
    after_each: Callable[[int], None] | None = None,
) -> dict:
    """Fetch every form, wait until the tokens are old enough, then submit them all from `clients` threads.
    Submissions are numbered from `first` (their titles, addresses and client addresses); `after_each(done)` is
    called after each one with how many are done."""
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        forms = list(pool.map(lambda n: fetch_form(host, port, n), range(first, first + submissions)))
    fetch_seconds = time.perf_counter() - started
    time.sleep(FILL_SECONDS)
    tally = ClientTally()
    lock = threading.Lock()

    def submit(form: Form) -> None:
        status, location = post_form(host, port, form)
        repeat = None
        if form.number % 20 == 0:  # a double click: the same form (same submission key) again
            repeat = post_form(host, port, form)
        with lock:
            tally.statuses[status] += 1
            tally.locations[form.number] = location
            if repeat is not None:
                tally.statuses[repeat[0]] += 1
                tally.repeat_mismatch += repeat[1] != location
            done = len(tally.locations)
        if after_each is not None:
            after_each(done)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(submit, forms))
    submit_seconds = time.perf_counter() - started
    requests = sum(tally.statuses.values())
    return {
        "submitted": submissions,
        "clients": clients,
        "posts": requests,
        "form_fetch_seconds": round(fetch_seconds, 2),
        "submit_seconds": round(submit_seconds, 2),
        "submissions_per_second": round(submissions / submit_seconds, 1),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "server_errors": sum(v for k, v in tally.statuses.items() if k >= 500),
        "unexpected_responses": sum(v for k, v in tally.statuses.items() if k != 302 and k < 500)
        + sum(1 for loc in tally.locations.values() if "/aloitteet/seuranta/" not in loc),
        "double_submits_answered_differently": tally.repeat_mismatch,
    }


# --- Verification, run with Django against the benchmark database ---------------------------------------------


def number_of(title: str) -> int:
    """The submission's number in a title made by post_form."""
    return int(title.split()[1].rstrip(":"))


def verify(submitted: int, first: int = 0) -> dict:
    """The submissions numbered first … first + submitted - 1 and their receipts, as stored."""
    from initiatives.models import Initiative

    numbers_sent = range(first, first + submitted)
    rows = [
        row
        for row in Initiative.objects.filter(title__startswith=MARKER).values_list("title", "reference")
        if number_of(row[0]) in numbers_sent
    ]
    numbers = Counter(number_of(title) for title, _ in rows)
    receipts = receipts_of_run()
    awaiting = set(receipts.awaiting_delivery().values_list("pk", flat=True))
    receipts = [
        (pk, attempts, sent_at)
        for pk, title, attempts, sent_at in receipts.values_list("pk", "initiative__title", "attempts", "sent_at")
        if number_of(title) in numbers_sent
    ]
    undelivered = [pk for pk, _, sent_at in receipts if sent_at is None]
    return {
        "stored": len(rows),
        "distinct_references": len({reference for _, reference in rows}),
        "lost": sum(1 for n in numbers_sent if numbers[n] == 0),
        "duplicates": sum(count - 1 for count in numbers.values() if count > 1),
        "receipts_stored": len(receipts),
        "receipts_undelivered": len(undelivered),
        # Undelivered and no longer awaiting delivery: given up (by no one here) or without an address.
        "receipts_given_up": sum(1 for pk in undelivered if pk not in awaiting),
        "receipt_attempts": {str(k): v for k, v in sorted(Counter(a for _, a, _ in receipts).items())},
        "receipts_delivered_after_failing": sum(1 for _, a, sent_at in receipts if a > 1 and sent_at is not None),
        "first_attempts_pending": sum(1 for _, attempts, _ in receipts if attempts == 0),
    }


def receipts_of_run():
    from initiatives.models import Initiative
    from osallisuus.models import OutboxMessage

    return OutboxMessage.objects.about_any(Initiative.objects.filter(title__startswith=MARKER)).filter(
        kind=OutboxMessage.Kind.RECEIPT
    )


def send_due() -> None:
    """`manage.py send_outbox` as cron runs it, once the back-off of every waiting receipt has passed: the outbox
    tries a failed message again 2, 4, 8… minutes later, and the bench moves that moment to now instead of waiting.
    A warning exit (messages undelivered for hours) cannot happen here and would be printed."""
    from django.core.management import CommandError, call_command
    from django.utils import timezone

    receipts_of_run().awaiting_delivery().update(next_attempt_at=timezone.now())
    try:
        call_command("send_outbox", stdout=sys.stderr)
    except CommandError as error:
        print(error, file=sys.stderr)


def smtp_figures(handler: RejectingHandler, submitted: int, first: int = 0) -> dict:
    accepted = Counter(entry["to"] for entry in handler.accepted if entry["to"].startswith("load-"))
    expected = [f"load-{n}@example.invalid" for n in range(first, first + submitted)]
    return {
        "smtp_accepted": sum(accepted.values()),
        "smtp_rejected": handler.rejected,
        "receipts_missing": sum(1 for address in expected if accepted[address] == 0),
        "receipts_twice": sum(1 for address in expected if accepted[address] > 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["verify", "send"])
    parser.add_argument("--submitted", type=int, default=SUBMISSIONS)
    parser.add_argument("--first", type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osallisuus.settings")
    import django

    django.setup()
    if args.command == "send":
        send_due()
    print(json.dumps(verify(args.submitted, args.first)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
