"""What `quickscale create demo --modules auth,api` gives beyond the checks every combination passes
(test_module_combinations.py)."""

from __future__ import annotations

import json

import pytest

from testsupport.projects import VIA_HTTPS_PROXY, InstalledProject, fetch, gunicorn

# Same xdist group as the combination's tests (test_module_combinations.py): the project is made once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("auth,api")]

MAKE_KEYS = """
from django.contrib.auth import get_user_model
from quickscale_modules.api import services
user = get_user_model().objects.create_user(email="client@example.com", password="correct-horse-battery-staple")
print(services.create_key(user, "usable")[1])
revoked, secret = services.create_key(user, "revoked")
services.revoke_key(user, revoked.prefix)
print(secret)
"""


@pytest.fixture
def api_demo(created) -> InstalledProject:
    return created("auth,api")


def test_the_api_module_runs_from_the_embedded_copy(api_demo):
    result = api_demo.run(api_demo.python, "-c", "import quickscale_modules.api as m; print(m.__file__)")
    assert result.stdout.strip().startswith(str(api_demo.path / "quickscale" / "quickscale_modules" / "api"))


def test_the_schema_command_writes_a_valid_schema_with_no_warning(api_demo, tmp_path):
    target = tmp_path / "schema.yml"
    api_demo.manage("spectacular", "--file", str(target), "--validate", "--fail-on-warn")
    assert "/api/v1/me:" in target.read_text()


def test_on_postgresql_under_gunicorn_keys_errors_and_docs_work(api_demo, migrated):
    env = api_demo.production_env(migrated("auth,api"))
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
