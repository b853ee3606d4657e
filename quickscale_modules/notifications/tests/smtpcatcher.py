"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it accepts, for tests and the bench."""

from __future__ import annotations

import asyncio
import email
import threading
import time
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller

from testsupport.projects import free_port


class Catcher:
    """aiosmtpd handler: accepts and keeps messages; can refuse the next ones, or hold them (see `hold`)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse_next = 0
        self.refusal = "451 4.3.0 Try again later"
        self._lock = threading.Lock()
        self._holding = False
        self._held = 0
        self._release: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse_next:
            self.refuse_next -= 1
            return self.refusal
        if self._holding:
            # Keep the sender waiting for our answer to its message, then refuse it: it was never accepted.
            self._loop = asyncio.get_running_loop()
            self._release = self._release or asyncio.Event()
            self._held += 1
            await self._release.wait()
            return "451 4.3.0 Try again later"
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"

    def hold(self) -> None:
        """From now on, keep every sender waiting on its DATA command until `release`."""
        self._holding = True

    def held(self) -> int:
        return self._held

    def release(self) -> None:
        self._holding = False
        if self._loop and self._release:
            self._loop.call_soon_threadsafe(self._release.set)

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def wait_for_count(self, count: int, timeout: float) -> int:
        """Wait until at least `count` messages arrived (or `timeout` seconds passed); returns the count."""
        deadline = time.monotonic() + timeout
        while self.count() < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.count()


class SMTPServer:
    def __init__(self) -> None:
        self.catcher = Catcher()
        self.port = free_port()
        self.controller = Controller(self.catcher, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> Catcher:
        self.controller.start()
        self.catcher.port = self.port
        return self.catcher

    def __exit__(self, *exc) -> None:
        self.catcher.release()
        self.controller.stop()
