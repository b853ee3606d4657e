"""/api/v1/teams: the user's teams and members, scoped and checked by the teams module (404 outside, 403 by role)."""

from __future__ import annotations

import pytest
from apiflows import error_of, make_user, with_key

from quickscale_modules.api import services as api_services
from quickscale_modules.teams import services
from quickscale_modules.teams.models import Membership, Team
from quickscale_modules.teams.roles import ADMIN, MEMBER, OWNER


def key_of(user) -> dict[str, str]:
    return with_key(api_services.create_key(user, "tests")[1])


@pytest.fixture
def people(db):
    return {role: make_user(f"{role}@example.com") for role in ("owner", "admin", "member", "outsider")}


@pytest.fixture
def team(people) -> Team:
    """Acme: one owner, one admin, one member; the outsider has a team of their own (Elsewhere)."""
    team = services.create_team("Acme", people["owner"])
    Membership.objects.create(team=team, user=people["admin"], role=ADMIN)
    Membership.objects.create(team=team, user=people["member"], role=MEMBER)
    services.create_team("Elsewhere", people["outsider"])
    return team


def patch(client, path: str, body: dict, headers: dict):
    return client.patch(path, body, content_type="application/json", **headers)


def test_the_list_holds_the_users_teams_with_their_role_and_no_other(client, people, team):
    services.create_team("Zeta", people["member"])
    body = client.get("/api/v1/teams", **key_of(people["member"])).json()
    assert body["count"] == 2 and body["next"] is None
    assert [(t["slug"], t["name"], t["role"], t["is_personal"]) for t in body["results"]] == [
        ("acme", "Acme", MEMBER, False),
        ("zeta", "Zeta", OWNER, False),
    ]
    assert set(body["results"][0]) == {"slug", "name", "is_personal", "created_at", "role"}


def test_the_list_is_paginated(client, people):
    for number in range(3):
        services.create_team(f"Team {number}", people["owner"])
    page = client.get("/api/v1/teams?page_size=2&page=2", **key_of(people["owner"])).json()
    assert page["count"] == 3 and [t["name"] for t in page["results"]] == ["Team 2"]
    assert client.get("/api/v1/teams?page=3&page_size=2", **key_of(people["owner"])).status_code == 404


def test_a_team_is_retrieved_by_slug_by_its_members_only(client, people, team):
    assert client.get("/api/v1/teams/acme", **key_of(people["admin"])).json()["role"] == ADMIN
    for path in ("/api/v1/teams/acme", "/api/v1/teams/no-such-team"):
        response = client.get(path, **key_of(people["outsider"]))
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("admin", 200), ("member", 403), ("outsider", 404)])
def test_renaming_follows_the_role_table(client, people, team, who, status):
    response = patch(client, "/api/v1/teams/acme", {"name": "  Acme Labs "}, key_of(people[who]))
    assert response.status_code == status
    team.refresh_from_db()
    assert team.name == ("Acme Labs" if status == 200 else "Acme") and team.slug == "acme"
    if status == 200:
        assert response.json()["name"] == "Acme Labs" and response.json()["slug"] == "acme"
    else:
        assert error_of(response)["code"] == ("permission_denied" if status == 403 else "not_found")


@pytest.mark.parametrize("name", ["", "   ", "\u3000\t", "x" * 101, "nul\u0000inside"])
def test_a_name_the_services_would_refuse_is_a_400(client, people, team, name):
    response = patch(client, "/api/v1/teams/acme", {"name": name}, key_of(people["owner"]))
    assert response.status_code == 400 and "name" in error_of(response)["details"]
    assert Team.objects.get(pk=team.pk).name == "Acme"


@pytest.mark.parametrize(
    "name", ["Acme\nBcc: all@example.com", "Acme\r\nLabs", "Acme\u2028Labs", "Acme\tLabs", "Acme\n"]
)
def test_a_name_of_more_than_one_line_is_a_400_with_the_teams_sentence(client, people, team, name):
    response = patch(client, "/api/v1/teams/acme", {"name": name}, key_of(people["owner"]))
    assert response.status_code == 400
    assert error_of(response)["details"] == {
        "name": ["A team name is one line: remove the line breaks and control characters."]
    }
    assert Team.objects.get(pk=team.pk).name == "Acme"


def test_the_schema_pattern_of_a_name_is_the_teams_services_own(client, db):
    schemas = client.get("/api/v1/schema/", {"format": "json"}).json()["components"]["schemas"]
    assert schemas["PatchedTeamRenameRequest"]["properties"]["name"]["pattern"] == services.TEAM_NAME_PATTERN


def test_a_patch_without_a_name_changes_nothing(client, people, team):
    response = patch(client, "/api/v1/teams/acme", {}, key_of(people["owner"]))
    assert response.status_code == 200 and response.json()["name"] == "Acme"


def test_put_and_delete_of_a_team_are_not_offered(client, people, team):
    headers = key_of(people["owner"])
    assert (
        client.put("/api/v1/teams/acme", {"name": "x"}, content_type="application/json", **headers).status_code == 405
    )
    assert client.delete("/api/v1/teams/acme", **headers).status_code == 405
    assert Team.objects.filter(pk=team.pk).exists()


def test_a_member_leaves_and_then_the_team_is_a_404(client, people, team):
    headers = key_of(people["member"])
    assert client.post("/api/v1/teams/acme/leave", **headers).status_code == 204
    assert not Membership.objects.filter(team=team, user=people["member"]).exists()
    assert client.get("/api/v1/teams/acme", **headers).status_code == 404
    assert client.post("/api/v1/teams/acme/leave", **headers).status_code == 404


def test_the_last_owner_cannot_leave(client, people, team):
    response = client.post("/api/v1/teams/acme/leave", **key_of(people["owner"]))
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "conflict" and "make someone else an owner" in error["message"]
    assert Membership.objects.filter(team=team, user=people["owner"], role=OWNER).exists()


def test_outsiders_cannot_leave_a_team_they_are_not_in(client, people, team):
    assert client.post("/api/v1/teams/acme/leave", **key_of(people["outsider"])).status_code == 404


def test_members_list_shows_role_and_email_in_joining_order(client, people, team):
    body = client.get("/api/v1/teams/acme/memberships", **key_of(people["member"])).json()
    assert [(m["email"], m["role"]) for m in body["results"]] == [
        ("owner@example.com", OWNER),
        ("admin@example.com", ADMIN),
        ("member@example.com", MEMBER),
    ]
    assert set(body["results"][0]) == {"id", "email", "role", "joined_at"}
    assert client.get("/api/v1/teams/acme/memberships", **key_of(people["outsider"])).status_code == 404


def membership_path(team: Team, user) -> str:
    return f"/api/v1/teams/{team.slug}/memberships/{Membership.objects.get(team=team, user=user).pk}"


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("admin", 200), ("member", 403), ("outsider", 404)])
def test_changing_a_role_follows_the_role_table(client, people, team, who, status):
    response = patch(client, membership_path(team, people["member"]), {"role": ADMIN}, key_of(people[who]))
    assert response.status_code == status
    expected = ADMIN if status == 200 else MEMBER
    assert Membership.objects.get(team=team, user=people["member"]).role == expected
    if status == 200:
        assert response.json()["role"] == ADMIN and response.json()["email"] == "member@example.com"


def test_only_an_owner_acts_on_an_owner(client, people, team):
    response = patch(client, membership_path(team, people["owner"]), {"role": MEMBER}, key_of(people["admin"]))
    assert response.status_code == 403 and "Only an owner" in error_of(response)["message"]
    response = client.delete(membership_path(team, people["owner"]), **key_of(people["admin"]))
    assert response.status_code == 403
    assert Membership.objects.get(team=team, user=people["owner"]).role == OWNER


def test_the_last_owner_is_not_demoted_or_removed(client, people, team):
    headers = key_of(people["owner"])
    response = patch(client, membership_path(team, people["owner"]), {"role": ADMIN}, headers)
    assert response.status_code == 409 and error_of(response)["code"] == "conflict"
    assert client.delete(membership_path(team, people["owner"]), **headers).status_code == 409
    assert Membership.objects.get(team=team, user=people["owner"]).role == OWNER


def test_a_role_that_is_not_one_is_a_400(client, people, team):
    response = patch(client, membership_path(team, people["member"]), {"role": "king"}, key_of(people["owner"]))
    assert response.status_code == 400 and "role" in error_of(response)["details"]


@pytest.mark.parametrize(("who", "status"), [("owner", 204), ("admin", 204), ("member", 403), ("outsider", 404)])
def test_removing_a_member_follows_the_role_table(client, people, team, who, status):
    response = client.delete(membership_path(team, people["member"]), **key_of(people[who]))
    assert response.status_code == status
    assert Membership.objects.filter(team=team, user=people["member"]).exists() == (status != 204)


def test_another_teams_membership_through_this_teams_url_is_a_404(client, people, team):
    elsewhere = Membership.objects.get(team__slug="elsewhere")
    headers = key_of(people["owner"])
    for response in (
        patch(client, f"/api/v1/teams/acme/memberships/{elsewhere.pk}", {"role": MEMBER}, headers),
        client.delete(f"/api/v1/teams/acme/memberships/{elsewhere.pk}", **headers),
        client.delete(f"/api/v1/teams/acme/memberships/{2**63}", **headers),
    ):
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert Membership.objects.get(pk=elsewhere.pk).role == OWNER


def test_the_session_works_as_a_key_does(client, people, team):
    client.force_login(people["admin"])
    assert client.get("/api/v1/teams/acme/memberships").json()["count"] == 3


def test_a_role_patch_without_a_role_changes_nothing(client, people, team):
    response = patch(client, membership_path(team, people["member"]), {}, key_of(people["owner"]))
    assert response.status_code == 200 and response.json()["role"] == MEMBER


def test_a_name_that_is_not_a_string_is_a_400(client, people, team):
    response = patch(client, "/api/v1/teams/acme", {"name": 0}, key_of(people["owner"]))
    assert response.status_code == 400 and "name" in error_of(response)["details"]
