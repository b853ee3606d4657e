"""Hostile repository, ref and branch values, from flags and from a committed [tool.quickscale], for every
command that reaches git: each is refused in one sentence and nothing is ever executed.

The marker file is what an injected command would create; git's own protection is
exercised too, with a user configuration that allows every transport.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quickscale_cli.main import cli
from quickscale_core.sharing.git import run_git
from quickscale_core.sharing.record import SubtreeRecord, add_record
from testsupport.git import client_project, commit_files

MARKER = "/tmp/quickscale-injection-marker"

HOSTILE_REPOS = [
    f"--upload-pack=touch {MARKER}; git-upload-pack",
    f"-u touch {MARKER}",
    f"ext::sh -c touch% {MARKER}",
    f"EXT::sh -c touch% {MARKER}",
    f"file::{MARKER}",
    f"fd::3 touch {MARKER}",
    f"ssh://-oProxyCommand=touch% {MARKER}/x",
    f"gopher://host/x; touch {MARKER}",
    f"/tmp/x\n--upload-pack=touch {MARKER}",
    f"$(touch {MARKER})",
    f"`touch {MARKER}`",
    f"x; touch {MARKER}",
    f"x|touch {MARKER}",
]
HOSTILE_REFS = [
    f"--upload-pack=touch {MARKER}",
    f"main\n--upload-pack=touch {MARKER}",
    f"$(touch {MARKER})",
    f"main;touch${{IFS}}{MARKER}",
    "main\x1b[2J",
    "a" * 40,
    "-",
    "@{-1}",
]
HOSTILE_BRANCHES = [f"--upload-pack=touch {MARKER}", "@", "refs/heads/x", "HEAD", "x\ny", "a..b"]


@pytest.fixture(autouse=True)
def every_transport_allowed_in_the_user_config(isolated_git, tmp_path, monkeypatch):
    """A user configuration that allows ext:: and every other transport: QuickScale must still refuse them."""
    config = Path(isolated_git["GIT_CONFIG_GLOBAL"]).read_text(encoding="utf-8")
    permissive = tmp_path / "permissive-gitconfig"
    permissive.write_text(config + '[protocol]\n\tallow = always\n[protocol "ext"]\n\tallow = always\n')
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(permissive))
    Path(MARKER).unlink(missing_ok=True)
    yield
    assert not Path(MARKER).exists(), "an injected command ran"


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def committed_record(tmp_path: Path, monkeypatch, repo: str = "/srv/quickscale.git", ref: str = "main") -> Path:
    """A client project whose committed [tool.quickscale] says `repo` and `ref` (as an attacker could commit)."""
    project = client_project(tmp_path)
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    commit_files(project, {"pyproject.toml": add_record(text, SubtreeRecord(repo, ref, "quickscale"))}, "Record")
    monkeypatch.chdir(project)
    return project


def refused(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith("."), result.stderr
    assert not Path(MARKER).exists()
    return lines[0]


@pytest.mark.parametrize("repo", HOSTILE_REPOS)
def test_hostile_repo_flags_are_refused_by_every_command(repo, tmp_path, monkeypatch, upstream_seed):
    project = client_project(tmp_path)
    monkeypatch.chdir(project)
    refused("embed-core", "--repo", repo)
    refused("embed-core", "--repo", repo, "--dry-run")
    refused("list", "modules", "--repo", repo)
    refused("info", "auth", "--repo", repo)
    refused("create", "demo", "--modules", "auth", "--repo", repo)
    assert not (project / "demo").exists() and not list(project.glob(".demo*"))


@pytest.mark.parametrize("repo", HOSTILE_REPOS)
def test_a_hostile_repo_committed_in_the_record_is_refused(repo, tmp_path, monkeypatch):
    committed_record(tmp_path, monkeypatch, repo=repo)
    refused("update-core", "--dry-run")
    refused("update-core")
    refused("sync-push", "--branch", "fix-x")
    refused("sync-push", "--branch", "fix-x", "--repo", repo)


@pytest.mark.parametrize("ref", HOSTILE_REFS)
def test_hostile_refs_from_flags_and_from_the_record_are_refused(ref, tmp_path, monkeypatch, upstream_seed):
    seed = str(upstream_seed)
    committed_record(tmp_path, monkeypatch, repo=seed, ref=ref)
    refused("update-core", "--dry-run")
    refused("sync-push", "--branch", "fix-x")
    refused("update-core", "--ref", ref)
    refused("embed-core", "--repo", seed, "--ref", ref, "--prefix", "other")
    refused("list", "modules", "--repo", seed, "--ref", ref)
    refused("info", "auth", "--repo", seed, "--ref", ref)
    refused("create", "demo", "--modules", "auth", "--repo", seed, "--ref", ref)


def hostile_config(folder: Path, repo: str, ref: str) -> None:
    """A quickscale.yml whose QuickScale source is `repo` at `ref` (a committed file anyone can edit)."""
    import json

    source = f"quickscale:\n  repo: {json.dumps(repo)}\n  ref: {json.dumps(ref)}\n"
    text = f"schema_version: 2\nproject:\n  name: demo\n{source}modules:\n  auth: {{}}\n"
    (folder / "quickscale.yml").write_text(text)


@pytest.mark.parametrize(
    ("repo", "ref"),
    [*((repo, "main") for repo in HOSTILE_REPOS), *(("UPSTREAM", ref) for ref in HOSTILE_REFS)],
)
def test_a_hostile_source_in_quickscale_yml_is_refused_by_validate_preview_and_generate(
    repo, ref, workdir, upstream_seed
):
    hostile_config(workdir, str(upstream_seed) if repo == "UPSTREAM" else repo, ref)
    before = (workdir / "quickscale.yml").read_bytes()
    for command in ("validate", "preview", "generate"):
        message = refused(command)
        assert "quickscale.yml" in message and "--repo" not in message and "--ref" not in message, message
    assert sorted(path.name for path in workdir.iterdir()) == ["quickscale.yml"]
    assert (workdir / "quickscale.yml").read_bytes() == before
    assert not list(workdir.parent.glob(".work*"))


@pytest.mark.parametrize("branch", HOSTILE_BRANCHES)
def test_hostile_branch_names_are_refused(branch, tmp_path, monkeypatch, upstream_seed):
    committed_record(tmp_path, monkeypatch, repo=str(upstream_seed))
    assert "plain git branch name" in refused("sync-push", "--branch", branch)


@pytest.mark.parametrize(
    "repo", [f"ext::sh -c touch% {MARKER}", f"--upload-pack=touch {MARKER}; git-upload-pack", f"file::{MARKER}"]
)
def test_git_itself_refuses_them_even_when_called_without_the_checks(repo, tmp_path):
    """The second line of defence: run_git's environment and --end-of-options, whatever the user config allows."""
    for args in (["ls-remote", "--end-of-options", repo], ["clone", "--end-of-options", repo, str(tmp_path / "c")]):
        assert run_git(tmp_path, *args, check=False).returncode != 0
    assert not Path(MARKER).exists()


@pytest.mark.parametrize("command", [["list", "modules"], ["info", "auth"]])
def test_without_git_the_module_catalogue_is_one_sentence(command, upstream_seed, workdir, monkeypatch):
    monkeypatch.setenv("PATH", str(workdir / "no-tools-here"))
    assert "git is not installed" in refused(*command, "--repo", str(upstream_seed))
