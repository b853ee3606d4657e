"""Helpers of the browser test: an SMTP inbox (aiosmtpd handler) and links found in its emails.

(The auth module's tests/e2e/authsite.py has the same two helpers; they would move to testsupport.)"""

from __future__ import annotations

import email
import re
import time
from email.message import EmailMessage
from email.policy import default as default_policy


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"

    def link(self, to: str, path_pattern: str, timeout: float = 30) -> str:
        """The link matching `path_pattern` in the first email to `to` that has one (plain text part, also in
        the HTML part), as the browser reaches it: plain http, where a real site's TLS proxy takes https."""
        pattern = re.compile(rf"https://127\.0\.0\.1:\d+{path_pattern}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in list(self.messages):
                text = message.get_body(preferencelist=("plain",)).get_content()
                if to in message["To"] and (found := pattern.search(text)):
                    assert found.group(0) in message.get_body(preferencelist=("html",)).get_content()
                    return found.group(0).replace("https://", "http://", 1)
            time.sleep(0.1)
        raise AssertionError(f"no email to {to} with {path_pattern}; got {[m['Subject'] for m in self.messages]}")
