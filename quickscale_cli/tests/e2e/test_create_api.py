"""Proof for `quickscale create demo --modules auth,api`: installs, deploy checks, migrations on PostgreSQL, its
own tests, and the API served by gunicorn with production settings: keys, errors, schema and docs."""

from __future__ import annotations

import json

import pytest

from testsupport.projects import VIA_HTTPS_PROXY, InstalledProject, create_and_install, fetch, gunicorn

pytestmark = pytest.mark.slow

MAKE_KEYS = """
from django.contrib.auth import get_user_model
from quickscale_modules.api import services
user = get_user_model().objects.create_user(email="client@example.com", password="correct-horse-battery-staple")
print(services.create_key(user, "usable")[1])
revoked, secret = services.create_key(user, "revoked")
services.revoke_key(user, revoked.prefix)
print(secret)
"""


@pytest.fixture(scope="module")
def api_demo(tmp_path_factory, upstream_seed, git_env) -> InstalledProject:
    """`quickscale create demo --modules auth,api`, installed into its own fresh venv."""
    return create_and_install("demo", "auth,api", tmp_path_factory.mktemp("created-api"), upstream_seed, git_env)


def test_the_api_module_runs_from_the_embedded_copy(api_demo):
    result = api_demo.run(api_demo.python, "-c", "import quickscale_modules.api as m; print(m.__file__)")
    assert result.stdout.strip().startswith(str(api_demo.path / "quickscale" / "quickscale_modules" / "api"))


def test_deployment_checklist_passes_with_production_settings(api_demo, tmp_path):
    env = api_demo.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = api_demo.manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert "System check identified no issues" in result.stdout


def test_models_and_migrations_agree(api_demo):
    assert "No changes detected" in api_demo.manage("makemigrations", "--check", "--dry-run").stdout


def test_the_projects_own_tests_pass(api_demo):
    result = api_demo.pytest(check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Required test coverage of 90% reached" in result.stdout


def test_the_projects_linters_pass(api_demo):
    assert api_demo.run(api_demo.bin("ruff"), "check", ".").returncode == 0
    assert api_demo.run(api_demo.bin("ruff"), "format", "--check", ".").returncode == 0


def test_the_schema_command_writes_a_valid_schema_with_no_warning(api_demo, tmp_path):
    target = tmp_path / "schema.yml"
    api_demo.manage("spectacular", "--file", str(target), "--validate", "--fail-on-warn")
    assert "/api/v1/me:" in target.read_text()


def test_on_postgresql_under_gunicorn_keys_errors_and_docs_work(api_demo, postgres_database):
    env = api_demo.production_env(postgres_database)
    api_demo.manage("migrate", "--noinput", env=env)
    assert api_demo.manage("migrate", "--check", env=env, check=False).returncode == 0
    api_demo.manage("collectstatic", "--noinput", env=env)
    usable, revoked = api_demo.manage("shell", "--no-imports", "-c", MAKE_KEYS, env=env).stdout.split()
    with gunicorn(api_demo, env) as server:

        def get(path: str, key: str | None = None):
            headers = {**VIA_HTTPS_PROXY, **({"Authorization": f"Api-Key {key}"} if key else {})}
            return fetch(server.url + path, headers=headers)

        me = get("/api/v1/me", usable)
        assert me.status == 200 and json.loads(me.body)["email"] == "client@example.com"
        for answer, code in ((get("/api/v1/me", revoked), 401), (get("/api/v1/me"), 401), (get("/api/nope"), 404)):
            assert answer.status == code and answer.headers["Content-Type"] == "application/json"
            assert set(json.loads(answer.body)["error"]) == {"code", "message", "details"}
        docs = get("/api/v1/docs/")
        assert docs.status == 200
        bundle = next(part.split('"')[1] for part in docs.text.split("src=")[1:] if "swagger-ui-bundle" in part)
        assert get(bundle).status == 200
        assert get("/api/v1/schema/").status == 200
        assert get("/api/keys/").status == 302  # the keys page asks to log in
    log = server.log.read_text()
    assert usable.split(".")[1] not in log and revoked.split(".")[1] not in log
