"""Proof for `quickscale create demo --modules auth,notifications`: installs, deploy checks, migrations on
PostgreSQL, the Celery app and worker service, the project's own tests.

Needs the engine's [[files]] / [[blocks]] / context_processors support (module.toml of notifications)."""

from __future__ import annotations

import pytest

from testsupport.projects import InstalledProject, create_and_install

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory, upstream_seed, git_env) -> InstalledProject:
    """`quickscale create demo --modules auth,notifications`, installed into its own fresh venv."""
    parent = tmp_path_factory.mktemp("created-notifications")
    return create_and_install("demo", "auth,notifications", parent, upstream_seed, git_env)


def test_the_celery_app_and_the_worker_service_are_wired(demo):
    assert 'app = Celery("demo")' in (demo.path / "demo" / "celery.py").read_text()
    assert "from .celery import app as celery_app" in (demo.path / "demo" / "__init__.py").read_text()
    compose = (demo.path / "docker-compose.yml").read_text()
    assert '"celery", "-A", "demo", "worker"' in compose
    result = demo.run(
        demo.python,
        "-c",
        "import demo; print(demo.celery_app.main)",
        env={"DJANGO_SETTINGS_MODULE": "demo.settings.local"},
    )
    assert result.stdout.strip() == "demo"


def test_deployment_checklist_passes_with_production_settings(demo, tmp_path):
    env = demo.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", EMAIL_PROVIDER="postmark")
    result = demo.manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert "System check identified no issues" in result.stdout


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
    assert "quickscale_notifications_delivery" in tables and "account_emailaddress" in tables


def test_env_example_documents_the_provider(demo):
    env_example = (demo.path / ".env.example").read_text()
    assert "EMAIL_PROVIDER=" in env_example and "ANYMAIL_WEBHOOK_SECRET=" in env_example


def test_the_projects_own_tests_pass(demo):
    result = demo.pytest(check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Required test coverage of 90% reached" in result.stdout


def test_the_projects_linters_pass(demo):
    assert demo.run(demo.bin("ruff"), "check", ".").returncode == 0
    assert demo.run(demo.bin("ruff"), "format", "--check", ".").returncode == 0
