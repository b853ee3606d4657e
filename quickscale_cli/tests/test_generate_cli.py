"""`quickscale generate` and `quickscale preview` as a user runs them (real git, a real bare QuickScale repo)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quickscale_cli.main import cli
from testsupport.git import commit_files, snapshot


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def project(upstream_seed, tmp_path, monkeypatch, isolated_git) -> Path:
    """`quickscale create acme` (no modules), the cwd being the project."""
    monkeypatch.chdir(tmp_path)
    assert invoke("create", "acme", "--repo", str(upstream_seed)).exit_code == 0
    monkeypatch.chdir(tmp_path / "acme")
    return tmp_path / "acme"


def set_modules(project: Path, modules: dict) -> None:
    data = yaml.safe_load((project / "quickscale.yml").read_text())
    data["modules"] = modules
    (project / "quickscale.yml").write_text(yaml.safe_dump(data, sort_keys=False))


def test_generate_in_a_folder_with_only_the_config_creates_the_project(
    upstream_seed, tmp_path, monkeypatch, isolated_git
):
    folder = tmp_path / "acme"
    folder.mkdir()
    config = {
        "schema_version": 2,
        "project": {"name": "acme"},
        "modules": {"auth": {}},
        "quickscale": {"repo": str(upstream_seed), "ref": "main", "prefix": "quickscale"},
    }
    (folder / "quickscale.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    monkeypatch.chdir(folder)
    result = invoke("generate")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"Created the project in {folder} from quickscale.yml."
    assert "  Generate acme with quickscale 0.56.0" in result.stdout.splitlines()
    assert (folder / "manage.py").is_file()
    again = invoke("generate")
    assert again.exit_code == 0
    assert again.stdout == "Nothing to do: the project already matches quickscale.yml.\n"


def test_preview_shows_the_diff_and_generate_then_applies_it(project):
    nothing = invoke("preview")
    assert nothing.exit_code == 0
    assert nothing.stdout == "Nothing to do: the project already matches quickscale.yml.\n"
    set_modules(project, {"auth": {}})
    before = snapshot(project)
    shown = invoke("preview")
    assert snapshot(project) == before
    assert shown.exit_code == 1  # like diff: generate would change something
    assert "--- a/acme/urls.py\n+++ b/acme/urls.py\n" in shown.stdout
    assert '+urlpatterns += [path("accounts/", include("quickscale_modules.auth.urls"))]' in shown.stdout
    assert "Summary (nothing was written):" in shown.stdout
    assert (
        "  files changed: 6 (.env.example, README.md, acme/settings/base.py, acme/urls.py, pyproject.toml, "
        "templates/base.html)" in shown.stdout
    )
    assert "    Add the auth module: " in shown.stdout
    done = invoke("generate")
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[0] == "Made 1 commit(s) so the project matches quickscale.yml."


def test_removal_prints_what_it_cannot_undo(project, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    set_modules(project, {"auth": {}})
    invoke("generate")
    set_modules(project, {})
    result = invoke("generate")
    assert result.exit_code == 0, result.output
    assert "  Remove the auth module" in result.stdout.splitlines()
    assert "tables stay in every database where its migrations ran" in result.stderr
    assert "  python manage.py migrate account zero" in result.stderr.splitlines()


def test_a_hand_edit_is_reported_with_the_ways_out_and_nothing_changes(project):
    set_modules(project, {"auth": {}})
    invoke("generate")
    urls = project / "acme" / "urls.py"
    commit_files(project, {"acme/urls.py": urls.read_text().replace('"accounts/"', '"account/"')}, "Mine")
    set_modules(project, {})
    before = snapshot(project)
    result = invoke("generate", "--keep-data")
    assert result.exit_code == 1
    assert snapshot(project) == before
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: generate changed nothing: 1 QuickScale block(s) in acme/urls.py were edited")
    assert "  acme/urls.py: auth module, urls: edited inside the block" in lines
    assert any(line.startswith("  keep yours: move your lines out of the block") for line in lines)
    assert any(line.startswith("  take ours: delete the block") for line in lines)
    assert "Traceback" not in result.output


def test_generate_without_a_config_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in ("generate", "preview"):
        result = invoke(command)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {tmp_path / 'quickscale.yml'}: there is no such file; run quickscale init --interactive to "
            "write one, or name another file.\n"
        )
