"""The api module's lifecycle hooks: a user's keys exported without their secrets, revoked with the account, and a
team's keys revoked with the team, whichever way it is deleted (quickscale_modules.auth.hooks collects them)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from apiflows import with_key
from django.utils import timezone

from quickscale_modules.api import lifecycle, services
from quickscale_modules.api.models import UserAPIKey
from quickscale_modules.auth.hooks import delete_data, lifecycle_hooks
from quickscale_modules.teams import services as teams_services


@pytest.fixture
def acme(user):
    return teams_services.create_team("Acme", user)


def test_the_export_lists_the_keys_without_secret_or_hash(user, acme):
    expires = timezone.now() + timedelta(days=30)
    _, personal = services.create_key(user, "laptop", expires_at=expires)
    _, team_key = services.create_key(user, "Acme CI", team=acme)
    services.revoke_key(user, team_key.split(".")[0])
    exported = lifecycle.export_user_data(user)
    text = json.dumps(exported)
    rows = [(k["name"], k["prefix"], k["team"], k["expires_at"], k["revoked"]) for k in exported["api_keys"]]
    assert rows == [
        ("Acme CI", team_key.split(".")[0], "acme", None, True),
        ("laptop", personal.split(".")[0], None, expires.isoformat(), False),
    ]
    for key in UserAPIKey.objects.all():
        assert key.hashed_key not in text
    assert personal not in text and team_key not in text
    assert "quickscale_api" in [label for label, _ in lifecycle_hooks("export_user_data")]


def test_deleting_the_users_data_revokes_every_key_once(client, user, api_key, acme):
    services.create_key(user, "Acme CI", team=acme)
    done = delete_data("delete_user_data", user)
    # The teams module goes first: Acme, which only the user is in, is deleted with its keys; then the rest.
    assert "quickscale_teams: quickscale_api: revoked 1 API key(s) of the team" in done
    assert "quickscale_api: revoked 1 API key(s)" in done
    assert client.get("/api/v1/me", **with_key(api_key)).status_code == 401
    assert not UserAPIKey.objects.filter(revoked=False).exists()
    assert lifecycle.delete_user_data(user) == []


def test_a_deleted_teams_keys_are_revoked_by_the_service_and_by_any_other_deletion(client, user, acme):
    _, acme_key = services.create_key(user, "Acme CI", team=acme)
    assert "quickscale_api: revoked 1 API key(s) of the team" in teams_services.delete_team(acme, by=user)
    assert client.get("/api/v1/me", **with_key(acme_key)).status_code == 401

    beta = teams_services.create_team("Beta", user)
    _, beta_key = services.create_key(user, "Beta CI", team=beta)
    beta.delete()  # as the Django admin does: no service, the team's pre_delete
    assert client.get("/api/v1/me", **with_key(beta_key)).status_code == 401
    assert UserAPIKey.objects.filter(revoked=False).count() == 0
