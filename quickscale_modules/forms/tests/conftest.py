from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache

from quickscale_modules.forms import background, spam
from quickscale_modules.forms.models import Field, Form


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    background.wait()
    cache.clear()


@pytest.fixture
def contact(db) -> Form:
    form = Form.objects.create(slug="contact", title="Contact us", recipients="sales@acme.example, ops@acme.example")
    Field.objects.create(form=form, name="name", label="Your name", kind=Field.Kind.TEXT, order=1)
    Field.objects.create(form=form, name="email", label="Your email", kind=Field.Kind.EMAIL, order=2)
    Field.objects.create(form=form, name="message", label="Message", kind=Field.Kind.TEXTAREA, order=3)
    Field.objects.create(
        form=form, name="topic", label="Topic", kind=Field.Kind.SELECT, choices="Sales\nSupport", order=4
    )
    return form


def filled(slug: str = "contact", proof_of_work: bool = True, age: float = 60, **values) -> dict[str, str]:
    """A submission as a person's browser sends it: the fields, a token issued `age` seconds ago and, unless
    without JavaScript, the proof of work solved as pow.js solves it."""
    challenge = spam.issue(slug, now=time.time() - age)
    data = {"name": "Ada", "email": "Ada@Example.com", "message": "Hello there", "topic": "Sales", **values}
    data[spam.TOKEN] = challenge.token
    if proof_of_work:
        data[spam.POW] = str(spam.solve(challenge))
    return data


@pytest.fixture
def fill():
    return filled


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A real HTTP server on 127.0.0.1 that records the webhooks it gets and answers `statuses` in turn (then 200);
    while `hold` is set it keeps each request waiting until `release` is set."""

    port: int = 0
    received: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    hold: bool = False
    release: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/forms?source=qs"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.received.append(Received(self.path, dict(self.headers), body))
            state.arrived.set()
            if state.hold:
                state.release.wait(30)
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
