"""create_project and load_catalog against a real bare QuickScale repository (real git)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quickscale_core.errors import ModuleSelectionError, TargetExistsError
from quickscale_core.modules.catalog import load_catalog
from quickscale_core.modules.create import create_project
from testsupport.git import git


@pytest.fixture
def workdir(tmp_path, monkeypatch, isolated_git) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_create_returns_what_it_made(upstream_seed, workdir):
    created = create_project("demo", "auth", workdir, repo=str(upstream_seed))
    assert created.path == workdir / "demo"
    assert [manifest.name for manifest in created.modules] == ["auth"]
    assert created.commits[0] == "Generate demo with quickscale 0.56.0"
    assert created.commits[-1].startswith("Add the auth module: ")
    assert git(created.path, "status", "--porcelain") == ""
    assert [p.name for p in workdir.iterdir()] == ["demo"]


def test_create_refuses_an_existing_target_before_any_git_work(upstream_seed, workdir):
    (workdir / "demo").write_text("mine")
    with pytest.raises(TargetExistsError):
        create_project("demo", "auth", workdir, repo=str(upstream_seed))
    assert (workdir / "demo").read_text() == "mine"
    assert [p.name for p in workdir.iterdir()] == ["demo"]


def test_catalog_of_a_bare_repository_is_read_through_a_shallow_clone(upstream_seed):
    assert "auth" in load_catalog(str(upstream_seed))
    assert "auth" in load_catalog(str(upstream_seed), ref="main")


def test_catalog_of_an_unknown_ref_is_a_clear_error(upstream_seed):
    with pytest.raises(ModuleSelectionError, match=r"Cannot read the modules .* check --repo and --ref\."):
        load_catalog(str(upstream_seed), ref="no-such-branch")


def test_a_failure_half_way_leaves_nothing_on_disk(upstream_seed, workdir, monkeypatch):
    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("quickscale_core.project.generate.apply_changes", broken)
    with pytest.raises(OSError):
        create_project("demo", "auth", workdir, repo=str(upstream_seed))
    assert list(workdir.iterdir()) == []
