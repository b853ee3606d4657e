"""Proof 1 and 2: Django's system checks, the deployment checklist, migrations on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_system_checks_are_clean(acme):
    result = acme.manage("check")

    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("preload", ["false", "true"])
def test_deployment_checklist_passes_with_production_settings(acme, tmp_path, preload):
    env = acme.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", SECURE_HSTS_PRELOAD=preload)

    result = acme.manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert "System check identified no issues" in result.stdout
    # The only silenced check is the preload reminder, and only while preloading is not opted into.
    assert f"({0 if preload == 'true' else 1} silenced)" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_settings(acme, tmp_path, missing):
    env = acme.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env[missing] = ""

    result = acme.manage("check", env=env, check=False)

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith(f"django.core.exceptions.ImproperlyConfigured: The {missing} environment variable")


def test_models_and_migrations_agree(acme):
    result = acme.manage("makemigrations", "--check", "--dry-run")

    assert "No changes detected" in result.stdout


def test_migrate_on_sqlite(acme, tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    acme.manage("migrate", "--noinput", env=env)

    assert acme.manage("migrate", "--check", env=env, check=False).returncode == 0
    assert (tmp_path / "db.sqlite3").stat().st_size > 0


def test_migrate_on_postgresql_then_create_a_superuser_by_email(acme, postgres_database):
    env = acme.production_env(postgres_database)

    acme.manage("migrate", "--noinput", env=env)
    acme.manage(
        "createsuperuser",
        "--noinput",
        env={**env, "DJANGO_SUPERUSER_EMAIL": "owner@example.com", "DJANGO_SUPERUSER_PASSWORD": "A-strong-pass-42"},
    )

    assert acme.manage("migrate", "--check", env=env, check=False).returncode == 0
    count = acme.manage(
        "shell",
        "--no-imports",
        "-c",
        "from users.models import User; print(User.objects.filter(is_superuser=True).count())",
        env=env,
    )
    assert count.stdout.strip() == "1"
