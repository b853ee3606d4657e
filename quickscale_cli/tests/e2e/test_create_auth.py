"""Proof for `quickscale create demo --modules auth`: installs, deploy checks, migrations, its own tests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_the_auth_module_runs_from_the_embedded_copy(demo):
    result = demo.run(
        demo.python, "-c", "import quickscale_modules.auth as m, quickscale_core as c; print(m.__file__, c.__file__)"
    )
    module_file, core_file = result.stdout.split()
    assert module_file.startswith(str(demo.path / "quickscale" / "quickscale_modules" / "auth"))
    assert core_file.startswith(str(demo.path / "quickscale" / "quickscale_core"))


def test_deployment_checklist_passes_with_production_settings(demo, tmp_path, redis_url):
    # Production with the auth module has a shared cache for the rate limits (REDIS_URL).
    env = demo.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL=redis_url)
    result = demo.manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert "System check identified no issues" in result.stdout


def test_the_deployment_checklist_warns_when_rate_limits_would_live_in_one_process(demo, tmp_path):
    env = demo.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = demo.manage("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert result.returncode != 0
    assert "quickscale_auth.W001" in result.stderr and "REDIS_URL" in result.stderr


def test_models_and_migrations_agree(demo):
    assert "No changes detected" in demo.manage("makemigrations", "--check", "--dry-run").stdout


def test_migrations_apply_on_postgresql(demo, postgres_database):
    env = demo.production_env(postgres_database)
    demo.manage("migrate", "--noinput", env=env)
    assert demo.manage("migrate", "--check", env=env, check=False).returncode == 0
    tables = demo.manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(sorted(connection.introspection.table_names()))",
        env=env,
    ).stdout
    assert "account_emailaddress" in tables and "mfa_authenticator" in tables


def test_the_projects_own_tests_pass(demo):
    result = demo.pytest(check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
    assert "Required test coverage of 90% reached" in result.stdout


def test_the_projects_linters_pass_and_skip_the_embedded_copy(demo):
    assert demo.run(demo.bin("ruff"), "check", ".").returncode == 0
    assert demo.run(demo.bin("ruff"), "format", "--check", ".").returncode == 0
