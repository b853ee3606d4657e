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
        self._hold_left: int | None = None
        self._accept_held = False
        self._held = 0
        self._held_transports: list = []
        self._release: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse_next:
            self.refuse_next -= 1
            return self.refusal
        if self._holding and self._hold_left != 0:
            # Keep the sender waiting for our answer to its message, then refuse it (it was never accepted), or
            # accept it if the sender is still there to hear it.
            self._loop = asyncio.get_running_loop()
            self._release = self._release or asyncio.Event()
            self._held += 1
            self._held_transports.append(server.transport)
            if self._hold_left is not None:
                self._hold_left -= 1
            await self._release.wait()
            if not self._accept_held or server.transport is None or server.transport.is_closing():
                return "451 4.3.0 Try again later"
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"

    def hold(self, count: int | None = None, accept: bool = False) -> None:
        """From now on, keep senders waiting on their DATA command until `release` (the next `count` only, or
        every one); then refuse their messages, or with `accept` take those whose sender is still connected."""
        self._holding = True
        self._hold_left = count
        self._accept_held = accept

    def held(self) -> int:
        return self._held

    def held_open(self) -> int:
        """How many held senders are still connected, waiting for the answer."""
        return sum(1 for transport in self._held_transports if transport and not transport.is_closing())

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
