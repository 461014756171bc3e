"""Slow clients (issue 19): nginx as in deploy/ in front of gunicorn, and clients that trickle their requests.

- nginx runs in the foreground from a generated main configuration: a loopback server whose every directive is
  deploy/nginx-proxy.conf, included verbatim, with the `osallisuus` upstream pointing at the bench's gunicorn and the
  `osallisuus_addr` zone of deploy/nginx.conf (test_budgets.py checks the two files and this one agree).
- For `SECONDS` seconds `TRICKLERS` connections send a byte a second: half of them a request's headers (which never
  end), half a form's body after complete headers and a valid CSRF cookie (so that Django reads the body). A
  connection the server closes is opened again at once, so that as many trickle all the time. Each comes from its
  own loopback address (127.30.0.x), as different clients would.
- Meanwhile /healthz and / are requested every `PROBE_INTERVAL` s on a fixed schedule (each probe in its own thread,
  whether or not the one before has been answered), and each probe's time to its whole answer is recorded.

The same is done directly against gunicorn (what finding 1 describes: its two sync workers each wait on a trickling
client, and every other request waits in the listen queue) and through nginx (the budget: every probe answered
within 1 s).
"""

import http.client
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from tests.benchmarks import budgets

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
SITE_CONFIG = DEPLOY / "nginx.conf"
PROXY_CONFIG = DEPLOY / "nginx-proxy.conf"
UPSTREAM = "osallisuus"
CONN_ZONE = "limit_conn_zone $binary_remote_addr zone=osallisuus_addr:10m;"

SECONDS = 30.0
TRICKLERS = 4
PROBE_INTERVAL = 0.2
PROBE_PATHS = ("/healthz", "/")
BODY_BYTES = 4096  # the declared length of a trickled form body: never reached in SECONDS


def nginx_binary() -> str | None:
    """nginx on PATH, else Debian's /usr/sbin/nginx (not on an ordinary user's PATH)."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def nginx_config(*, port: int, upstream_port: int, runtime: Path) -> str:
    """The main configuration of the bench's nginx: foreground, its files under `runtime`, one loopback server that
    includes deploy/nginx-proxy.conf as it is."""
    return f"""daemon off;
worker_processes 1;
pid {runtime}/nginx.pid;
error_log {runtime}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    access_log {runtime}/access.log;
    client_body_temp_path {runtime}/client_body;
    proxy_temp_path {runtime}/proxy;
    fastcgi_temp_path {runtime}/fastcgi;
    uwsgi_temp_path {runtime}/uwsgi;
    scgi_temp_path {runtime}/scgi;

    upstream {UPSTREAM} {{
        server 127.0.0.1:{upstream_port};
    }}
    {CONN_ZONE}

    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        include {PROXY_CONFIG};
    }}
}}
"""


class Nginx:
    """nginx in the foreground (`daemon off`) on a loopback port, in front of gunicorn's port."""

    def __init__(self, port: int, upstream_port: int, log_dir: Path) -> None:
        self.port, self.upstream_port, self.log_dir = port, upstream_port, log_dir
        # Its own directory, readable by the worker process (nginx started as root runs its workers as nobody).
        self.runtime = Path(tempfile.mkdtemp(prefix="osallisuus-bench-nginx-"))
        self.runtime.chmod(0o755)
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        binary = nginx_binary()
        config = self.runtime / "nginx.conf"
        config.write_text(
            nginx_config(port=self.port, upstream_port=self.upstream_port, runtime=self.runtime), encoding="utf-8"
        )
        command = [binary, "-p", str(self.runtime), "-e", str(self.runtime / "error.log"), "-c", str(config)]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t refused the configuration:\n{checked.stderr}")
        log = (self.log_dir / "nginx.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}; see {self.runtime}/error.log")
            try:
                if probe_once(self.base, "/healthz", {}, 5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"nginx did not answer /healthz within 30 s; see {self.runtime}/error.log")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish what is in progress, then exit
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for name in ("error.log", "access.log"):
            if (self.runtime / name).exists():
                shutil.copy(self.runtime / name, self.log_dir / f"nginx-{name}")
        shutil.rmtree(self.runtime, ignore_errors=True)


# --- The clients ----------------------------------------------------------------------------------------------


def probe_once(base: str, path: str, headers: dict, timeout: float) -> tuple[int, float]:
    """(status, seconds to the whole answer) of one GET on a new connection."""
    host, port = base.removeprefix("http://").split(":")
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def csrf_cookie(base: str, headers: dict) -> str:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", "/aloitteet/uusi/", headers=headers)
        response = connection.getresponse()
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("csrftoken="):
                return header.split(";", 1)[0]
    finally:
        connection.close()
    raise RuntimeError(f"the form at {base}/aloitteet/uusi/ set no CSRF cookie")


class Trickler(threading.Thread):
    """Keeps one connection trickling a byte a second until `deadline`, opening a new one whenever the server
    closes it. kind "headers": a request whose headers never end; kind "body": a form POST whose body never ends."""

    def __init__(self, base: str, kind: str, source: str, deadline: float, cookie: str, headers: dict) -> None:
        super().__init__(daemon=True)
        host, port = base.removeprefix("http://").split(":")
        self.address, self.kind, self.source, self.deadline = (host, int(port)), kind, source, deadline
        self.cookie, self.headers = cookie, headers
        self.connections = 0
        self.closed_by_server = 0
        self.bytes_sent = 0

    def opening(self) -> bytes:
        host = f"{self.address[0]}:{self.address[1]}"
        extra = "".join(f"{name}: {value}\r\n" for name, value in self.headers.items())
        if self.kind == "headers":
            return f"GET / HTTP/1.1\r\nHost: {host}\r\n{extra}X-Slow: ".encode()
        return (
            f"POST /aloitteet/uusi/ HTTP/1.1\r\nHost: {host}\r\n{extra}"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {BODY_BYTES}\r\n"
            f"Cookie: {self.cookie}\r\nReferer: https://{host}/aloitteet/uusi/\r\n\r\n"
        ).encode()

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            try:
                connection = socket.create_connection(self.address, timeout=5, source_address=(self.source, 0))
            except OSError:
                time.sleep(0.2)
                continue
            self.connections += 1
            try:
                if self.kind == "headers":  # from the request line's first byte on, a byte a second
                    closed = self._trickle(connection, self.opening() + b"a" * 10_000)
                else:  # complete headers at once, then the body a byte a second
                    connection.sendall(self.opening())
                    closed = self._trickle(connection, b"a" * BODY_BYTES)
            except OSError:
                closed = True
            finally:
                connection.close()
            self.closed_by_server += closed

    def _trickle(self, connection: socket.socket, payload: bytes) -> bool:
        """Send a byte a second; True when the server closed the connection (or answered) before the deadline."""
        for byte in payload:
            if time.monotonic() >= self.deadline:
                return False
            try:
                connection.sendall(bytes([byte]))
            except OSError:
                return True
            self.bytes_sent += 1
            wait = min(1.0, self.deadline - time.monotonic())
            readable, _, _ = select.select([connection], [], [], max(0.0, wait))
            if readable:
                return True  # an answer (408, 400) or the end of the connection: either way it is over
        return False


def run(base: str, *, headers: dict, seconds: float = SECONDS, tricklers: int = TRICKLERS) -> dict:
    """`tricklers` slow connections to `base` for `seconds` while /healthz and / are probed on a fixed schedule."""
    cookie = csrf_cookie(base, headers)
    started = time.monotonic()
    deadline = started + seconds
    slow = [
        Trickler(base, "headers" if n % 2 == 0 else "body", f"127.30.0.{n + 1}", deadline, cookie, headers)
        for n in range(tricklers)
    ]
    for trickler in slow:
        trickler.start()
    time.sleep(1.0)  # every trickler connected and sending before the first probe

    probes: list[dict] = []
    lock = threading.Lock()
    timeout = seconds + 30  # longer than the trickle: a probe directly to gunicorn is answered only after it

    def probe(path: str, sent_at: float) -> None:
        try:
            status, took = probe_once(base, path, headers, timeout)
            record = {"path": path, "at": round(sent_at - started, 2), "status": status, "ms": round(took * 1000, 1)}
        except (OSError, http.client.HTTPException) as error:  # refused, reset, timed out, not HTTP
            record = {"path": path, "at": round(sent_at - started, 2), "status": None, "error": str(error)}
        with lock:
            probes.append(record)

    threads = []
    next_at = time.monotonic()
    while next_at < deadline:
        for path in PROBE_PATHS:
            thread = threading.Thread(target=probe, args=(path, next_at), daemon=True)
            thread.start()
            threads.append(thread)
        next_at += PROBE_INTERVAL
        time.sleep(max(0.0, next_at - time.monotonic()))
    for trickler in slow:
        trickler.join(timeout=10)
    for thread in threads:
        thread.join(timeout=timeout + 5)
    return {
        "seconds": seconds,
        "tricklers": tricklers,
        "trickle_kinds": dict(sorted((kind, sum(t.kind == kind for t in slow)) for kind in ("headers", "body"))),
        "trickler_connections": sum(t.connections for t in slow),
        "trickler_connections_closed_by_server": sum(t.closed_by_server for t in slow),
        "trickled_bytes": sum(t.bytes_sent for t in slow),
        "probe_interval_seconds": PROBE_INTERVAL,
        "probes": budgets.summarise_probes(probes, PROBE_PATHS),
    }


def too_large(base: str) -> dict:
    """A form whose declared body is one byte over nginx's client_max_body_size (the portal's MAX_REQUEST_BYTES):
    its status, and whether the page is the portal's own (in the language asked for) rather than nginx's."""
    host, port = base.removeprefix("http://").split(":")
    length = nginx_body_limit_bytes(PROXY_CONFIG.read_text(encoding="utf-8")) + 1
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(
            f"POST /aloitteet/uusi/ HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Language: sv\r\n"
            f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {length}\r\n\r\n".encode()
        )
        answer = b""
        try:
            connection.sendall(b"x" * 65536)  # the start of the body: nginx answers without waiting for the rest
            while chunk := connection.recv(65536):
                answer += chunk
        except OSError:  # reset once the answer is out: the rest of the body was never read
            pass
    head, _, body = answer.partition(b"\r\n\r\n")
    status = head.split(b" ", 2)[1].decode() if head.startswith(b"HTTP/") else "no answer"
    return {
        "declared_bytes": length,
        "status": int(status) if status.isdigit() else status,
        "portal_page": b'<html lang="sv"' in body,
    }


NGINX_SIZE = re.compile(r"^\s*client_max_body_size\s+(\d+)([kKmMgG]?)\s*;", re.MULTILINE)


def nginx_body_limit_bytes(text: str) -> int:
    """client_max_body_size of an nginx configuration, in bytes (nginx's k/m/g are powers of 1024)."""
    number, unit = NGINX_SIZE.search(text).groups()
    return int(number) * 1024 ** {"": 0, "k": 1, "m": 2, "g": 3}[unit.lower()]
