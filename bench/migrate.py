#!/usr/bin/env python3
"""First `migrate` of a project with every module against a project with auth alone, on SQLite and PostgreSQL.

Run from the repository root with the test suite's venv (scripts/setup.sh --dev), PostgreSQL up (scripts/services.sh):

    .venv/bin/python bench/migrate.py [--runs 3] [--originals] [--output PATH]
    .venv/bin/python bench/migrate.py --smoke      # one run each, goal not judged

This is row 5 of bench/run.py (quickscale_bench/migrate.py says what is measured), alone; `--originals` adds the
project with every module migrated by dj-stripe's own migrations (minutes), the time before the billing module
squashed them. The report goes to stdout, and to `--output` when given.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
from pathlib import Path

from quickscale_bench.main import tool_versions
from quickscale_bench.migrate import first_migrate
from quickscale_bench.procs import BenchError
from quickscale_bench.report import machine_line, render, write
from quickscale_bench.workspace import workspace


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/migrate.py", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="migrations per project and database (default 3)")
    parser.add_argument("--originals", action="store_true", help="also time dj-stripe's own migrations (minutes)")
    parser.add_argument("--smoke", action="store_true", help="one run each, the goal not judged")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    # A terminated bench still drops its databases and removes its scratch folder (the `finally` blocks run).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        with workspace() as ws:
            result = first_migrate(ws, 1 if args.smoke else args.runs, originals=args.originals)
            text = render([result], machine_line(tool_versions(ws)), smoke=args.smoke)
    except BenchError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:  # setting up the bench's venv failed; uv said why above
        print(f"Error: `{' '.join(map(str, error.cmd))}` exited {error.returncode}.", file=sys.stderr)
        return 1
    print(text, end="")
    if args.output:
        write(text, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
