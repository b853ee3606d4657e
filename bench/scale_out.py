"""Scale-out throughput: the generated project's home page behind HAProxy, with 1 and with 2 web instances.

Run from the repository root with the test suite's venv (scripts/setup.sh --dev), services up
(scripts/services.sh: PostgreSQL, Redis, HAProxy, wrk):

    .venv/bin/python bench/scale_out.py [--rounds 3] [--seconds 5] [--smoke]

`quickscale init` makes the project, installed as production installs it (`uv sync --no-dev`), on a new
PostgreSQL database with REDIS_URL set. Two gunicorn instances of it run side by side (one sync worker each,
standing for one core's worth of a machine), and two HAProxy processes configured from the project's own
deploy/haproxy.cfg: one in front of instance 1 only, one in front of both. wrk loads each proxy in turn, rounds
alternating, and the ratio is 2 instances / 1 instance of the same run. The CPU time of every process is read
from /proc during the rounds, to say what limits the gain on this machine.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from quickscale_bench.databases import create_database, drop_database
from quickscale_bench.procs import BenchError, clean_env, run
from quickscale_bench.serving import NAME, WRK, _install_quickscale, parse_wrk
from quickscale_bench.workspace import workspace

from testsupport.projects import InstalledProject, free_port
from testsupport.scaleout import Process, Proxy, gunicorn_instance, wait_for_port

REDIS = os.environ.get("QS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# The proxy terminates TLS in production; it says so to the app, which otherwise redirects to https.
HEADERS = ("--header", "X-Forwarded-Proto: https")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Round:
    """One wrk run through one proxy, with the CPU seconds each kind of process used meanwhile."""

    requests_per_second: float
    wall: float
    cpu: dict[str, float] = field(default_factory=dict)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/scale_out.py", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="wrk runs per topology, alternating (default 3)")
    parser.add_argument("--seconds", type=int, default=5, help="length of one wrk run (default 5)")
    parser.add_argument("--smoke", action="store_true", help="one round of 1 s each, to prove the bench runs")
    args = parser.parse_args(argv)
    rounds, seconds = (1, 1) if args.smoke else (args.rounds, args.seconds)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        with workspace() as ws, ws.scratch("scale-out") as parent:
            project = InstalledProject(name=NAME, path=parent / NAME, venv=_install_quickscale(ws, parent))
            print(report(*measure(project, parent, rounds, seconds)), end="")
    except BenchError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


def measure(project: InstalledProject, parent: Path, rounds: int, seconds: int) -> tuple[dict, dict[str, str]]:
    """{topology: [Round ...]} and {what: base URL} of the servers (all stopped on return)."""
    database = create_database()
    try:
        env = production_env(project, database)
        run([project.python, "manage.py", "migrate", "--noinput"], project.path, env)
        run([project.python, "manage.py", "collectstatic", "--noinput"], project.path, env)
        with ExitStack() as stack:
            ports = {"web1": free_port(), "web2": free_port()}
            instances = {
                name: start(stack, gunicorn_instance(project, env, port, parent / f"{name}.log", 1), port)
                for name, port in ports.items()
            }
            shipped = (project.path / "deploy" / "haproxy.cfg").read_text()
            proxies = {
                "1 instance": start_proxy(stack, shipped, {"web1": ports["web1"]}, parent / "proxy-1"),
                "2 instances": start_proxy(stack, shipped, ports, parent / "proxy-2"),
            }
            groups = {name: process.process.pid for name, process in instances.items()}
            results: dict[str, list[Round]] = {topology: [] for topology in proxies}
            for proxy in proxies.values():
                load(proxy, 1, groups)  # warm-up: every worker has imported and rendered once
            for _ in range(rounds):
                for topology, proxy in proxies.items():
                    results[topology].append(load(proxy, seconds, groups))
            servers = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
            servers |= {f"proxy ({topology})": proxy.url for topology, proxy in proxies.items()}
        return results, servers
    finally:
        drop_database(database)


def production_env(project: InstalledProject, database: str) -> dict[str, str]:
    return clean_env(
        DJANGO_SETTINGS_MODULE=f"{project.name}.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database,
        REDIS_URL=REDIS,
    )


def start(stack: ExitStack, process: Process, port: int) -> Process:
    stack.callback(process.stop)
    process.start()
    try:
        wait_for_port(port, process)
    except AssertionError as error:
        raise BenchError(str(error)) from None
    return process


def start_proxy(stack: ExitStack, shipped: str, servers: dict[str, int], folder: Path) -> Proxy:
    folder.mkdir()
    try:
        proxy = Proxy.start(shipped, servers, folder)
        stack.callback(proxy.process.stop)
        proxy.wait_until_up(set(servers), timeout=60)
    except AssertionError as error:
        raise BenchError(str(error)) from None
    return proxy


def load(proxy: Proxy, seconds: int, groups: dict[str, int]) -> Round:
    """wrk on the proxy's `/` for `seconds`; CPU seconds of the instances, HAProxy, wrk and the whole machine."""
    before = cpu_seconds(proxy.process.process.pid, groups)
    children = os.times()
    started = time.monotonic()
    command = ["wrk", *WRK, "--duration", f"{seconds}s", *HEADERS, proxy.url + "/"]
    result = parse_wrk(run(command, Path.cwd(), clean_env(), timeout=seconds + 60).stdout, proxy.url)
    wall = time.monotonic() - started
    after, finished = cpu_seconds(proxy.process.process.pid, groups), os.times()
    cpu = {name: after[name] - before[name] for name in after}
    cpu["wrk"] = (finished.children_user + finished.children_system) - (
        children.children_user + children.children_system
    )
    return Round(result.requests_per_second, wall, cpu)


def cpu_seconds(haproxy: int, groups: dict[str, int]) -> dict[str, float]:
    """CPU seconds used so far: each gunicorn instance (its whole process group), HAProxy, and all of the machine
    (busy time of every core, from /proc/stat)."""
    by_group: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended meanwhile
            group, used = int(fields[2]), (int(fields[11]) + int(fields[12])) / TICKS
            by_group[group] = by_group.get(group, 0.0) + used
    times = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    busy = sum(times) - times[3] - times[4]  # all but idle and iowait
    cpu = {name: by_group.get(pid, 0.0) for name, pid in groups.items()}
    return cpu | {"haproxy": by_group.get(haproxy, 0.0), "machine": busy / TICKS}


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def report(results: dict[str, list[Round]], servers: dict[str, str]) -> str:
    rates = {topology: median([r.requests_per_second for r in rounds]) for topology, rounds in results.items()}
    one, two = rates["1 instance"], rates["2 instances"]
    lines = ["| web instances behind HAProxy | requests/s (median) | rounds |", "|---|---|---|"]
    for topology, rounds in results.items():
        each = ", ".join(f"{r.requests_per_second:.0f}" for r in rounds)
        lines.append(f"| {topology} | {rates[topology]:.1f} | {each} |")
    lines.append(f"ratio 2 instances / 1 instance: {two / one:.2f}")
    cores = os.cpu_count() or 1
    lines.append(f"What limits it ({cores} cores; CPU used during the rounds, in cores busy on average):")
    shares = {topology: cpu_shares(rounds) for topology, rounds in results.items()}
    for topology, share in shares.items():
        parts = [f"{name} {share[name]:.2f}" for name in ("web1", "web2", "haproxy", "wrk", "other processes")]
        lines.append(f"- {topology}: " + ", ".join(parts) + f"; machine {share['machine']:.2f} of {cores}")
    lines.append(verdict(shares, rates, cores))
    lines.append("Servers (all stopped): " + ", ".join(f"{name} at {url}" for name, url in servers.items()))
    return "\n".join(lines) + "\n"


def cpu_shares(rounds: list[Round]) -> dict[str, float]:
    """Cores kept busy on average over the rounds, per kind of process, plus the rest of the machine's load."""
    wall = sum(r.wall for r in rounds)
    share = {name: sum(r.cpu[name] for r in rounds) / wall for name in rounds[0].cpu}
    ours = sum(value for name, value in share.items() if name != "machine")
    return share | {"other processes": max(share["machine"] - ours, 0.0)}


def verdict(shares: dict[str, dict[str, float]], rates: dict[str, float], cores: int) -> str:
    """One sentence on the limit, from the CPU figures: the cores, or something else when some were idle."""
    one, two = shares["1 instance"], shares["2 instances"]
    web_one, web_two = one["web1"], two["web1"] + two["web2"]
    efficiency = [rates[topology] / max(share["web1"] + share["web2"], 1e-9) for topology, share in shares.items()]
    common = (
        f"the instances got {web_one:.2f} cores with 1 instance and {web_two:.2f} with 2 "
        f"({efficiency[0]:.0f} and {efficiency[1]:.0f} requests per instance core-second)"
    )
    if two["machine"] >= 0.9 * cores:
        return (
            f"- CPU is the limit: the machine was {two['machine']:.2f} of {cores} cores busy with 2 instances, and "
            f"{common}; HAProxy and wrk took {two['haproxy'] + two['wrk']:.2f} and other processes "
            f"{two['other processes']:.2f}. Each instance is one sync worker (one core at most), so 2 instances could "
            f"double the rate only with 2 cores free for them."
        )
    return (
        f"- The cores were not all busy ({two['machine']:.2f} of {cores} with 2 instances): {common}; the limit is "
        f"elsewhere (PostgreSQL, Redis or wrk's connections waiting on the instances)."
    )


if __name__ == "__main__":
    sys.exit(main())
