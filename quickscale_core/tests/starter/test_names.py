"""Proof 7: unusual but valid names give projects that pass the system checks and their own tests."""

from __future__ import annotations

import pytest

from testsupport.projects import generate_and_install

pytestmark = pytest.mark.slow

FORTY_CHARACTERS = "a_very_long_client_name_of_forty_chars_x"


@pytest.mark.parametrize("name", ["x", "my_app", FORTY_CHARACTERS])
def test_project_checks_and_tests_pass_for_name(name, tmp_path, postgres_database):
    assert len(FORTY_CHARACTERS) == 40
    project = generate_and_install(name, tmp_path)

    assert "no issues (0 silenced)" in project.manage("check").stdout
    deploy = project.manage(
        "check", "--deploy", "--fail-level", "WARNING", env=project.production_env(f"sqlite:///{tmp_path / 'p.db'}")
    )
    assert "System check identified no issues" in deploy.stdout
    for database_url in (f"sqlite:///{tmp_path / 'db.sqlite3'}", postgres_database):
        result = project.pytest(env={"DATABASE_URL": database_url})
        assert "Required test coverage of 90% reached" in result.stdout
