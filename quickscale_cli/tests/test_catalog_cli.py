"""`list modules` and `info` when a QuickScale source has a bad manifest, or no modules at all."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from quickscale_cli.main import cli
from testsupport.modulesource import AUTH, BILLING, write_source


@pytest.fixture
def source(tmp_path) -> Path:
    """A source with auth, billing, a misspelt teams manifest and a folder named ..evil."""
    broken = 'name = "teams"\ndescription = "Teams"\nversion = "0.1.0"\ncore = ">=0.56"\ninstaled_apps = ["x"]\n'
    return write_source(tmp_path / "source", {"auth": AUTH, "billing": BILLING, "teams": broken, "..evil": AUTH})


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_list_shows_the_good_modules_and_one_warning_per_bad_one(source):
    result = run("list", "modules", "--repo", str(source))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "auth     0.1.0     Accounts",
        "billing  0.1.0     Subscriptions and payments",
    ]
    assert result.stderr.splitlines() == [
        f"Warning: the module ..evil is left out: The module manifest {source}/quickscale_modules/..evil/module.toml: "
        "the module folder name '..evil' is not a lower-case Python identifier; rename the folder.",
        f"Warning: the module teams is left out: The module manifest {source}/quickscale_modules/teams/module.toml: "
        "unknown key instaled_apps; did you mean installed_apps?",
    ]


def test_info_works_for_a_good_module_beside_a_bad_one(source):
    result = run("info", "billing", "--repo", str(source))
    assert result.exit_code == 0
    assert "  provider: The payment provider; one of stripe; default stripe" in result.stdout.splitlines()


def test_info_on_the_bad_module_is_the_error(source):
    result = run("info", "teams", "--repo", str(source))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The module manifest {source}/quickscale_modules/teams/module.toml: "
        "unknown key instaled_apps; did you mean installed_apps?\n"
    )


def test_an_empty_repository_is_called_empty(tmp_path, isolated_git):
    subprocess.run(["git", "init", "--quiet", "--bare", str(tmp_path / "empty.git")], check=True)
    for args in (["list", "modules"], ["info", "auth"]):
        result = run(*args, "--repo", str(tmp_path / "empty.git"))
        assert result.exit_code == 2
        assert "is empty (it has no files yet)" in result.stderr
        assert "no module named" not in result.stderr


def test_a_cloned_source_names_the_bad_manifest_by_its_path_in_the_repository(source, isolated_git):
    for command in (["init", "--quiet", "-b", "main"], ["add", "."], ["commit", "--quiet", "-m", "Modules"]):
        subprocess.run(["git", *command], cwd=source, check=True)
    result = run("list", "modules", "--repo", str(source), "--ref", "main")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "auth     0.1.0     Accounts"
    assert (
        "Warning: the module teams is left out: The module manifest quickscale_modules/teams/module.toml: "
        "unknown key instaled_apps; did you mean installed_apps?"
    ) in result.stderr.splitlines()
    assert "quickscale-catalog-" not in result.stderr
