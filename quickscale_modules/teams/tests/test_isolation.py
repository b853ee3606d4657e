"""Isolation, property-based: random teams, users, memberships, invitations and team-scoped notes; every user
sees exactly their teams' rows on every URL of the module and of the sample model, and every other access
is a 404 (or 403 for a member whose role does not allow the page, which reveals nothing of other teams)."""

from __future__ import annotations

import os

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from notes.models import Note
from teamflows import url

from quickscale_modules.teams.models import Invitation, Membership, Team
from quickscale_modules.teams.roles import ADMIN, MEMBER, OWNER, allows

EXAMPLES = int(os.environ.get("QS_TEAMS_ISOLATION_EXAMPLES", "200"))
ROLES = st.sampled_from([None, OWNER, ADMIN, MEMBER])  # None: not a member

# Every team page a member reaches with GET, and the permission each needs (roles.PERMISSIONS).
TEAM_PAGES = {"members": "view", "invitations": "invite", "settings": "view", "leave": "leave", "delete": "delete"}
# Every team action on one membership or invitation: the URL, the permission, what is posted.
MEMBERSHIP_ACTIONS = {"remove_member": ("remove_member", {}), "change_role": ("change_role", {"role": MEMBER})}
MEMBERSHIP_ACTIONS["transfer_ownership"] = ("transfer_ownership", {})
INVITATION_ACTIONS = {"revoke_invitation": "invite", "resend_invitation": "invite"}


@st.composite
def worlds(draw):
    teams = draw(st.integers(1, 3))
    users = draw(st.integers(1, 2))
    roles = draw(st.lists(st.lists(ROLES, min_size=teams, max_size=teams), min_size=users, max_size=users))
    notes = draw(st.lists(st.integers(0, 2), min_size=teams, max_size=teams))
    return roles, notes


def build(roles, notes):
    from django.contrib.auth import get_user_model

    teams = Team.objects.bulk_create(Team(name=f"Team {i}", slug=f"team-{i}") for i in range(len(notes)))
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"user{i}@example.com") for i in range(len(roles))
    )
    Membership.objects.bulk_create(
        Membership(team=teams[t], user=users[u], role=role)
        for u, row in enumerate(roles)
        for t, role in enumerate(row)
        if role is not None
    )
    Note.objects.bulk_create(
        Note(team=teams[t], title=f"note {t}.{n}") for t, count in enumerate(notes) for n in range(count)
    )
    Invitation.objects.bulk_create(
        Invitation(team=team, email=f"guest{team.pk}@example.com", key=f"key-{team.pk}", expires_at="2999-01-01T00:00Z")
        for team in teams
    )
    return teams, users


def check_user(client: Client, user, role_in: dict[int, str]) -> None:
    """Every URL for `user`: each object URL with one of the team's own objects and one of another team's.

    role_in maps team pk -> role for the teams the user belongs to."""
    client.force_login(user)
    listing = client.get(reverse("quickscale_teams:team_list")).content.decode()
    teams = list(Team.objects.all())
    for team in teams:
        assert (f'href="/t/{team.slug}/members/"' in listing) == (team.pk in role_in)

    notes = list(Note.objects.all())
    memberships = list(Membership.objects.all())
    invitations = list(Invitation.objects.all())
    for team in teams:
        role = role_in.get(team.pk)
        for page, permission in TEAM_PAGES.items():
            status = client.get(url(page, team)).status_code
            assert status == (404 if role is None else 200 if allows(role, permission) else 403), (page, role)

        note_list = client.get(reverse("note_list", kwargs={"team_slug": team.slug}))
        if role is None:
            assert note_list.status_code == 404
        else:
            shown = sorted(note.title for note in note_list.context["object_list"])
            assert shown == sorted(note.title for note in notes if note.team_id == team.pk)

        for note in _own_and_foreign(notes, team):
            visible = role is not None and note.team_id == team.pk
            kwargs = {"team_slug": team.slug, "pk": note.pk}
            detail = client.get(reverse("note_detail", kwargs=kwargs))
            assert detail.status_code == (200 if visible else 404)
            assert (note.title in detail.content.decode()) == visible
        for note in _foreign(notes, team):
            edit = client.get(reverse("note_edit", kwargs={"team_slug": team.slug, "pk": note.pk})).status_code
            assert edit == (403 if role == MEMBER else 404), role

        # Another team's membership or invitation through this team's URL: never found, never changed.
        for other in _foreign(memberships, team):
            for action, (permission, data) in MEMBERSHIP_ACTIONS.items():
                status = client.post(url(action, team, membership_id=other.pk), data).status_code
                assert status == (404 if role is None or allows(role, permission) else 403), (action, role)
        for other in _foreign(invitations, team):
            for action, permission in INVITATION_ACTIONS.items():
                status = client.post(url(action, team, invitation_id=other.pk)).status_code
                assert status == (404 if role is None or allows(role, permission) else 403), (action, role)
    assert sorted(Membership.objects.values_list("pk", "role")) == sorted((m.pk, m.role) for m in memberships)
    assert sorted(Invitation.objects.values_list("key", "status")) == sorted((i.key, i.status) for i in invitations)


def _own_and_foreign(rows: list, team: Team) -> list:
    """One row of `team` and one of another team, those that exist."""
    return _foreign(rows, team) + [row for row in rows if row.team_id == team.pk][:1]


def _foreign(rows: list, team: Team) -> list:
    return [row for row in rows if row.team_id != team.pk][:1]


@pytest.mark.django_db
@settings(
    max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(world=worlds())
def test_every_user_sees_exactly_their_teams_rows(world):
    roles, notes = world
    with transaction.atomic():
        teams, users = build(roles, notes)
        for user, row in zip(users, roles, strict=True):
            check_user(
                Client(), user, {team.pk: role for team, role in zip(teams, row, strict=True) if role is not None}
            )
        transaction.set_rollback(True)
