"""The next steps `quickscale init` prints work exactly as printed, with uv and with plain pip."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from testsupport.projects import free_port

pytestmark = pytest.mark.slow

TOOLS = Path(sys.executable).parent  # this repository's .venv/bin: quickscale and uv


def path_without_uv() -> str:
    return os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if not (Path(p) / "uv").exists())


def printed_steps(workdir: Path, env: dict[str, str]) -> list[str]:
    result = subprocess.run(
        [str(TOOLS / "quickscale"), "init", "acme"], cwd=workdir, env=env, capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    return [line.strip() for line in lines[lines.index("Next steps:") + 1 :]]


def serve_and_fetch(shell_prefix: str, runserver: str, workdir: Path, env: dict[str, str]) -> str:
    """Run the printed runserver step on a free port, fetch / and stop it."""
    port = free_port()
    server = subprocess.Popen(
        ["bash", "-c", f"{shell_prefix} && exec {runserver} --noreload 127.0.0.1:{port}"],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    return response.read().decode()
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("installer", ["uv", "pip"])
def test_printed_next_steps_run_a_server_and_pass_the_tests(tmp_path, installer):
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE")}
    if installer == "uv":
        env["PATH"] = f"{TOOLS}{os.pathsep}{env['PATH']}"
    else:
        env["PATH"] = path_without_uv()
        assert shutil.which("python3", path=env["PATH"])
    steps = printed_steps(tmp_path, env)
    assert steps[0] == "cd acme"
    assert any(step.startswith("uv ") for step in steps) == (installer == "uv")
    runserver = next(step for step in steps if step.endswith("manage.py runserver"))
    before_server = steps[: steps.index(runserver)]
    after_server = steps[steps.index(runserver) + 1 :]

    script = " && ".join(before_server)
    subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, check=True, capture_output=True, timeout=900)

    activate = " && ".join(step for step in before_server if step.startswith(("cd ", "python3 -m venv")))
    assert "Welcome to acme" in serve_and_fetch(activate, runserver, tmp_path, env)

    result = subprocess.run(
        ["bash", "-c", " && ".join([activate, *after_server])],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout
