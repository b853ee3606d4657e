"""What `quickscale create demo --modules auth,teams` gives beyond the checks every combination passes
(test_module_combinations.py)."""

from __future__ import annotations

import pytest

from testsupport.projects import InstalledProject

# Same xdist group as the combination's tests (test_module_combinations.py): the project is made once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("auth,teams")]


@pytest.fixture
def teams_demo(created) -> InstalledProject:
    return created("auth,teams")


def test_the_teams_module_is_wired_from_the_embedded_copy(teams_demo):
    result = teams_demo.run(teams_demo.python, "-c", "import quickscale_modules.teams as m; print(m.__file__)")
    assert result.stdout.strip().startswith(str(teams_demo.path / "quickscale" / "quickscale_modules" / "teams"))
    settings = (teams_demo.path / "demo" / "settings" / "base.py").read_text()
    assert '"quickscale_modules.teams"' in settings and "quickscale_modules.teams.access.TeamMiddleware" in settings
    assert 'path("t/", include("quickscale_modules.teams.urls"))' in (teams_demo.path / "demo" / "urls.py").read_text()


def test_migrations_apply_on_postgresql_and_a_team_works(teams_demo, migrated):
    env = teams_demo.production_env(migrated("auth,teams"))
    assert teams_demo.manage("migrate", "--check", env=env, check=False).returncode == 0
    script = (
        "from django.contrib.auth import get_user_model; from quickscale_modules.teams import services; "
        "user = get_user_model().objects.create_user(email='ada@example.com', password='x-long-password-1'); "
        "team = services.create_team('Acme', user); print(team.slug, services.member_count(team))"
    )
    assert teams_demo.manage("shell", "--no-imports", "-c", script, env=env).stdout.split() == ["acme", "1"]
