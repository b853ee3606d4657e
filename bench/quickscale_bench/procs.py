"""Running and timing the commands a user would type."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

Command = Sequence[str | Path]

# Dropped from the environment of measured commands: a user's Python caches bytecode (this workplace sets
# PYTHONDONTWRITEBYTECODE, which would make every start-up recompile), and an active venv must not leak in.
UNSET = ("PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE", "UV_PROJECT_ENVIRONMENT")


class BenchError(RuntimeError):
    """A benchmark step failed; the message says which command and shows the end of its output."""


def clean_env(**extra: str | Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env.update({key: str(value) for key, value in extra.items()})
    return env


def run(command: Command, cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run `command` in `cwd`; raise BenchError (with its output) unless it exits 0."""
    args = [str(part) for part in command]
    try:
        result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"`{' '.join(args)}` took longer than {timeout:.0f} s.") from None
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()[-25:]
        raise BenchError(f"`{' '.join(args)}` exited {result.returncode} in {cwd}:\n" + "\n".join(output))
    return result


def timed(command: Command, cwd: Path, env: dict[str, str]) -> float:
    """Wall-clock seconds that `command` takes, start-up of the process included."""
    start = time.perf_counter()
    run(command, cwd, env)
    return time.perf_counter() - start
