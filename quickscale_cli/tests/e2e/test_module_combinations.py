"""Each module alone, all of them together and the pairs that interact (COMBINATIONS in conftest.py), made by
`quickscale create`, installed in a fresh venv and proved the way a user would: `check --deploy` with no
issue under production settings, models in step with their migrations, migrations applied on PostgreSQL,
and the project's own tests (coverage gate included) and linters green."""

from __future__ import annotations

import pytest

from .conftest import COMBINATIONS

pytestmark = pytest.mark.slow


def combinations():
    return [pytest.param(modules, id=modules, marks=pytest.mark.xdist_group(modules)) for modules in COMBINATIONS]


@pytest.mark.parametrize("modules", combinations())
def test_deployment_checklist_passes_with_production_settings(created, modules, tmp_path, redis_url):
    project = created(modules)
    # A production deployment shares its cache (rate-limit counters, sessions) through Redis.
    env = project.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL=redis_url)
    result = project.manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("modules", combinations())
def test_models_and_migrations_agree(created, modules):
    assert "No changes detected" in created(modules).manage("makemigrations", "--check", "--dry-run").stdout


@pytest.mark.parametrize("modules", combinations())
def test_migrations_apply_on_postgresql(created, modules, migrated):
    # `migrated` ran `migrate` on a new database (once per session; the create_* tests reuse it).
    project = created(modules)
    env = project.production_env(migrated(modules))
    assert project.manage("migrate", "--check", env=env, check=False).returncode == 0


@pytest.mark.parametrize("modules", combinations())
def test_the_projects_own_tests_pass(created, modules):
    result = created(modules).pytest(check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
    assert "Required test coverage of 90% reached" in result.stdout


@pytest.mark.parametrize("modules", combinations())
def test_the_projects_linters_pass_and_skip_the_embedded_copy(created, modules):
    project = created(modules)
    assert project.run(project.bin("ruff"), "check", ".").returncode == 0
    assert project.run(project.bin("ruff"), "format", "--check", ".").returncode == 0


@pytest.mark.parametrize("modules", combinations())
def test_every_module_runs_from_the_embedded_copy(created, modules):
    project = created(modules)
    names = modules.split(",")
    script = "import importlib; " + "; ".join(
        f"print(importlib.import_module('quickscale_modules.{m}').__file__)" for m in names
    )
    files = project.run(project.python, "-c", script).stdout.split()
    for name, file in zip(names, files, strict=True):
        assert file.startswith(str(project.path / "quickscale" / "quickscale_modules" / name))
