"""Billing webhook endpoint under load: throughput and p99 for distinct events and for duplicates of one
event, as ratios against a trivial view of the same site in the same run.

The site is the billing module's test project (quickscale_modules/billing/tests) under gunicorn (2 sync
workers x 4 threads) on a new PostgreSQL database, with the local Stripe fake the tests use. Each POST is a
Stripe-signed event (stripe-python's scheme, t=...,v1=HMAC-SHA256): the endpoint verifies the signature,
claims the event id (INSERT ... ON CONFLICT DO NOTHING, then SELECT ... FOR UPDATE), stores and marks it.
The events are of a type the module stores without calling Stripe (charge.succeeded), so the numbers are
the endpoint's own cost, not the fake's. Load comes from wrk on loopback, bounded by time; rounds alternate
baseline, distinct, duplicates.

With `--project payments` the site is the payments module's test project (billing and payments installed, one
endpoint) and a fourth row measures the payments module's events through the same intake: payment_intent.succeeded
of a PaymentIntent the site has no purchase for (verified, claimed, stored, looked up and left), again without
calling Stripe.

Run it with the billing module's venv (or the payments module's, for --project payments) and the services up:
    bash scripts/services.sh
    quickscale_modules/billing/.venv/bin/python bench/billing_webhooks.py [--seconds 5 --rounds 3]
    quickscale_modules/payments/.venv/bin/python bench/billing_webhooks.py --project payments
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "quickscale_modules" / "billing" / "tests"), str(ROOT / "bench")]

import servedproject  # noqa: E402
from fakestripe import FakeStripe  # noqa: E402
from quickscale_bench.serving import Load, parse_wrk  # noqa: E402
from stripeevents import event, signed  # noqa: E402

WRK = ("--threads", "2", "--connections", "8", "--latency", "--timeout", "10s")
POSTGRES = os.environ.get("QS_TEST_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres")


def lua_script(bodies: list[tuple[bytes, str]], path: Path) -> Path:
    """A wrk script that POSTs the given signed bodies in turn (each thread from its own offset)."""
    entries = ",\n".join(f"{{{json.dumps(body.decode())}, {json.dumps(signature)}}}" for body, signature in bodies)
    path.write_text(
        f"""local events = {{
{entries}
}}
local n = 0
function setup(thread) n = n + 1; thread:set("offset", n * {len(bodies) // 4}) end
function init() i = offset or 0 end
function request()
  i = i + 1
  local e = events[(i % #events) + 1]
  return wrk.format("POST", nil, {{["Content-Type"] = "application/json", ["Stripe-Signature"] = e[2]}}, e[1])
end
"""
    )
    return path


def wrk(url: str, seconds: int, script: Path | None = None) -> Load:
    command = ["wrk", *WRK, "--duration", f"{seconds}s", *(["--script", str(script)] if script else []), url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)
    return parse_wrk(result.stdout, url)


def wait_until_served(url: str, timeout: float = 120) -> None:
    """gunicorn listens before its workers have loaded Django: wait for the first answer."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


def charge_events(count: int) -> list[tuple[bytes, str]]:
    charge = {"id": "ch_bench", "object": "charge", "amount": 1500, "currency": "usd"}
    return [signed(event("charge.succeeded", charge)) for _ in range(count)]


def payment_events(count: int) -> list[tuple[bytes, str]]:
    intent = {"id": "pi_bench", "object": "payment_intent", "amount": 1500, "currency": "usd", "metadata": {}}
    return [signed(event("payment_intent.succeeded", intent)) for _ in range(count)]


# The rows of the report: (key in the loads, label).
ROWS = [
    ("baseline", "trivial view GET /ping/ (baseline)"),
    ("distinct", "webhook, distinct events"),
    ("duplicate", "webhook, duplicates of one event"),
    ("payments", "webhook, distinct payment events (payments module)"),
]
PROJECTS = {
    "billing": ("billing_testproject", ROOT / "quickscale_modules" / "billing" / "tests"),
    "payments": ("payments_testproject", ROOT / "quickscale_modules" / "payments" / "tests"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="seconds per measurement (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="measurements per row (default 3)")
    parser.add_argument("--events", type=int, default=30000, help="distinct signed events prepared (default 30000)")
    parser.add_argument("--project", choices=PROJECTS, default="billing", help="the test project served")
    args = parser.parse_args()
    name, folder = PROJECTS[args.project]

    fake = FakeStripe()
    fake.reset()
    stripe_url = fake.start()
    with servedproject.served(POSTGRES, stripe_url, workers=2, threads=4, name=name, folder=folder) as (server, _, _):
        loads = measure(server.url, args.seconds, args.rounds, args.events, payments=args.project == "payments")
    fake.stop()
    print(report(loads, args))
    return 0


def measure(site: str, seconds: int, rounds: int, events: int, payments: bool = False) -> dict[str, list[Load]]:
    """wrk against the served test project at `site`: `rounds` x (baseline, distinct events, duplicates, and with
    `payments` distinct payment events)."""
    loads: dict[str, list[Load]] = {
        "baseline": [],
        "distinct": [],
        "duplicate": [],
        **({"payments": []} if payments else {}),
    }
    webhook = f"{site}/billing/webhook/"
    wait_until_served(f"{site}/ping/")
    with tempfile.TemporaryDirectory(prefix="qs-bench-billing-") as scratch:
        duplicate = lua_script(charge_events(1), Path(scratch) / "duplicate.lua")
        wrk(webhook, 1, duplicate)  # warm-up; also stores the duplicate's event once
        wrk(f"{site}/ping/", 1)
        for _ in range(rounds):
            # Signatures are accepted for 300 s: sign each round's events just before sending them.
            distinct = lua_script(charge_events(events), Path(scratch) / "distinct.lua")
            loads["baseline"].append(wrk(f"{site}/ping/", seconds))
            loads["distinct"].append(wrk(webhook, seconds, distinct))
            loads["duplicate"].append(wrk(webhook, seconds, duplicate))
            if payments:
                paid = lua_script(payment_events(events), Path(scratch) / "payments.lua")
                loads["payments"].append(wrk(webhook, seconds, paid))
    return loads


def report(loads: dict[str, list[Load]], args) -> str:
    base_rate = statistics.median(load.requests_per_second for load in loads["baseline"])
    base_p99 = statistics.median(load.p99 for load in loads["baseline"])
    if not base_rate or not base_p99:
        raise SystemExit("The baseline view completed no requests; is the machine overloaded? Run again.")
    lines = [
        f"Billing webhook bench, {time.strftime('%Y-%m-%d %H:%M')}: gunicorn 2 workers x 4 threads, PostgreSQL, "
        f"wrk {' '.join(WRK)}, {args.seconds} s x {args.rounds} rounds (medians)",
        "",
        "| row | req/s | p99 ms | throughput ratio | p99 ratio |",
        "|---|---|---|---|---|",
    ]
    for name, label in ROWS:
        if name not in loads:
            continue
        rate = statistics.median(load.requests_per_second for load in loads[name])
        p99 = statistics.median(load.p99 for load in loads[name])
        lines.append(f"| {label} | {rate:.0f} | {p99 * 1000:.1f} | {rate / base_rate:.2f} | {p99 / base_p99:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
