"""Helpers shared by the tests: users, teams with members, and the URLs of the module's pages."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from quickscale_modules.teams import services
from quickscale_modules.teams.models import Membership, Team
from quickscale_modules.teams.roles import OWNER

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str = "ada@example.com", verified: bool = True):
    """A user who can log in through allauth (a verified primary address) or be force-logged-in."""
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def make_team(name: str, creator, **members) -> Team:
    """A team owned by `creator`, with extra members given as role=[users] (admin=[...], member=[...])."""
    team = services.create_team(name, creator)
    for role, users in members.items():
        Membership.objects.bulk_create(Membership(team=team, user=user, role=role) for user in users)
    return team


def membership(user, team) -> Membership:
    return Membership.objects.get(user=user, team=team)


def owners(team) -> int:
    return Membership.objects.filter(team=team, role=OWNER).count()


def url(name: str, team: Team | None = None, **kwargs) -> str:
    if team is not None:
        kwargs["team_slug"] = team.slug
    return reverse(f"quickscale_teams:{name}", kwargs=kwargs)
