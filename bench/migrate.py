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
import sys
from pathlib import Path

from quickscale_bench.main import report_in_workspace
from quickscale_bench.migrate import first_migrate
from quickscale_bench.report import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/migrate.py", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="migrations per project and database (default 3)")
    parser.add_argument("--originals", action="store_true", help="also time dj-stripe's own migrations (minutes)")
    parser.add_argument("--smoke", action="store_true", help="one run each, the goal not judged")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    runs = 1 if args.smoke else args.runs
    text = report_in_workspace(lambda ws: [first_migrate(ws, runs, originals=args.originals)], smoke=args.smoke)
    if text is None:
        return 1
    print(text, end="")
    if args.output:
        write(text, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
