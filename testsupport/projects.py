"""Generated projects in fresh virtual environments, for end-to-end tests.

A project is created with the real generator, then installed into its own new
venv with uv (from this repository's .venv), sharing uv's download cache so that
only the first install of a run is slow.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from quickscale_core.scaffold import ProjectGenerator

# The repository's own tool venv (scripts/setup.sh --dev): uv and the quickscale command live there,
# whichever venv runs the tests (each module's suite runs in a venv of its own).
TOOLS = Path(__file__).resolve().parent.parent / ".venv" / "bin"
UV = TOOLS / "uv"

# What a TLS-terminating proxy adds to each request it forwards; production settings trust it.
VIA_HTTPS_PROXY = {"X-Forwarded-Proto": "https"}

# A realistic production secret (long, varied, not "django-insecure-"), so `check --deploy` judges it as real.
PRODUCTION_SECRET_KEY = "qs-test-4b8f0e9c2d7a61f35e0b9c8d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8"


@dataclass
class InstalledProject:
    """A generated project with its own venv; `run` executes inside the project folder."""

    name: str
    path: Path
    venv: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def bin(self, tool: str) -> Path:
        return self.venv / "bin" / tool

    def environment(self, env: dict[str, str] | None = None) -> dict[str, str]:
        """The environment commands run with: this process's, plus `self.env` and `env`, with the venv on PATH."""
        merged = {**os.environ, **self.env, **(env or {})}
        merged.pop("VIRTUAL_ENV", None)
        merged["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{merged.get('PATH', '')}"
        return merged

    def production_env(self, database_url: str, **extra: str) -> dict[str, str]:
        """Environment variables of a realistic production configuration of this project."""
        return {
            "DJANGO_SETTINGS_MODULE": f"{self.name}.settings.production",
            "SECRET_KEY": PRODUCTION_SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            **extra,
        }

    def run(
        self,
        *args: str | Path,
        env: dict[str, str] | None = None,
        check: bool = True,
        timeout: float = 600,
        cwd: Path | None = None,
    ):
        """Run a command in the project folder (or `cwd`); returns the CompletedProcess (text output)."""
        result = subprocess.run(
            [str(a) for a in args],
            cwd=cwd or self.path,
            env=self.environment(env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{' '.join(map(str, args))} exited {result.returncode}\n--- stdout\n{result.stdout}\n"
                f"--- stderr\n{result.stderr}"
            )
        return result

    def manage(self, *args: str, env: dict[str, str] | None = None, check: bool = True):
        return self.run(self.python, "manage.py", *args, env=env, check=check)

    def pytest(self, *args: str, env: dict[str, str] | None = None, check: bool = True):
        """Run the project's own test suite with its own configuration (coverage gate included)."""
        return self.run(self.python, "-m", "pytest", "-p", "no:cacheprovider", *args, env=env, check=check)


def new_venv(path: Path) -> Path:
    """Create an empty venv at `path` (with uv) and return it."""
    subprocess.run([str(UV), "venv", "--quiet", "--python", sys.executable, str(path)], check=True)
    return path


def uv_pip_install(venv: Path, *args: str | Path, cwd: Path | None = None) -> None:
    subprocess.run(
        [str(UV), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), *map(str, args)],
        check=True,
        cwd=cwd,
    )


def generate_and_install(name: str, parent: Path) -> InstalledProject:
    """Generate project `name` in `parent` and install it, with its dev group, into `parent/venv-name`."""
    return install_project(ProjectGenerator().generate(name, parent))


def install_project(path: Path) -> InstalledProject:
    """Install the existing project folder `path` (its name is the folder's), with its dev group, into a new venv."""
    venv = new_venv(path.parent / f"venv-{path.name}")
    uv_pip_install(venv, "-e", ".", "--group", "dev", cwd=path)
    return InstalledProject(name=path.name, path=path, venv=venv)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running server: its base URL (no trailing slash) and the file its output goes to."""

    url: str
    log: Path


@contextmanager
def gunicorn(
    project: InstalledProject, env: dict[str, str], workers: int = 1, timeout: float = 60, port: int | None = None
) -> Iterator[Server]:
    """Serve `project` with its own gunicorn on 127.0.0.1 (`port`, else a free one); always stopped on exit."""
    port = port or free_port()
    log = project.path.parent / f"gunicorn-{project.name}-{port}.log"
    command = [project.bin("gunicorn"), f"{project.name}.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    with log.open("w") as output:
        process = subprocess.Popen(
            [*map(str, command), "--workers", str(workers)],
            cwd=project.path,
            env=project.environment(env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(port, process, log, timeout)
        yield Server(url=f"http://127.0.0.1:{port}", log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_serving(port: int, process: subprocess.Popen, log: Path, timeout: float) -> None:
    """Until a worker answers HTTP: gunicorn listens before its workers have loaded Django, and on a busy
    machine that loading can outlast a browser's first page load."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited {process.returncode} before serving:\n{log.read_text()[-3000:]}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=max(deadline - time.monotonic(), 1))
        try:
            connection.request("HEAD", "/")
            connection.getresponse()
            return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    raise AssertionError(f"gunicorn did not answer on port {port} within {timeout} s:\n{log.read_text()[-3000:]}")


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Response:
    """One HTTP request, redirects not followed, so a test sees exactly what the server answered."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, headers=headers or {})
        answer = connection.getresponse()
        return Response(status=answer.status, headers=answer.headers, body=answer.read())
    finally:
        connection.close()


def create_and_install(
    name: str, modules: str, parent: Path, repo: Path, env: dict[str, str], theme: str | None = None
) -> InstalledProject:
    """`quickscale create name --modules ... [--theme theme[:frontend]] --repo repo` in `parent` (as a user runs
    it), then install it (`theme` may name the frontend after a colon: "starter:react").

    `env` is added to the environment of the command (a git identity, for example).
    The install uses uv, which reads the editable path sources that `create` wrote.
    """
    subprocess.run(
        [
            str(TOOLS / "quickscale"),
            "create",
            name,
            "--modules",
            modules,
            *_theme_options(theme),
            "--repo",
            str(repo),
        ],
        cwd=parent,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    return install_project(parent / name)


def _theme_options(theme: str | None) -> list[str]:
    """--theme (and --frontend) of `quickscale create` for "starter" or "starter:react"."""
    if not theme:
        return []
    name, _, frontend = theme.partition(":")
    return ["--theme", name, *(["--frontend", frontend] if frontend else [])]


# The directives every response of a generated project must send, exactly (the starter's strict default).
STRICT_CSP = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def csp_directives(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header value as {directive: sources}."""
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def assert_strict_csp(headers) -> None:
    """Response `headers` (http.client's or Playwright's) carry the starter's strict policy: own origin only,
    no inline code, no eval, no framing."""
    header = headers.get("Content-Security-Policy") or headers.get("content-security-policy")
    assert header, "no Content-Security-Policy header"
    directives = csp_directives(header)
    for name, sources in STRICT_CSP.items():
        assert directives.get(name) == sources, f"{name}: {directives.get(name)} in {header!r}"
    for name in ("script-src", "style-src"):
        assert directives[name][0] == "'self'", header
        assert all(source == "'self'" or source.startswith("'nonce-") for source in directives[name]), header
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, header


# Collects what the browser refuses under the page's CSP, before any of the page's own code runs.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


class PageWatch:
    """A browser context whose pages record CSP violations and console errors (`problems`)."""

    def __init__(self, browser, headers: dict[str, str] | None = None, **context_options) -> None:
        headers = {**VIA_HTTPS_PROXY, **(headers or {})}
        self.context = browser.new_context(extra_http_headers=headers, **context_options)
        self.context.add_init_script(RECORD_CSP_VIOLATIONS)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))

    def goto(self, url: str):
        response = self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return response

    def problems(self) -> list[str]:
        """CSP violations and console errors seen on the current page (a 404/500 document's own status aside)."""
        violations = self.page.evaluate("window.__cspViolations || []")
        errors = [text for text in self.console_errors if "Failed to load resource: the server responded" not in text]
        self.console_errors.clear()
        return [*violations, *errors]

    def check(self, url: str, status: int = 200) -> None:
        """Open `url`: `status`, the strict CSP, no CSP violation or console error, 0 WCAG 2.1 AA violations."""
        response = self.goto(url)
        assert response.status == status, url
        assert_strict_csp(response.headers)
        assert self.problems() == [], url
        assert accessibility_violations(self.page) == [], url
        # axe-core injects inline styles of its own while it measures (blocked and reported under the strict
        # CSP on some pages): what it set off is not the page's, and must not be blamed on the next page.
        self.problems()

    def sign_in(self, url: str, email: str, password: str) -> None:
        """Sign in on the starter theme's login page of the site at `url`; fails unless the account menu shows."""
        self.goto(f"{url}/accounts/login/")
        self.page.fill("input[name=login]", email)
        self.page.fill("input[name=password]", password)
        self.page.click("form.qs-auth-form button[type=submit]")
        self.page.wait_for_load_state("networkidle")
        assert self.page.locator(".account-menu").count() == 1, self.page.url

    def close(self) -> None:
        self.context.close()


# WCAG 2.1 A and AA, the level the issue asks for.
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def accessibility_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on `page` (axe.min.js bundled by axe-playwright-python, no download)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={**WCAG_21_AA, "resultTypes": ["violations"]})
    return [
        f"{violation['id']}: {violation['help']} ({', '.join(node['target'][0] for node in violation['nodes'])})"
        for violation in results.response["violations"]
    ]
