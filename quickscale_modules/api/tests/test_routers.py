"""Endpoints come from the api module, from installed modules only, and from the project's api_routes.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from apiflows import error_of, with_key
from rest_framework.routers import SimpleRouter

from quickscale_modules.api.routers import register_module_resources, router


def test_only_installed_modules_get_their_endpoints():
    target = SimpleRouter(trailing_slash=False)
    registered = register_module_resources(
        target, {"django.contrib.admin": "routes_probe", "quickscale_modules.absent": "no.such.module"}
    )
    assert registered == ["django.contrib.admin"]
    assert [prefix for prefix, _, _ in target.registry] == ["probe"]


def test_a_projects_api_routes_module_adds_endpoints_under_v1(client, api_key):
    response = client.post("/api/v1/notes", {"text": "hello"}, content_type="application/json", **with_key(api_key))
    assert response.status_code == 201 and response.json() == {"text": "hello", "length": 5}
    assert "notes" in [prefix for prefix, _, _ in router.registry]


def test_the_keys_list_is_paginated(client, user, api_key):
    from quickscale_modules.api import services

    for number in range(4):
        services.create_key(user, f"key {number}")
    first = client.get("/api/v1/keys?page_size=2", **with_key(api_key)).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["next"].endswith("page=2&page_size=2")
    assert [key["name"] for key in first["results"]] == ["key 3", "key 2"]
    assert set(first["results"][0]) == {"prefix", "name", "created_at", "expires_at", "last_used_at", "revoked", "team"}
    assert client.get("/api/v1/keys?page=9", **with_key(api_key)).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page_size=0", {"page_size": ["Use a whole number from 1 to 200."]}),
        ("page_size=201", {"page_size": ["Use a whole number from 1 to 200."]}),
        ("page_size=null", {"page_size": ["Use a whole number from 1 to 200."]}),
        ("page=last", {"page": ["Use a whole number of 1 or more."]}),
        ("page=%C2%B2", {"page": ["Use a whole number of 1 or more."]}),
    ],
)
def test_a_bad_page_or_page_size_is_a_400_saying_what_to_send(client, api_key, query, message):
    response = client.get(f"/api/v1/keys?{query}", **with_key(api_key))
    assert response.status_code == 400 and error_of(response)["details"] == message


def manage(modules: str, *args: str) -> subprocess.CompletedProcess:
    """manage.py `args` in the test project with auth, api and `modules` (QS_TEST_MODULES, "" for none)."""
    env = {**os.environ, "QS_TEST_MODULES": modules, "DJANGO_SETTINGS_MODULE": "api_testproject.settings"}
    env["DATABASE_URL"] = "sqlite://:memory:"
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "django", *args], env=env, capture_output=True, text=True, timeout=120)


SHOW_ROUTES = "from quickscale_modules.api.routers import router; import quickscale_modules.api.urls; " + (
    "print(sorted(prefix for prefix, _, _ in router.registry))"
)


def test_the_installed_modules_resources_are_registered():
    prefixes = [prefix for prefix, _, _ in router.registry]
    assert "teams" in prefixes and r"teams/(?P<team>[-a-zA-Z0-9_]+)/memberships" in prefixes


@pytest.mark.slow
def test_without_the_other_modules_only_the_api_modules_own_resources_are_there():
    result = manage("", "shell", "--no-imports", "-c", SHOW_ROUTES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['keys', 'notes']"


@pytest.mark.slow
@pytest.mark.parametrize("modules", ["", "teams,billing,notifications"])
def test_the_migrations_match_the_models_with_and_without_the_other_modules(modules):
    result = manage(modules, "makemigrations", "--check", "--dry-run", "quickscale_api")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


# Without the teams app: the api module's migrations apply, and keys are personal keys.
WITHOUT_TEAMS = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from quickscale_modules.api import services
user = get_user_model().objects.create_user(email="ada@example.com")
key, secret = services.create_key(user, "personal")
print(services.key_teams(user), key.team_id, key.team, services.team_slugs(user))
"""


@pytest.mark.slow
def test_without_teams_the_migrations_apply_and_every_key_is_personal():
    result = manage("", "shell", "--no-imports", "-c", WITHOUT_TEAMS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", "None", "None", "{}"]
