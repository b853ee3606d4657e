"""Every action x every role (+ non-member, + anonymous) over HTTP, from roles.PERMISSIONS: the table the
docs show (test_the_docs_show_the_same_table checks they agree)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from teamflows import make_team, make_user, membership, url

from quickscale_modules.teams import services
from quickscale_modules.teams.models import Invitation, Membership, Team
from quickscale_modules.teams.roles import ADMIN, MEMBER, OWNER, PERMISSIONS, Role

DOCS = Path(__file__).resolve().parents[3] / "docs" / "modules" / "teams.md"
ACTORS = [OWNER, ADMIN, MEMBER, "non-member", "anonymous"]


@dataclass
class World:
    team: Team
    users: dict[str, object]
    target: Membership
    invitation: Invitation


@dataclass(frozen=True)
class Action:
    permission: str
    method: str
    path: Callable[[World], str]
    data: Callable[[World], dict]
    done: Callable[[World], bool]


def _exists(model, **lookup) -> bool:
    return model.objects.filter(**lookup).exists()


ACTIONS: dict[str, Action] = {
    "view members": Action("view", "get", lambda w: url("members", w.team), lambda w: {}, lambda w: True),
    "invite": Action(
        "invite",
        "post",
        lambda w: url("invitations", w.team),
        lambda w: {"email": "new@example.com", "role": MEMBER},
        lambda w: _exists(Invitation, team=w.team, email="new@example.com"),
    ),
    "resend an invitation": Action(
        "invite",
        "post",
        lambda w: url("resend_invitation", w.team, invitation_id=w.invitation.pk),
        lambda w: {},
        lambda w: Invitation.objects.get(pk=w.invitation.pk).key != w.invitation.key,
    ),
    "revoke an invitation": Action(
        "invite",
        "post",
        lambda w: url("revoke_invitation", w.team, invitation_id=w.invitation.pk),
        lambda w: {},
        lambda w: Invitation.objects.get(pk=w.invitation.pk).status == Invitation.Status.REVOKED,
    ),
    "remove a member": Action(
        "remove_member",
        "post",
        lambda w: url("remove_member", w.team, membership_id=w.target.pk),
        lambda w: {},
        lambda w: not _exists(Membership, pk=w.target.pk),
    ),
    "change a role": Action(
        "change_role",
        "post",
        lambda w: url("change_role", w.team, membership_id=w.target.pk),
        lambda w: {"role": ADMIN},
        lambda w: _exists(Membership, pk=w.target.pk, role=ADMIN),
    ),
    "rename the team": Action(
        "rename",
        "post",
        lambda w: url("settings", w.team),
        lambda w: {"name": "Renamed"},
        lambda w: _exists(Team, pk=w.team.pk, name="Renamed"),
    ),
    "leave the team": Action(
        "leave",
        "post",
        lambda w: url("leave", w.team),
        lambda w: {},
        lambda w: Membership.objects.filter(team=w.team).count() == 4,  # of the five
    ),
    "transfer ownership": Action(
        "transfer_ownership",
        "post",
        lambda w: url("transfer_ownership", w.team, membership_id=w.target.pk),
        lambda w: {},
        lambda w: _exists(Membership, pk=w.target.pk, role=OWNER),
    ),
    "delete the team": Action(
        "delete",
        "post",
        lambda w: url("delete", w.team),
        lambda w: {"confirm_name": "Acme"},
        lambda w: not _exists(Team, pk=w.team.pk),
    ),
}


@pytest.fixture
def world(db) -> World:
    """Acme with two owners (so an owner may leave), an admin, a member, a target member, and an invitation."""
    users = {role: make_user(f"{role}@example.com") for role in (OWNER, ADMIN, MEMBER, "non-member")}
    co_owner, target = make_user("co-owner@example.com"), make_user("target@example.com")
    team = make_team("Acme", users[OWNER], owner=[co_owner], admin=[users[ADMIN]], member=[users[MEMBER], target])
    invitation = services.invite(team, "invited@example.com", by=users[OWNER])
    return World(team=team, users=users, target=membership(target, team), invitation=invitation)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", ACTIONS)
def test_role_matrix(client, world, name, actor):
    action = ACTIONS[name]
    if actor != "anonymous":
        client.force_login(world.users[actor])
    response = getattr(client, action.method)(action.path(world), action.data(world))
    if actor == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert action.method == "get" or not action.done(world)
    elif actor == "non-member":
        assert response.status_code == 404, "no existence leak: a non-member sees the same as for no team"
        assert action.method == "get" or not action.done(world)
    elif actor in PERMISSIONS[action.permission]:
        assert response.status_code == (200 if action.method == "get" else 302)
        assert action.done(world), f"{actor} may {name}, but it did not happen"
    else:
        assert response.status_code == 403
        assert action.method == "get" or not action.done(world)


@pytest.mark.parametrize("role", Role.values)
def test_billing_is_for_the_roles_the_table_gives(db, role):
    holder = Membership(role=role)
    assert services.can(holder, "manage_billing") == (role in PERMISSIONS["manage_billing"])


@pytest.mark.parametrize("role", Role.values)
def test_api_keys_are_for_the_roles_the_table_gives(db, role):
    holder = Membership(role=role)
    assert services.can(holder, "manage_api_keys") == (role in PERMISSIONS["manage_api_keys"])


def test_every_permission_has_an_http_action_or_is_a_service_check():
    service_checks = {"manage_billing", "manage_api_keys"}
    assert {a.permission for a in ACTIONS.values()} | service_checks == set(PERMISSIONS)


def _docs_table() -> dict[str, frozenset[str]]:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Roles", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        row = re.match(r"\|\s*`(\w+)`[^|]*\|(.*)\|\s*$", line)
        if row:
            cells = [cell.strip() for cell in row.group(2).split("|")]
            allowed = (role for role, cell in zip((OWNER, ADMIN, MEMBER), cells, strict=True) if cell == "yes")
            table[row.group(1)] = frozenset(allowed)
    return table


def test_the_docs_show_the_same_table():
    assert _docs_table() == PERMISSIONS
