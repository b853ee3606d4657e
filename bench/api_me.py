#!/usr/bin/env python3
"""Bench of the api module: `GET /api/v1/me` with an API key against a bare REST framework view, same run.

    bash scripts/test-suite.sh quickscale_modules/api --co -q >/dev/null   # makes the module's venv, once
    quickscale_modules/api/.venv/bin/python bench/api_me.py [--rounds 5] [--seconds 5] [--smoke]

Both URLs are served by one gunicorn (2 sync workers) running the api module's test project: the same Django,
settings, middleware and cache (Redis, as in production with REDIS_URL). /api/v1/me authenticates the API key
(one indexed lookup, a SHA-512 and a constant-time compare), counts its key and user throttles (one Redis
round trip) and serializes the user. The baseline, /bench/me, is the same endpoint as bare REST framework
writes it: an APIView with REST framework's own TokenAuthentication (one indexed lookup), IsAuthenticated,
no throttle, a ModelSerializer of the same fields. wrk loads them in turn; the ratios are api/baseline (goal:
throughput >= 0.9, p99 <= 1.2). A third URL, /bench/bare (no authentication at all, a constant answer), is
reported as the floor of the stack, without a goal.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quickscale_bench.procs import BenchError, clean_env, run
from quickscale_bench.report import Result, Row, ratio_at_least, ratio_at_most, render
from quickscale_bench.serving import WRK, App, Load, gunicorn, parse_wrk

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from testsupport.services import own_redis_database  # noqa: E402

TESTS = ROOT / "quickscale_modules" / "api" / "tests"
REDIS = os.environ.get("QS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# One user with an API key (ours) and a REST framework token (the baseline's).
MAKE_CREDENTIALS = """
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from quickscale_modules.api import services
user = get_user_model().objects.create_user(email="bench@example.com", password="correct-horse-battery-staple")
print(services.create_key(user, "bench")[1], Token.objects.create(user=user).key)
"""
# Throttles stay on (they are part of the cost) with rates no bench reaches.
UNTHROTTLED = {f"QUICKSCALE_API_{rate}": "100000000/min" for rate in ("KEY_RATE", "USER_RATE", "ANON_RATE")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="wrk measurements per URL (default 5)")
    parser.add_argument("--seconds", type=int, default=5, help="length of one wrk measurement (default 5)")
    parser.add_argument("--smoke", action="store_true", help="one 1 s round; goals not judged")
    args = parser.parse_args(argv)
    rounds, seconds = (1, 1) if args.smoke else (args.rounds, args.seconds)
    try:
        print(render([bench(rounds, seconds)], machine=f"python {sys.version.split()[0]}", smoke=args.smoke))
    except BenchError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


def bench(rounds: int, seconds: int) -> Result:
    with tempfile.TemporaryDirectory(prefix="qs-bench-api-") as scratch, own_redis_database(REDIS) as redis:
        parent = Path(scratch)
        env = clean_env(
            DJANGO_SETTINGS_MODULE="api_testproject.settings",
            DATABASE_URL=f"sqlite:///{parent / 'bench.sqlite3'}",
            REDIS_URL=redis,
            PYTHONPATH=TESTS,
            **UNTHROTTLED,
        )
        python = Path(sys.executable)
        run([python, "-m", "django", "migrate", "--noinput"], parent, env)
        shell = [python, "-m", "django", "shell", "--no-imports", "-c", MAKE_CREDENTIALS]
        key, token = run(shell, parent, env).stdout.split()
        config = parent / "empty-gunicorn.conf.py"
        config.write_text("")
        app = App("api", parent, "api_testproject.wsgi:application", env, ready_path="/bench/bare")
        with gunicorn(python.parent.parent, app, config, parent) as url:
            targets = {
                "api": (url + "/api/v1/me", {"Authorization": f"Api-Key {key}"}),
                "baseline": (url + "/bench/me", {"Authorization": f"Token {token}"}),
                "floor": (url + "/bench/bare", {}),
            }
            for target, target_headers in targets.values():
                wrk(target, target_headers, 1)  # warm-up; refuses non-2xx answers
            loads: dict[str, list[Load]] = {name: [] for name in targets}
            for _ in range(rounds):
                for name, (target, target_headers) in targets.items():
                    loads[name].append(wrk(target, target_headers, seconds))
    return Result(rows(loads), [notes(rounds, seconds)])


def wrk(url: str, headers: dict[str, str], seconds: int) -> Load:
    header_args = [arg for name, value in headers.items() for arg in ("--header", f"{name}: {value}")]
    command = ["wrk", *WRK, "--duration", f"{seconds}s", *header_args, url]
    return parse_wrk(run(command, Path.cwd(), clean_env(), timeout=seconds + 60).stdout, url)


def rows(loads: dict[str, list[Load]]) -> list[Row]:
    def series(name: str, metric: str) -> list[float]:
        return [getattr(load, metric) for load in loads[name]]

    def row(label: str, metric: str, unit: str, baseline: str, goal=None) -> Row:
        return Row(label, unit, series("api", metric), series(baseline, metric), goal)

    return [
        row("api GET /api/v1/me (API key) vs bare DRF: throughput", "requests_per_second", "req/s", "baseline",
            ratio_at_least(0.9)),
        row("api GET /api/v1/me (API key) vs bare DRF: p50 latency", "p50", "ms", "baseline"),
        row("api GET /api/v1/me (API key) vs bare DRF: p99 latency", "p99", "ms", "baseline", ratio_at_most(1.2)),
        row("api GET /api/v1/me vs unauthenticated floor: throughput", "requests_per_second", "req/s", "floor"),
    ]  # fmt: skip


def notes(rounds: int, seconds: int) -> str:
    return (
        f"api: one gunicorn (2 sync workers) serving the api module's test project on SQLite with a Redis cache; "
        f"wrk {' '.join(WRK)}, {rounds} round(s) of {seconds} s per URL after a 1 s warm-up. Baseline: /bench/me, "
        "GET /me in bare REST framework (TokenAuthentication, IsAuthenticated, no throttle, a ModelSerializer). "
        "Floor: /bench/bare, an APIView with no authentication, permission or throttle and a constant answer; "
        "any endpoint that identifies its caller pays a lookup the floor does not."
    )


if __name__ == "__main__":
    sys.exit(main())
