"""The real `quickscale` executable stopped partway: by a write that fails (a file-size limit), by SIGTERM or
SIGHUP, or run from a folder that was deleted. Each time: one sentence, no traceback, nothing left behind."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quickscale_core.scaffold import render_project
from quickscale_core.sharing import embed_core
from testsupport.git import client_project, git, push_upstream_change, snapshot

QUICKSCALE = Path(sys.executable).parent / "quickscale"


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", **(extra or {})}


def one_sentence(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith("."), stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_init_whose_write_fails_partway_leaves_nothing(tmp_path):
    files = sorted(render_project("acme").items())
    sizes = [len(content.encode()) for _, content in files]
    limit = max(sizes[:3]) + 1  # the first files fit, a later, bigger one cannot be written
    assert any(size > limit for size in sizes[3:])

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    # Coverage measurement of this subprocess would hit the same limit writing its data file: leave it off.
    unmeasured = {k: v for k, v in environment().items() if not k.startswith("COVERAGE_PROCESS_")}
    result = subprocess.run(
        [str(QUICKSCALE), "init", "acme"],
        cwd=tmp_path,
        env=unmeasured,
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size,
    )
    assert result.returncode == 1, result.stderr
    assert "Cannot write the project" in one_sentence(result.stderr)
    assert list(tmp_path.iterdir()) == []


def slow_hook_config(tmp_path: Path, git_env: dict[str, str], started: Path) -> dict[str, str]:
    """A git configuration whose new repositories get a pre-commit hook that says it started, then waits."""
    templates = tmp_path / "templates"
    hook = templates / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True)
    hook.write_text(f"#!/bin/sh\ntouch {started}\nsleep 5\n", encoding="utf-8")
    hook.chmod(0o755)
    config = tmp_path / "gitconfig-slow-hook"
    config.write_text(
        Path(git_env["GIT_CONFIG_GLOBAL"]).read_text(encoding="utf-8") + f"[init]\n\ttemplateDir = {templates}\n"
    )
    return {**git_env, "GIT_CONFIG_GLOBAL": str(config)}


def stop_when(process: subprocess.Popen, started: Path, signum: int) -> subprocess.CompletedProcess:
    """Send `signum` to `process` as soon as `started` exists (the slow hook is running), and wait for it."""
    deadline = time.monotonic() + 120
    while not started.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the hook never started"
        time.sleep(0.05)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_create_stopped_by_a_signal_leaves_no_staging_folder(tmp_path, git_env, upstream_seed, signum):
    work = tmp_path / "work"
    work.mkdir()
    started = tmp_path / "hook-started"
    process = subprocess.Popen(
        [str(QUICKSCALE), "create", "demo", "--modules", "auth", "--repo", str(upstream_seed)],
        cwd=work,
        env=environment(slow_hook_config(tmp_path, git_env, started)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    result = stop_when(process, started, signum)
    assert result.returncode == 128 + signum
    assert one_sentence(result.stderr) == "Error: Interrupted; nothing was written."
    assert list(work.iterdir()) == []  # no demo, no hidden .demo.*.tmp


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_init_stopped_by_a_signal_partway_leaves_no_partial_tree(tmp_path, signum):
    work = tmp_path / "work"
    work.mkdir()
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    # A real signal, sent by the process to itself while the tenth file of the tree is being written.
    (hooks / "sitecustomize.py").write_text(
        "import os, pathlib\n"
        "real_write_text = pathlib.Path.write_text\n"
        "written = []\n"
        "def write_text(self, *args, **kwargs):\n"
        "    written.append(self)\n"
        f"    if len(written) == 10:\n        os.kill(os.getpid(), {int(signum)})\n"
        "    return real_write_text(self, *args, **kwargs)\n"
        "pathlib.Path.write_text = write_text\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(QUICKSCALE), "init", "acme"],
        cwd=work,
        env=environment({"PYTHONPATH": str(hooks)}),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 128 + signum, result.stderr
    assert one_sentence(result.stderr) == "Error: Interrupted; nothing was written."
    assert list(work.iterdir()) == []  # no acme, no hidden .acme.*.tmp


def test_embed_core_stopped_by_sigterm_puts_the_repository_back(tmp_path, git_env, upstream_seed, monkeypatch):
    for key, value in git_env.items():
        monkeypatch.setenv(key, value)
    client = client_project(tmp_path)
    started = tmp_path / "hook-started"
    hook = client / ".git" / "hooks" / "pre-commit"  # runs for the wiring commit, after git subtree's
    hook.write_text(f"#!/bin/sh\ntouch {started}\nsleep 5\n", encoding="utf-8")
    hook.chmod(0o755)
    before = snapshot(client)
    process = subprocess.Popen(
        [str(QUICKSCALE), "embed-core", "--repo", str(upstream_seed)],
        cwd=client,
        env=environment(git_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    result = stop_when(process, started, signal.SIGTERM)
    assert result.returncode == 128 + signal.SIGTERM
    assert "the repository is back as it was before embed-core" in one_sentence(result.stderr)
    assert snapshot(client) == before
    assert not (client / "quickscale").exists()
    assert git(client, "status", "--porcelain", "--ignored") == ""


@pytest.mark.parametrize("command", [["init", "acme"], ["embed-core", "--repo", "x"], ["list", "modules"]])
def test_a_deleted_current_folder_is_one_sentence(tmp_path, command):
    gone = tmp_path / "gone"
    gone.mkdir()
    script = 'cd "$1" && rmdir "$1" && shift && exec "$@"'
    result = subprocess.run(
        ["sh", "-c", script, "sh", str(gone), str(QUICKSCALE), *command],
        env=environment(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    assert "current folder no longer exists" in one_sentence(result.stderr)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_during_the_start_up_imports_is_one_line(tmp_path, signum):
    # A real signal, sent by the process to itself the moment it starts importing click.
    (tmp_path / "sitecustomize.py").write_text(
        "import os, sys\n"
        "class StopOnClick:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name == 'click':\n            os.kill(os.getpid(), {int(signum)})\n"
        "        return None\n"
        "sys.meta_path.insert(0, StopOnClick())\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(QUICKSCALE), "list", "modules"],
        cwd=tmp_path,
        env=environment({"PYTHONPATH": str(tmp_path)}),
        capture_output=True,
        text=True,
        # As from a terminal: a background job of a script (as this suite may be) starts with SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert result.returncode == 128 + signum
    assert one_sentence(result.stderr) == "Error: Interrupted; nothing was changed."


@pytest.mark.parametrize("command", [["init", "acme"], ["create", "demo", "--modules", "auth"]])
def test_a_folder_that_cannot_be_written_is_one_sentence(command, upstream_seed, git_env):
    # /sys refuses new folders even to root, as a read-only or foreign folder does.
    result = subprocess.run(
        [str(QUICKSCALE), *command, *(["--repo", str(upstream_seed)] if command[0] == "create" else [])],
        cwd="/sys",
        env=environment(git_env),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    assert 'Cannot write in "/sys"' in one_sentence(result.stderr)


def test_update_core_stopped_by_sigterm_puts_the_branch_back(tmp_path, git_env, upstream_seed, monkeypatch):
    for key, value in git_env.items():
        monkeypatch.setenv(key, value)
    upstream = Path(shutil.copytree(upstream_seed, tmp_path / "quickscale.git", symlinks=True))
    client = client_project(tmp_path)
    embed_core(client, repo=str(upstream))
    push_upstream_change(upstream, {"quickscale_core/README.md": "changed upstream\n"}, "Upstream change")
    started = tmp_path / "hook-started"
    hook = client / ".git" / "hooks" / "pre-merge-commit"
    hook.write_text(f"#!/bin/sh\ntouch {started}\nsleep 5\n", encoding="utf-8")
    hook.chmod(0o755)
    before = snapshot(client)
    process = subprocess.Popen(
        [str(QUICKSCALE), "update-core"],
        cwd=client,
        env=environment(git_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    result = stop_when(process, started, signal.SIGTERM)
    assert result.returncode == 128 + signal.SIGTERM
    assert "the branch is back as it was before update-core" in one_sentence(result.stderr)
    assert snapshot(client) == before
    assert not (client / ".git" / "MERGE_HEAD").exists()
