"""Proof for `quickscale create demo --modules auth,teams`: installs, deploy checks, migrations on PostgreSQL,
its own tests."""

from __future__ import annotations

import pytest

from testsupport.projects import InstalledProject, create_and_install

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def teams_demo(tmp_path_factory, upstream_seed, git_env) -> InstalledProject:
    """`quickscale create demo --modules auth,teams`, installed into its own fresh venv."""
    return create_and_install("demo", "auth,teams", tmp_path_factory.mktemp("created-teams"), upstream_seed, git_env)


def test_the_teams_module_is_wired_from_the_embedded_copy(teams_demo):
    result = teams_demo.run(teams_demo.python, "-c", "import quickscale_modules.teams as m; print(m.__file__)")
    assert result.stdout.strip().startswith(str(teams_demo.path / "quickscale" / "quickscale_modules" / "teams"))
    settings = (teams_demo.path / "demo" / "settings" / "base.py").read_text()
    assert '"quickscale_modules.teams"' in settings and "quickscale_modules.teams.access.TeamMiddleware" in settings
    assert 'path("t/", include("quickscale_modules.teams.urls"))' in (teams_demo.path / "demo" / "urls.py").read_text()


def test_deployment_checklist_passes_with_production_settings(teams_demo, tmp_path):
    env = teams_demo.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = teams_demo.manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert "System check identified no issues" in result.stdout


def test_models_and_migrations_agree(teams_demo):
    assert "No changes detected" in teams_demo.manage("makemigrations", "--check", "--dry-run").stdout


def test_migrations_apply_on_postgresql_and_a_team_works(teams_demo, postgres_database):
    env = teams_demo.production_env(postgres_database)
    teams_demo.manage("migrate", "--noinput", env=env)
    assert teams_demo.manage("migrate", "--check", env=env, check=False).returncode == 0
    script = (
        "from django.contrib.auth import get_user_model; from quickscale_modules.teams import services; "
        "user = get_user_model().objects.create_user(email='ada@example.com', password='x-long-password-1'); "
        "team = services.create_team('Acme', user); print(team.slug, services.member_count(team))"
    )
    assert teams_demo.manage("shell", "--no-imports", "-c", script, env=env).stdout.split() == ["acme", "1"]


def test_the_projects_own_tests_pass(teams_demo):
    result = teams_demo.pytest(check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
    assert "Required test coverage of 90% reached" in result.stdout
