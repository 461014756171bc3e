"""The portal under gunicorn on loopback, and wrk driving it.

Gunicorn runs as in production: two sync workers, DEBUG off, a random SECRET_KEY, static files collected into a
temporary STATIC_ROOT and served by whitenoise, PostgreSQL through Django's connection pool. Every request carries
`X-Forwarded-Proto: https`, as from the TLS proxy in front of it, so the HTTPS redirect and secure cookies behave as
they do in production.

wrk (Debian package `wrk`) measures each page for a fixed time at a fixed number of connections; the Lua script
below prints its latency percentiles (from wrk's full histogram) as one JSON line.
"""

import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = REPO / ".venv" / "bin"
WORKERS = 2

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %.0f, "p95_us": %.0f, "p99_us": %.0f, '
    .. '"status_errors": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
end
"""


def production_env(database_url: str, port: int, static_root: Path, media_root: Path, extra: dict) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "EMAIL_BACKEND", "TASKS_BACKEND", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        SITE_URL=f"http://127.0.0.1:{port}",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        DJANGO_SETTINGS_MODULE="osallisuus.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class Portal:
    """gunicorn with two workers on a free loopback port; `peak_rss_mb` reads the workers' VmHWM from /proc."""

    def __init__(self, env: dict, port: int, log_dir: Path) -> None:
        self.env, self.port, self.log_dir = env, port, log_dir
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = (self.log_dir / "gunicorn.log").open("ab")
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "osallisuus.wsgi",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_dir}/gunicorn.log")
            try:
                if get(self.base, "/healthz")[0] == 200 and len(self.worker_pids()) == WORKERS:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def peak_rss_mb(self) -> dict[str, float]:
        """Each worker's peak resident set size (VmHWM) in MB, by pid."""
        peaks = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                peaks[str(pid)] = round(int(match.group(1)) / 1024, 1)
        return peaks

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def get(base: str, path: str, headers: dict | None = None) -> tuple[int, bytes, http.client.HTTPResponse]:
    parsed = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read(), response
    finally:
        connection.close()


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    jar = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def login(base: str, username: str, password: str) -> str:
    """Log in through the real login form; returns the Cookie header of the staff session."""
    status, body, response = get(base, "/henkilosto/kirjaudu/")
    if status != 200:
        raise RuntimeError(f"login page answered {status}")
    jar = cookies_of(response)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    parsed = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    connection.request(
        "POST",
        "/henkilosto/kirjaudu/",
        body=form,
        headers={
            "X-Forwarded-Proto": "https",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
            "Referer": f"https://{parsed.netloc}/henkilosto/kirjaudu/",
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    jar.update(cookies_of(response))
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login as {username} failed: {response.status}")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def wrk_available() -> bool:
    try:
        subprocess.run(["wrk", "--version"], capture_output=True, check=False)
    except FileNotFoundError:
        return False
    return True


def run_wrk(base: str, path: str, *, clients: int, seconds: float, headers: dict) -> dict:
    """One wrk run; its requests/s and latency percentiles (ms)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    command = [
        "wrk",
        f"-t{min(2, clients)}",
        f"-c{clients}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
        *header_args,
        base + path,
    ]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    data = json.loads(line.removeprefix("BENCH "))
    errors = sum(data[key] for key in ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "requests": data["requests"],
        "requests_per_second": round(data["requests"] / (data["duration_us"] / 1e6), 1),
        "p50_ms": round(data["p50_us"] / 1000, 1),
        "p95_ms": round(data["p95_us"] / 1000, 1),
        "p99_ms": round(data["p99_us"] / 1000, 1),
        "errors": errors,
    }
