"""Team keys fail closed: an endpoint that does not declare how it handles them refuses them with a 403, so a
project endpoint that forgets teams_of(request) cannot hand a team key every team of its user (security review,
issue 24, finding 13). The module's own resources declare theirs."""

from __future__ import annotations

import pytest
from apiflows import error_of, with_key

from quickscale_modules.api import services
from quickscale_modules.teams.services import create_team

REFUSED = "This endpoint does not take team keys: use a personal API key (one without a team)."


@pytest.fixture
def keys(user) -> dict[str, dict[str, str]]:
    """The user's teams Acme and Beta; a key of Acme and a personal key, as request headers."""
    acme = create_team("Acme", user)
    create_team("Beta", user)
    return {
        "team": with_key(services.create_key(user, "Acme CI", team=acme)[1]),
        "personal": with_key(services.create_key(user, "mine")[1]),
    }


def test_an_undeclared_project_endpoint_refuses_a_team_key_and_serves_a_personal_one(client, keys):
    assert client.get("/api/v1/forgetful-teams", **keys["personal"]).json() == ["acme", "beta"]
    refused = client.get("/api/v1/forgetful-teams", **keys["team"])
    assert refused.status_code == 403
    assert error_of(refused) == {"code": "permission_denied", "message": REFUSED, "details": {}}
    note = client.post("/api/v1/notes", {"text": "hi"}, content_type="application/json", **keys["team"])
    assert note.status_code == 403 and error_of(note)["message"] == REFUSED


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/teams", 200),  # scoped: Acme alone
        ("/api/v1/teams/acme/memberships", 200),
        ("/api/v1/billing/subscription", 200),
        ("/api/v1/keys", 200),  # scoped: Acme's keys alone
        ("/api/v1/me", 200),  # the key's own user, no team's data
        ("/api/v1/schema/", 200),
        ("/api/v1/notifications", 403),  # the user's notifications can tell of any of their teams
        ("/api/v1/notifications/unread-count", 403),
    ],
)
def test_the_modules_own_endpoints_declare_what_a_team_key_gets(client, keys, path, status):
    response = client.get(path, **keys["team"])
    assert response.status_code == status, response.content[:300]
    if status == 403:
        assert error_of(response)["message"] == REFUSED
    assert client.get(path, **keys["personal"]).status_code == 200


def test_a_team_key_lists_only_its_teams_keys(client, user, keys):
    listed = client.get("/api/v1/keys", **keys["team"]).json()["results"]
    assert [(key["name"], key["team"]) for key in listed] == [("Acme CI", "acme")]
    assert client.get("/api/v1/keys", **keys["personal"]).json()["count"] == 2
