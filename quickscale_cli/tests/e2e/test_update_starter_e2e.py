"""A created project updated by `quickscale update-starter` to a newer QuickScale still deploys and tests green.

Reuses the installed `auth` project of the session (same xdist group): the update runs in a copy of it,
and the copy is checked with the original's venv (manage.py and pytest import the copy's own package).
"""

from __future__ import annotations

import shutil

import pytest
import yaml
from click.testing import CliRunner

from quickscale_cli.main import cli
from testsupport.git import git
from testsupport.projects import InstalledProject
from testsupport.starterversions import NEW_COMMENT, push_next_version

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("auth")]


def test_an_updated_project_passes_check_deploy_its_tests_and_makemigrations_check(
    created, upstream, tmp_path, redis_url, isolated_git, monkeypatch
):
    installed = created("auth")
    copy = tmp_path / "demo"
    shutil.copytree(installed.path, copy, symlinks=True, ignore=shutil.ignore_patterns(".venv", "db.sqlite3"))
    push_next_version(upstream)
    config = yaml.safe_load((copy / "quickscale.yml").read_text())
    config["quickscale"]["repo"] = str(upstream)
    (copy / "quickscale.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    git(copy, "commit", "--quiet", "-am", "Follow our QuickScale fork")
    monkeypatch.chdir(copy)
    result = CliRunner().invoke(cli, ["update-starter", "--to", "next"])
    assert result.exit_code == 0, result.output
    assert NEW_COMMENT in (copy / "demo" / "settings" / "base.py").read_text() and (copy / "SECURITY.md").is_file()

    project = InstalledProject(name=installed.name, path=copy, venv=installed.venv, env=installed.env)
    env = project.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL=redis_url)
    assert (
        "System check identified no issues"
        in project.manage("check", "--deploy", "--fail-level", "WARNING", env=env).stdout
    )
    assert "No changes detected" in project.manage("makemigrations", "--check", "--dry-run").stdout
    tests = project.pytest(check=False)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-3000:]
    assert " passed" in tests.stdout
