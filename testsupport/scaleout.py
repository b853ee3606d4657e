"""A scaled-out deployment on loopback, from real processes: gunicorn instances of a generated project, Celery
workers and HAProxy in front, configured from the project's own deploy/haproxy.cfg.

Each process runs in a session of its own, so `kill()` takes out a gunicorn master with its workers (or a Celery
worker with its pool) at once, as a crash of the machine would.
"""

from __future__ import annotations

import contextlib
import csv
import http.client
import io
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from testsupport.projects import InstalledProject, Response, free_port

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
# The request header the proxy adds: which instance answered (HAProxy's name of the server).
SERVED_BY = "X-Served-By"


class Process:
    """A command in a process group of its own, its output appended to `log`."""

    def __init__(self, command: list[str | Path], log: Path, env: dict[str, str], cwd: Path) -> None:
        self.command = [str(part) for part in command]
        self.log = log
        self.env = env
        self.cwd = cwd
        self.process: subprocess.Popen | None = None

    def start(self) -> Process:
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                cwd=self.cwd,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole group: nothing of it can finish what it was doing."""
        self._signal(signal.SIGKILL)

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM (a graceful stop), SIGKILL for what is left after `timeout` s."""
        if not self.running():
            return
        self._signal(signal.SIGTERM, timeout)

    def terminate(self) -> None:
        """SIGTERM without waiting, so several processes stop side by side (then `stop()` each)."""
        if self.running():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)

    def _signal(self, number: int, timeout: float = 15) -> None:
        assert self.process is not None
        try:
            os.killpg(self.process.pid, number)
        except ProcessLookupError:
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=timeout)
        # Whatever is left of the group (a child the leader did not wait for, or a leader that ignored SIGTERM).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def tail(self, characters: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-characters:] if self.log.exists() else ""


def gunicorn_instance(project: InstalledProject, env: dict[str, str], port: int, log: Path, workers: int = 2):
    """One web instance of `project`: its own gunicorn master and workers on 127.0.0.1:`port`, access log on."""
    command = [
        project.bin("gunicorn"),
        f"{project.name}.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        # gunicorn opens a control socket at one path per user unless told not to: instances would share it.
        "--no-control-socket",
        # The app is imported once, before the workers fork: an instance is ready sooner on a busy machine.
        "--preload",
    ]
    return Process(command, log, project.environment(env), project.path)


def celery_worker(project: InstalledProject, env: dict[str, str], name: str, log: Path, concurrency: int = 1):
    """`celery -A <project> worker` as docker-compose.yml runs it, with a host name of its own."""
    command = [
        project.bin("celery"),
        "-A",
        project.name,
        "worker",
        "--loglevel",
        "info",
        "--concurrency",
        str(concurrency),
        "--hostname",
        f"{name}@%h",
    ]
    return Process(command, log, project.environment(env), project.path)


def wait_for_port(port: int, process: Process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process.running():
            raise AssertionError(f"{process.command[0]} exited before listening on {port}:\n{process.tail()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port} after {timeout} s:\n{process.tail()}")


def loopback_haproxy_config(shipped: str, port: int, stats_port: int, servers: dict[str, int]) -> str:
    """The project's deploy/haproxy.cfg, pointed at loopback: the instances on `servers` (name: port) in place of
    Docker's DNS, the site on `port`, stats on `stats_port`, TLS terminated by it (X-Forwarded-Proto: https) and
    the name of the answering instance in a response header. Every replaced line must exist in the shipped file."""
    # Checked every second (a killed instance is out after 2 s), each check given the shipped `timeout check`.
    server_lines = "\n".join(
        f"    server {name} 127.0.0.1:{port} check inter 1s fall 2 rise 2" for name, port in servers.items()
    )
    replacements = {
        "    bind :8000\n": f"    bind 127.0.0.1:{port}\n",
        "    http-check send meth GET uri /healthz hdr Host localhost\n": (
            "    http-check send meth GET uri /healthz hdr Host 127.0.0.1 hdr X-Forwarded-Proto https\n"
            f"    http-response set-header {SERVED_BY} %s\n"
        ),
        "    # http-request set-header X-Forwarded-Proto https if { ssl_fc }\n": (
            "    http-request set-header X-Forwarded-Proto https\n"
        ),
    }
    config = shipped
    for old, new in replacements.items():
        assert old in config, f"deploy/haproxy.cfg no longer has {old.strip()!r}"
        config = config.replace(old, new)
    lines = config.splitlines()
    (template,) = [index for index, line in enumerate(lines) if line.strip().startswith("server-template ")]
    lines[template] = server_lines
    config = "\n".join(line for line in lines if "resolvers docker" not in line and "nameserver dns" not in line)
    config = config.replace("    hold valid 5s\n", "")
    return config + f"\n\nlisten stats\n    bind 127.0.0.1:{stats_port}\n    stats enable\n    stats uri /stats\n"


@dataclass
class Proxy:
    """HAProxy on loopback in front of named instances."""

    port: int
    stats_port: int
    process: Process

    @classmethod
    def start(cls, shipped_config: str, servers: dict[str, int], folder: Path) -> Proxy:
        port, stats_port = free_port(), free_port()
        config = folder / "haproxy.cfg"
        config.write_text(loopback_haproxy_config(shipped_config, port, stats_port, servers))
        process = Process([HAPROXY, "-db", "-f", config], folder / "haproxy.log", dict(os.environ), folder).start()
        try:
            wait_for_port(port, process)
        except BaseException:
            process.stop()
            raise
        return cls(port=port, stats_port=stats_port, process=process)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def server_states(self) -> dict[str, str]:
        """{server name: UP, DOWN ...} as HAProxy's health checks see them now."""
        connection = http.client.HTTPConnection("127.0.0.1", self.stats_port, timeout=5)
        try:
            connection.request("GET", "/stats;csv")
            text = connection.getresponse().read().decode()
        finally:
            connection.close()
        rows = csv.DictReader(io.StringIO(text.lstrip("# ")))
        return {
            row["svname"]: row["status"].split()[0]
            for row in rows
            if row["pxname"] == "web" and row["svname"] not in ("FRONTEND", "BACKEND")
        }

    def wait_until_up(self, names: set[str], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            states = self.server_states()
            if all(states.get(name) == "UP" for name in names):
                return
            time.sleep(0.1)
        raise AssertionError(f"instances not UP behind the proxy after {timeout} s: {self.server_states()}")


@dataclass
class Browser:
    """A client with a cookie jar talking to one origin (the proxy), the way a browser does: cookies kept, the
    Origin header on forms. The origin is https, as the proxy that terminates TLS says to the app."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    # Sent with every request: {"X-Forwarded-Proto": "https"} talks to gunicorn as the TLS proxy would.
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Response:
        """POST `form` with the CSRF token of the page at `path` (fetched first, as a browser shows the form)."""
        page = self.get(path)
        token = csrf_token(page.text)
        return self.request("POST", path, urlencode({**form, "csrfmiddlewaretoken": token}).encode())

    def request(self, method: str, path: str, body: bytes | None = None) -> Response:
        headers = {"Host": f"127.0.0.1:{self.port}", **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(status=answer.status, headers=answer.headers, body=answer.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response


def csrf_token(html: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
