"""Isolation through the API, property-based (as the teams module's own test_isolation.py): random teams,
users and memberships; each user, with their API key, lists exactly their teams and each team's members, and
every request for a team they are not in, or for another team's membership through a team's URL, is a 404
(or a 403 for a member whose role does not allow the action, which reveals nothing of other teams). A team
key of the user's reaches its team alone."""

from __future__ import annotations

import os

import pytest
from apiflows import with_key
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quickscale_modules.api import services as api_services
from quickscale_modules.api.models import UserAPIKey
from quickscale_modules.teams.models import Membership, Team
from quickscale_modules.teams.roles import ADMIN, MEMBER, OWNER, allows

EXAMPLES = int(os.environ.get("QS_API_ISOLATION_EXAMPLES", "100"))
ROLES = st.sampled_from([None, OWNER, ADMIN, MEMBER])  # None: not a member

# What is sent to a membership of another team through a team's URL, and the permission each needs.
MEMBERSHIP_ACTIONS = {"patch": ("change_role", {"role": MEMBER}), "delete": ("remove_member", None)}


@st.composite
def worlds(draw):
    teams = draw(st.integers(1, 3))
    users = draw(st.integers(1, 3))
    return draw(st.lists(st.lists(ROLES, min_size=teams, max_size=teams), min_size=users, max_size=users))


def build(roles):
    teams = Team.objects.bulk_create(Team(name=f"Team {i}", slug=f"team-{i}") for i in range(len(roles[0])))
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"user{i}@example.com") for i in range(len(roles))
    )
    Membership.objects.bulk_create(
        Membership(team=teams[t], user=users[u], role=role)
        for u, row in enumerate(roles)
        for t, role in enumerate(row)
        if role is not None
    )
    return teams, users


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body["next"] is None  # one page holds every row here: nothing is left unseen
    return body["results"]


def check_user(client: Client, user, role_in: dict[int, str]) -> None:
    """Every endpoint for `user`, for every team; role_in maps team pk -> role for the user's teams."""
    headers = with_key(api_services.create_key(user, "isolation")[1])
    teams = list(Team.objects.all())
    memberships = list(Membership.objects.all())

    listed = results(client.get("/api/v1/teams", **headers))
    assert sorted(t["slug"] for t in listed) == sorted(t.slug for t in teams if t.pk in role_in)
    assert all(t["role"] == role_in[Team.objects.get(slug=t["slug"]).pk] for t in listed)

    for team in teams:
        role = role_in.get(team.pk)
        base = f"/api/v1/teams/{team.slug}"
        detail = client.get(base, **headers)
        assert detail.status_code == (404 if role is None else 200)
        rename = client.patch(base, {"name": team.name}, content_type="application/json", **headers)
        assert rename.status_code == (404 if role is None else 200 if allows(role, "rename") else 403), role
        if role is None:
            assert client.post(f"{base}/leave", **headers).status_code == 404
            assert client.get(f"{base}/memberships", **headers).status_code == 404
        else:
            shown = sorted(m["id"] for m in results(client.get(f"{base}/memberships?page_size=200", **headers)))
            assert shown == sorted(m.pk for m in memberships if m.team_id == team.pk)

        # Another team's membership through this team's URL: never found, never changed.
        for other in [m for m in memberships if m.team_id != team.pk][:2]:
            for method, (permission, body) in MEMBERSHIP_ACTIONS.items():
                response = getattr(client, method)(
                    f"{base}/memberships/{other.pk}", body, content_type="application/json", **headers
                )
                expected = 404 if role is None or allows(role, permission) else 403
                assert response.status_code == expected, (method, role)
                assert response.json()["error"]["code"] == ("not_found" if expected == 404 else "permission_denied")
    assert sorted(Membership.objects.values_list("pk", "role")) == sorted((m.pk, m.role) for m in memberships)
    assert sorted(Team.objects.values_list("slug", "name")) == sorted((t.slug, t.name) for t in teams)
    check_team_keys(client, user, teams, role_in)


def check_team_keys(client: Client, user, teams: list[Team], role_in: dict[int, str]) -> None:
    """A key of each of the user's teams lists that team alone, and every other team is a 404 to it."""
    for team in teams:
        if team.pk not in role_in:
            continue
        _, secret = UserAPIKey.objects.create_key(user=user, name="team key", team_id=team.pk)
        headers = with_key(secret)
        assert [t["slug"] for t in results(client.get("/api/v1/teams", **headers))] == [team.slug]
        for other in teams:
            if other.pk != team.pk:
                assert client.get(f"/api/v1/teams/{other.slug}", **headers).status_code == 404
                assert client.get(f"/api/v1/teams/{other.slug}/memberships", **headers).status_code == 404


@pytest.mark.django_db
@settings(
    max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(roles=worlds())
def test_every_user_reaches_exactly_their_teams_through_the_api(roles):
    cache.clear()  # throttle counters: each world's users start with none
    with transaction.atomic():
        teams, users = build(roles)
        for user, row in zip(users, roles, strict=True):
            check_user(Client(), user, {t.pk: role for t, role in zip(teams, row, strict=True) if role is not None})
        transaction.set_rollback(True)
