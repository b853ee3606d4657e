#!/usr/bin/env python3
"""Run QuickScale's benchmarks: `.venv/bin/python bench/run.py` (full) or `--smoke` (see bench/README.md)."""

import sys

from quickscale_bench.main import main

if __name__ == "__main__":
    sys.exit(main())
