"""`quickscale validate` on a good file and on a table of bad ones, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quickscale_cli.main import cli
from testsupport.configcases import BAD_FILES, BOMB, GOOD, edit
from testsupport.modulesource import AUTH, BILLING, write_source


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder with an embedded QuickScale copy offering auth and billing."""
    write_source(tmp_path / "quickscale")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def validate(*args: str):
    result = CliRunner().invoke(cli, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_a_good_file_is_valid(project):
    (project / "quickscale.yml").write_text(GOOD)
    result = validate()
    assert result.exit_code == 0, result.output
    assert result.stdout == "quickscale.yml is valid: project acme, modules auth, billing.\n"
    assert result.stderr == ""


@pytest.mark.parametrize(("content", "where", "words"), [case[1:] for case in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_each_bad_file_gets_one_clear_message(project, content, where, words):
    path = project / "quickscale.yml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = validate()
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: quickscale.yml:{where}"), lines[0]
    assert words in lines[0]
    assert lines[0].endswith((".", "?")) and "Traceback" not in result.stderr


def test_every_problem_is_reported_at_once_in_file_order(project):
    text = edit("schema_version: 2", "schema_version: 3").replace("name: acme", "name: my-app")
    text = text.replace("provider: stripe", "provider: paypal") + "features: [auth]\n"
    (project / "acme.yml").write_text(text)
    result = validate("acme.yml")
    assert result.exit_code == 1
    places = [line.split(": ", 2)[1] for line in result.stderr.splitlines()]
    assert places == ["acme.yml:1:17", "acme.yml:3:9", "acme.yml:12:15", "acme.yml:17:1"]


def test_missing_file_says_how_to_make_one(project):
    result = validate()
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: quickscale.yml: there is no such file; run quickscale init --interactive to write one, "
        "or name another file.\n"
    )


def test_a_folder_is_not_a_file(project):
    result = validate(".")
    assert result.exit_code == 1
    assert "is a folder, not a file" in result.stderr


def test_a_broken_module_manifest_is_named_by_its_path_in_the_project(project):
    broken = AUTH.replace("installed_apps", "instaled_apps")
    write_source(project / "quickscale", {"auth": broken, "billing": BILLING})
    (project / "quickscale.yml").write_text(GOOD)
    result = validate()
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: quickscale.yml:10:3: the module auth cannot be used: The module manifest "
        "quickscale/quickscale_modules/auth/module.toml: unknown key instaled_apps; did you mean installed_apps?"
    ]


def test_modules_are_checked_against_the_source_core_version(project):
    write_source(project / "quickscale", core="0.57.0")
    (project / "quickscale.yml").write_text(GOOD)
    result = validate()
    assert result.exit_code == 1
    assert "the module auth needs quickscale-core <0.57,>=0.56, but the project's QuickScale source has 0.57.0" in (
        result.stderr
    )


def test_without_an_embedded_copy_the_recorded_repo_is_read(tmp_path, monkeypatch, isolated_git):
    source = write_source(tmp_path / "source")
    for command in (["init", "--quiet", "-b", "main"], ["add", "."], ["commit", "--quiet", "-m", "Modules"]):
        subprocess.run(["git", *command], cwd=source, check=True)
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    local = GOOD.replace("https://git.example.invalid/quickscale.git", "../source")
    (project / "quickscale.yml").write_text(local)
    assert validate().exit_code == 0
    (project / "quickscale.yml").write_text(local.replace("auth: {}", "auth: {}\n  teams: {}"))
    result = validate()
    assert result.exit_code == 1
    assert "there is no module named teams; available modules: auth, billing." in result.stderr


def test_an_unreachable_source_is_one_sentence(project, isolated_git):
    (project / "quickscale").rename(project / "elsewhere")
    (project / "quickscale.yml").write_text(edit("repo: https://git.example.invalid/quickscale.git", "repo: ./nowhere"))
    result = validate()
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: quickscale.yml:9:1: the modules cannot be checked: ")


def test_the_real_process_prints_no_traceback(project):
    """A separate Python process, not CliRunner: a hostile file ends in one line and exit 1."""
    (project / "quickscale.yml").write_text(BOMB)
    script = "from quickscale_cli.main import cli; cli()"
    result = subprocess.run([sys.executable, "-c", script, "validate"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
