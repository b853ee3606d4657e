"""Who may reach the teams module's URLs, for the project's authorization test (tests/urlaccess.py in a
generated project explains the format). The world gets two teams: the actors' (owner, admin, member) and
another team owned by `other`."""

from django.contrib.auth import get_user_model

from quickscale_modules.teams import services
from quickscale_modules.teams.models import Invitation, Membership
from quickscale_modules.teams.roles import ADMIN, MEMBER


def _team(target) -> dict:
    return {"team_slug": target.team.slug}


def _membership(role: str):
    """A URL about the team's member with `role` (never the acting user's own membership)."""
    return lambda target: {**_team(target), "membership_id": target.world.teams_memberships[target.team.pk][role].pk}


def _invitation(target) -> dict:
    return {**_team(target), "invitation_id": target.world.teams_invitations[target.team.pk].pk}


ROWS = {
    "quickscale_teams:team_list": {"GET": "signed in"},
    "quickscale_teams:create": {"GET,POST": "signed in"},
    "quickscale_teams:current": {"GET": "signed in"},
    "quickscale_teams:home": {"GET": "member", "kwargs": _team},
    "quickscale_teams:members": {"GET": "member", "kwargs": _team},
    "quickscale_teams:change_role": {"POST": "admin", "kwargs": _membership(MEMBER), "data": {"role": ADMIN}},
    "quickscale_teams:remove_member": {"POST": "admin", "kwargs": _membership(MEMBER)},
    "quickscale_teams:transfer_ownership": {"POST": "owner", "kwargs": _membership(ADMIN)},
    "quickscale_teams:invitations": {"GET,POST": "admin", "kwargs": _team},
    "quickscale_teams:resend_invitation": {"POST": "admin", "kwargs": _invitation},
    "quickscale_teams:revoke_invitation": {"POST": "admin", "kwargs": _invitation},
    "quickscale_teams:settings": {"GET": "member", "POST": "admin", "kwargs": _team},
    "quickscale_teams:leave": {"GET,POST": "member", "kwargs": _team},
    "quickscale_teams:delete": {"GET,POST": "owner", "kwargs": _team},
    # The link of an invitation to the `user` actor's address: theirs to accept, nobody else's.
    "quickscale_teams:accept_invitation": {
        "GET": "public",
        "POST": {"level": "signed in", "member": "403", "admin": "403", "owner": "403", "staff": "403"},
        "kwargs": lambda target: {"token": services.invitation_token(target.world.teams_invitations["user"])},
        "other": None,
    },
}


def populate(world) -> None:
    """The actors' team and another one, each with an owner, an admin and a member, and a pending invitation."""
    users = get_user_model()._default_manager
    world.teams_memberships, world.teams_invitations = {}, {}
    world.team = _team_of(world, world.users["owner"], world.users["admin"], world.users["member"], "Actors")
    others = [users.create_user(email=f"other-{role}@authorization.test") for role in (ADMIN, MEMBER)]
    world.other_team = _team_of(world, world.users["other"], *others, "Others")
    world.teams_invitations["user"] = _invitation_to(world.team, world.users["user"].email, world.users["owner"])


def _team_of(world, owner, admin, member, name: str):
    team = services.create_team(name, owner)
    world.teams_memberships[team.pk] = {
        ADMIN: Membership.objects.create(team=team, user=admin, role=ADMIN),
        MEMBER: Membership.objects.create(team=team, user=member, role=MEMBER),
    }
    world.teams_invitations[team.pk] = _invitation_to(team, f"invited-{team.pk}@authorization.test", owner)
    return team


def _invitation_to(team, email: str, owner) -> Invitation:
    """A pending invitation, made without sending its email."""
    return Invitation.objects.create(
        team=team, email=email, role=MEMBER, invited_by=owner, key=services._new_key(), expires_at=services._expiry()
    )
