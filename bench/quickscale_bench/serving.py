"""Row 4: serving under gunicorn with production settings, QuickScale's project against a bare Django app.

All apps run in the generated project's venv (same Python, Django, gunicorn and WhiteNoise), with the same
gunicorn settings: 2 sync workers on 127.0.0.1 and an empty config file so that none picks up a
gunicorn.conf.py. The baseline is `django-admin startproject` plus one trivial view at `/`, WhiteNoise's
middleware and CompressedManifestStaticFilesStorage, serving a copy of QuickScale's own style.css so the
static rows compare the same bytes. A third server runs that same trivial view on QuickScale's production
settings, which separates the cost of QuickScale's settings and middleware from the cost of its home page.
Load comes from wrk on loopback, bounded by time.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from quickscale_bench.procs import BenchError, clean_env, run
from quickscale_bench.report import Result, Row, ratio_at_least, ratio_at_most
from quickscale_bench.workspace import UV, Workspace

NAME = "acme"
BASELINE = "baseline"
STYLESHEET = "css/style.css"
HEADERS = {"X-Forwarded-Proto": "https"}  # production redirects plain http; the proxy header says "TLS"
# gunicorn 27 opens a control socket at one fixed path per user: two servers at once would share it.
GUNICORN = ("--workers", "2", "--no-control-socket")
WRK = ("--threads", "2", "--connections", "16", "--latency", "--timeout", "5s")
STARTUP_TIMEOUT = 60

BASELINE_SETTINGS = """\
from .settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "baseline.bench_urls"
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
STATIC_ROOT = BASE_DIR / "staticfiles"  # noqa: F405
STATICFILES_DIRS = [BASE_DIR / "static"]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
"""
TRIVIAL_URLS = """\
from django.http import HttpResponse
from django.urls import path


def index(request):
    return HttpResponse("Hello from a bare Django project.")


urlpatterns = [path("", index)]
"""


@dataclass(frozen=True)
class App:
    """A Django project ready for gunicorn: where it lives, its WSGI app, its env, and its URLs to load."""

    label: str
    path: Path
    wsgi: str
    env: dict[str, str]
    ready_path: str = "/"
    static_path: str = ""


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50: float  # seconds
    p99: float


def serving(ws: Workspace, rounds: int, seconds: int) -> Result:
    with ws.scratch("serve") as parent:
        venv = _install_quickscale(ws, parent)
        ours = _prepare(venv, _quickscale_app(parent))
        stack = _trivial_view_on(ours)
        theirs = _prepare(venv, _baseline_app(ws, parent, ours.path / "static" / STYLESHEET))
        config = parent / "empty-gunicorn.conf.py"
        config.write_text("")
        with (
            gunicorn(venv, ours, config, parent) as our_url,
            gunicorn(venv, stack, config, parent) as stack_url,
            gunicorn(venv, theirs, config, parent) as their_url,
        ):
            pairs = {
                "/": (our_url + "/", their_url + "/"),
                "static CSS": (our_url + ours.static_path, their_url + theirs.static_path),
                "trivial view on QuickScale's settings": (stack_url + "/", their_url + "/"),
            }
            loads = _measure([our_url + "/", their_url + "/", stack_url + "/", *pairs["static CSS"]], rounds, seconds)
    rows = []
    for label, (our_target, their_target) in pairs.items():
        rows += _rows(label, loads[our_target], loads[their_target], goals=label == "/")
    notes = [
        f"Row 4: gunicorn {' '.join(GUNICORN)} (sync workers); wrk {' '.join(WRK)}, {seconds} s per measurement, "
        f"{rounds} round(s) through all URLs after a 1 s warm-up each. QuickScale's `/` is its home page "
        f"(templates) with production settings; the baseline's `/` returns a short HttpResponse. Servers: "
        f"QuickScale at {our_url}, trivial view on QuickScale's settings at {stack_url}, baseline at {their_url} "
        f"(all stopped after the run).",
        f"Row 4 static: QuickScale {ours.static_path}, baseline {theirs.static_path} (the same file, WhiteNoise).",
    ]
    return Result(rows, notes)


def _rows(label: str, ours: list[Load], theirs: list[Load], goals: bool) -> list[Row]:
    def series(loads: list[Load], metric: str) -> list[float]:
        return [getattr(load, metric) for load in loads]

    return [
        Row(
            f"4 serving {label}: throughput",
            "req/s",
            series(ours, "requests_per_second"),
            series(theirs, "requests_per_second"),
            ratio_at_least(0.9) if goals else None,
        ),
        Row(f"4 serving {label}: p50 latency", "ms", series(ours, "p50"), series(theirs, "p50")),
        Row(
            f"4 serving {label}: p99 latency",
            "ms",
            series(ours, "p99"),
            series(theirs, "p99"),
            ratio_at_most(1.2) if goals else None,
        ),
    ]


def _install_quickscale(ws: Workspace, parent: Path) -> Path:
    """Generate the project and install its runtime dependencies (production: no dev group)."""
    env = clean_env(UV_PYTHON=ws.python)
    run([ws.quickscale, "init", NAME], parent, env)
    run([UV, "sync", "--quiet", "--no-dev"], parent / NAME, env)
    return parent / NAME / ".venv"


def _quickscale_app(parent: Path) -> App:
    env = clean_env(
        DJANGO_SETTINGS_MODULE=f"{NAME}.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{parent / 'quickscale.sqlite3'}",
    )
    return App("QuickScale", parent / NAME, f"{NAME}.wsgi:application", env, ready_path="/healthz")


def _trivial_view_on(app: App) -> App:
    """The generated project's production settings, with the baseline's one-view URLconf."""
    package = app.wsgi.split(".")[0]
    settings = f"from {app.env['DJANGO_SETTINGS_MODULE']} import *  # noqa: F403\n\n"
    (app.path / package / "bench_settings.py").write_text(settings + f'ROOT_URLCONF = "{package}.bench_urls"\n')
    (app.path / package / "bench_urls.py").write_text(TRIVIAL_URLS)
    env = {**app.env, "DJANGO_SETTINGS_MODULE": f"{package}.bench_settings"}
    return App("QuickScale-settings-trivial-view", app.path, app.wsgi, env)


def _baseline_app(ws: Workspace, parent: Path, stylesheet: Path) -> App:
    run([ws.django_admin, "startproject", BASELINE], parent, clean_env())
    path = parent / BASELINE
    (path / BASELINE / "bench_settings.py").write_text(BASELINE_SETTINGS)
    (path / BASELINE / "bench_urls.py").write_text(TRIVIAL_URLS)
    (path / "static" / "css").mkdir(parents=True)
    shutil.copyfile(stylesheet, path / "static" / STYLESHEET)
    env = clean_env(DJANGO_SETTINGS_MODULE=f"{BASELINE}.bench_settings")
    return App("baseline", path, f"{BASELINE}.wsgi:application", env)


def _prepare(venv: Path, app: App) -> App:
    """migrate and collectstatic, then ask Django for the stylesheet's hashed URL."""
    python = venv / "bin" / "python"
    run([python, "manage.py", "migrate", "--noinput"], app.path, app.env)
    run([python, "manage.py", "collectstatic", "--noinput"], app.path, app.env)
    code = f"from django.templatetags.static import static; print(static({STYLESHEET!r}))"
    output = run([python, "manage.py", "shell", "-c", code], app.path, app.env).stdout.split()
    url = output[-1] if output else ""
    if not url.startswith("/") or url.endswith(STYLESHEET):
        raise BenchError(f"{app.label}: expected a hashed URL for {STYLESHEET}, got {url!r}.")
    return replace(app, static_path=url)


@contextmanager
def gunicorn(venv: Path, app: App, config: Path, logs: Path) -> Iterator[str]:
    """Serve `app` on a free loopback port; yields its base URL and always stops the server."""
    port = _free_port()
    log = logs / f"gunicorn-{app.label}.log"
    command = [venv / "bin" / "gunicorn", app.wsgi, "--config", config, *GUNICORN, "--bind", f"127.0.0.1:{port}"]
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(part) for part in command],
            cwd=app.path,
            env=app.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_ready(process, base + app.ready_path, log)
        yield base
    finally:
        _stop(process)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(url: str) -> int:
    """The status of one GET, redirects not followed (a redirect must not pass for a page)."""
    address, _, path = url.removeprefix("http://").partition("/")
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/" + path, headers=HEADERS)
        return connection.getresponse().status
    finally:
        connection.close()


def _wait_until_ready(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited {process.returncode} before serving {url}:\n{log.read_text()[-2000:]}")
        try:
            if _status(url) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer 200 on {url} within {STARTUP_TIMEOUT} s:\n{log.read_text()[-2000:]}")


def _expect_ok(url: str) -> None:
    status = _status(url)
    if status != 200:
        raise BenchError(f"GET {url} answered {status}, not 200; the load test would measure an error page.")


def _stop(process: subprocess.Popen) -> None:
    """SIGINT (gunicorn's quick shutdown) to the server's process group, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _measure(urls: list[str], rounds: int, seconds: int) -> dict[str, list[Load]]:
    """Every URL must answer 200; then a warm-up each, then `rounds` passes through all of them in turn."""
    for url in urls:
        _expect_ok(url)
        wrk(url, 1)
    loads: dict[str, list[Load]] = {url: [] for url in urls}
    for _ in range(rounds):
        for url in urls:
            loads[url].append(wrk(url, seconds))
    return loads


def wrk(url: str, seconds: int) -> Load:
    headers = [arg for name, value in HEADERS.items() for arg in ("--header", f"{name}: {value}")]
    command = ["wrk", *WRK, "--duration", f"{seconds}s", *headers, url]
    return parse_wrk(run(command, Path.cwd(), clean_env(), timeout=seconds + 60).stdout, url)


LATENCY_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def parse_wrk(output: str, url: str = "") -> Load:
    """Requests/s and the 50th/99th latency percentiles from `wrk --latency`; refuses runs with errors."""
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    if failures or errors:
        problem = failures.group(0) if failures else f"Socket errors: {errors.group(1)}"  # type: ignore[union-attr]
        raise BenchError(f"wrk {url}: {problem}; the numbers would not describe working responses.")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.MULTILINE))
    if not rate or set(percentiles) != {"50", "99"}:
        raise BenchError(f"wrk {url}: could not read requests/s and latency percentiles from:\n{output}")
    return Load(float(rate.group(1)), _seconds(percentiles["50"]), _seconds(percentiles["99"]))


def _seconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * LATENCY_UNITS[unit]


__all__ = ["Load", "gunicorn", "parse_wrk", "serving"]
