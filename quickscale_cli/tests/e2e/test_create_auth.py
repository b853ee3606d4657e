"""What `quickscale create demo --modules auth` gives beyond the checks every combination passes
(test_module_combinations.py)."""

from __future__ import annotations

import pytest

# Same xdist group as the combination's tests (test_module_combinations.py): the project is made once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("auth")]


def test_the_auth_module_runs_from_the_embedded_copy(demo):
    result = demo.run(
        demo.python, "-c", "import quickscale_modules.auth as m, quickscale_core as c; print(m.__file__, c.__file__)"
    )
    module_file, core_file = result.stdout.split()
    assert module_file.startswith(str(demo.path / "quickscale" / "quickscale_modules" / "auth"))
    assert core_file.startswith(str(demo.path / "quickscale" / "quickscale_core"))


def test_the_deployment_checklist_warns_when_rate_limits_would_live_in_one_process(demo, tmp_path):
    env = demo.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = demo.manage("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert result.returncode != 0
    assert "quickscale_auth.W001" in result.stderr and "REDIS_URL" in result.stderr
