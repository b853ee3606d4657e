"""Helpers of the end-to-end tests: the SMTP inbox, links in emails, serving the project, the TLS-proxy view."""

from __future__ import annotations

import email
import re
import time
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from testsupport.projects import TOOLS, VIA_HTTPS_PROXY, InstalledProject, free_port, gunicorn

QUICKSCALE = TOOLS / "quickscale"


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
    """Migrate, collect static files and start gunicorn with production settings (a context manager).

    The browser talks plain http to gunicorn and says so in its Origin header, while the app sees https
    (X-Forwarded-Proto, as behind the TLS proxy): that origin is trusted the way a deployment would list
    its own https origin in CSRF_TRUSTED_ORIGINS."""
    port = free_port()
    env = project.production_env(
        database_url,
        EMAIL_URL=f"smtp://127.0.0.1:{inbox.port}",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        **extra,
    )
    project.manage("migrate", "--noinput", env=env)
    project.manage("collectstatic", "--noinput", env=env)
    return gunicorn(project, env, port=port)


def new_page(browser, viewport: dict[str, int]):
    """A page of a fresh browser context whose requests carry what the production TLS proxy adds."""
    context = browser.new_context(viewport=viewport, extra_http_headers=VIA_HTTPS_PROXY)
    return context.new_page()


def screenshot(page, artifacts_dir: Path, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / f"auth-{name}.png"), full_page=True)
