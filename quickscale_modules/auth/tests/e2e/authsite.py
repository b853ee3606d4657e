"""Helpers of the end-to-end tests: the SMTP inbox, links in emails, serving the project, the TLS-proxy view."""

from __future__ import annotations

import email
import re
import time
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from testsupport.git import REPO_ROOT
from testsupport.projects import InstalledProject, Server, gunicorn

QUICKSCALE = REPO_ROOT / ".venv" / "bin" / "quickscale"


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"

    def wait_for(self, to: str, containing: str, timeout: float = 30) -> EmailMessage:
        """The first message to `to` whose text contains `containing`; waits for it to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if to in message["To"] and containing in body(message, "plain"):
                    return message
            time.sleep(0.1)
        raise AssertionError(f"no email to {to} containing {containing!r}; got {[m['Subject'] for m in self.messages]}")


def body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None, f"the email has no text/{subtype} part"
    return part.get_content()


def link_in(message: EmailMessage, path_pattern: str) -> str:
    """The link matching `path_pattern` in the text part (the HTML part must carry the same link), as the
    browser reaches it here: plain http, where a real site's TLS proxy would take https."""
    pattern = re.compile(rf"https://127\.0\.0\.1:\d+{path_pattern}")
    (link,) = set(pattern.findall(body(message, "plain")))
    assert link in body(message, "html")
    return link.replace("https://", "http://", 1)


def serve(project: InstalledProject, database_url: str, inbox: Inbox, **extra: str):
    """Migrate, collect static files and start gunicorn with production settings (a context manager)."""
    env = project.production_env(database_url, EMAIL_URL=f"smtp://127.0.0.1:{inbox.port}", **extra)
    project.manage("migrate", "--noinput", env=env)
    project.manage("collectstatic", "--noinput", env=env)
    return gunicorn(project, env)


def https_proxy_routing(context, server: Server) -> None:
    """Make every request look as it does behind the production TLS proxy: X-Forwarded-Proto set, and the
    browser's Origin/Referer on https (the browser would be on https://, the proxy talks http to gunicorn)."""
    http_origin = server.url
    https_origin = server.url.replace("http://", "https://", 1)

    def forward(route, request):
        headers = {**request.all_headers(), "x-forwarded-proto": "https"}
        for name in ("origin", "referer"):
            if headers.get(name, "").startswith(http_origin):
                headers[name] = https_origin + headers[name][len(http_origin) :]
        # Sent by Playwright itself: the browser would put its own Origin back on a continued request.
        route.fulfill(response=route.fetch(headers=headers, max_redirects=0))

    context.route(f"{http_origin}/**", forward)


def screenshot(page, artifacts_dir: Path, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / f"auth-{name}.png"), full_page=True)
