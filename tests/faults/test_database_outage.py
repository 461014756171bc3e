"""The database killed and restarted in the middle of a submission (issue 19, finding 8): the portal under gunicorn,
as in production, against a throwaway PostgreSQL cluster this test starts itself (initdb and pg_ctl, as the postgres
user when run as root), with the schema the test run's migrations made.

What must hold: the resident whose initiative was being stored when the server died gets the portal's 503 page,
in Finnish, with Retry-After; nothing of it is stored (no half-stored initiative, no used reference number); while
the server is down every page answers 503 after a short wait (DATABASE_CONNECT_TIMEOUT, 3 s) instead of hanging;
once the server is back the same gunicorn answers again, and the same form sent again is stored exactly once."""

import contextlib
import http.client
import itertools
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import timezone

from initiatives.forms.public import InitiativeForm

# The test database is made only for a test marked so; its schema is what the throwaway cluster gets.
pytestmark = pytest.mark.django_db

REPOSITORY = Path(__file__).resolve().parents[2]
# Long enough for the pool's wait and a slow machine; well short of the 10 s every request waited before.
ANSWER_WITHIN_SECONDS = 8
# The pool's wait for a connection (DATABASE_CONNECT_TIMEOUT): the shortest libpq allows, to keep the test short.
CONNECT_TIMEOUT = 2
# Long enough that psycopg_pool's reconnection back-off (attempts 1, 3, 7, 15 s after the first failure) would by
# default still be waiting when the server is back, more than CONNECT_TIMEOUT after it is.
OUTAGE_SECONDS = 8
UNAVAILABLE = "Palvelu ei ole tilapäisesti käytettävissä"


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not found:
        pytest.fail("PostgreSQL's server programs are needed: apt-get install postgresql")
    return found[-1].parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own in a temporary directory, on a free port of the loopback address."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="osallisuus-outage-"))
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"
        if os.geteuid() == 0:  # initdb refuses to run as root
            shutil.chown(self.root, "postgres")
        self.run("initdb", "-D", str(self.root / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "-N")

    def run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.root / "data"), "-l", str(self.root / "log"), "-o", options, "-w", "start")

    def kill(self) -> None:
        """Stopped as a crash would stop it: every backend ends at once, nothing is shut down cleanly."""
        self.run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def connect(self, database: str = "portal") -> psycopg.Connection:
        return psycopg.connect(self.url, dbname=database, autocommit=True)


@dataclass
class Browser:
    """An HTTP client keeping the portal's cookies, as a browser would (http.client: no redirects followed)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, dict, str]:
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=ANSWER_WITHIN_SECONDS)
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
            return response.status, dict(response.headers), response.read().decode()
        finally:
            client.close()


@pytest.fixture
def database(django_db_setup) -> Iterator[ThrowawayPostgres]:
    """The throwaway cluster with the schema of the test database (copied, which is far faster than migrating)."""
    cluster = ThrowawayPostgres()
    try:
        cluster.start()
        with cluster.connect("postgres") as admin:
            admin.execute("CREATE DATABASE portal")
        source = connection.settings_dict
        where = ["-h", source["HOST"], "-p", str(source["PORT"] or 5432), "-U", source["USER"], source["NAME"]]
        dump = subprocess.run(
            [str(cluster.bin / "pg_dump"), "--schema-only", "--no-owner", "--no-privileges", *where],
            check=True,
            capture_output=True,
            timeout=60,
            env={**os.environ, "PGPASSWORD": source["PASSWORD"] or ""},
        ).stdout
        subprocess.run(
            [str(cluster.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", cluster.url],
            input=dump,
            check=True,
            capture_output=True,
            timeout=60,
        )
        with cluster.connect() as portal:
            portal.execute(
                "INSERT INTO osallisuus_municipality (name, name_sv, code) VALUES ('Pori', 'Björneborg', '609')"
            )
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def portal(database, tmp_path) -> Iterator[int]:
    """gunicorn serving the portal against the throwaway cluster, as README's production section runs it (DEBUG on
    only so that static files need no collectstatic); its port once its worker is up."""
    port = free_port()
    environment = {
        **os.environ,
        "DEBUG": "true",
        "SECRET_KEY": settings.SECRET_KEY,  # the form token below is signed here
        "DATABASE_URL": database.url,
        "DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "osallisuus.wsgi", "--preload", "-w", "1", "-b", f"127.0.0.1:{port}"],
        cwd=REPOSITORY,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    booted = threading.Event()
    log: list[str] = []

    def read_log() -> None:  # drained to the end, so that gunicorn never blocks on a full pipe
        for line in server.stderr:
            log.append(line)
            if "Booting worker" in line:
                booted.set()
        booted.set()

    threading.Thread(target=read_log, daemon=True).start()
    try:
        # With --preload the application is loaded and the socket listening before the worker boots.
        assert booted.wait(60), "gunicorn did not start"
        assert server.poll() is None, "gunicorn did not start:\n" + "".join(log)
        yield port
    finally:
        server.terminate()
        server.wait(30)


def backend_waiting_for_a_lock(monitor: psycopg.Connection) -> bool:
    row = monitor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = 'portal' AND wait_event_type = 'Lock'"
    ).fetchone()
    return row[0] > 0


def test_a_submission_when_the_database_dies_gets_503_and_is_stored_once_after_restart(database, portal):
    resident = Browser(portal)
    status, _headers, html = resident.request("GET", "/aloitteet/uusi/")
    assert status == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    municipality = re.search(r'<option value="(\d+)"[^>]*>Pori</option>', html).group(1)
    with time_machine.travel(time.time() - 60, tick=False):  # the form was filled in a minute ago
        form_token = InitiativeForm.new_token()
    form = {
        "csrfmiddlewaretoken": csrf,
        "initiator_kind": "resident",
        "name": "Maija Meikäläinen",
        "home_municipality": municipality,
        "email": "maija@example.invalid",
        "letter_language": "fi",
        "title": "Penkki terveysaseman pihaan",
        "text": "Pihassa ei voi levätä.",
        "form_token": form_token,
        "homepage": "",
    }

    # The submission is held inside its transaction (its initiative row written, its history row waiting for this
    # lock), and the server is killed there.
    monitor = database.connect()
    monitor.execute("BEGIN")
    monitor.execute("LOCK TABLE initiatives_historicalinitiative IN EXCLUSIVE MODE")
    answers: list[tuple[int, dict, str]] = []
    submission = threading.Thread(target=lambda: answers.append(resident.request("POST", "/aloitteet/uusi/", form)))
    submission.start()
    deadline = time.monotonic() + 30
    while not backend_waiting_for_a_lock(monitor):
        assert time.monotonic() < deadline, "the submission never reached the locked table"
        time.sleep(0.05)
    database.kill()
    killed_at = time.monotonic()
    submission.join()
    monitor.close()

    status, headers, html = answers[0]
    assert status == 503, html[:500]
    assert f"<h1>{UNAVAILABLE}</h1>" in html
    assert '<html lang="fi">' in html
    assert int(headers["Retry-After"]) > 0

    # While the server is down (OUTAGE_SECONDS) every page answers 503, each within ANSWER_WITHIN_SECONDS (the
    # client gives up then).
    for path in itertools.cycle(["/aloitteet/", "/aloitteet/uusi/"]):
        status, headers, html = resident.request("GET", path)
        assert status == 503, (path, status)
        assert f"<h1>{UNAVAILABLE}</h1>" in html
        if time.monotonic() - killed_at > OUTAGE_SECONDS:
            break

    database.start()
    with database.connect() as portal_db:
        assert portal_db.execute("SELECT count(*) FROM initiatives_initiative").fetchone()[0] == 0
        assert portal_db.execute("SELECT count(*) FROM initiatives_historicalinitiative").fetchone()[0] == 0

    # The same gunicorn answers again at once, and the form sent again (as the 503 page says) is stored once.
    status, headers, _html = resident.request("POST", "/aloitteet/uusi/", form)
    assert status == 302, _html[:500]
    tracking_page = headers["Location"]
    status, _headers, html = resident.request("GET", tracking_page)
    assert status == 200
    assert "Penkki terveysaseman pihaan" in html
    status, headers, _html = resident.request("POST", "/aloitteet/uusi/", form)  # sent once more: the same one
    assert (status, headers["Location"]) == (302, tracking_page)
    with database.connect() as portal_db:
        stored = portal_db.execute("SELECT title, reference FROM initiatives_initiative").fetchall()
        assert [title for title, _reference in stored] == ["Penkki terveysaseman pihaan"]
        assert stored == [("Penkki terveysaseman pihaan", f"{timezone.localdate().year}-0001")]  # no number lost
        assert portal_db.execute("SELECT count(*) FROM initiatives_historicalinitiative").fetchone()[0] == 1
