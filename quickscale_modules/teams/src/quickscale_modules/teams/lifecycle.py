"""The teams module's part when a user's data is exported or their account deleted (the lifecycle protocol:
quickscale_modules.auth.hooks collects these functions from every installed app)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from quickscale_modules.teams import services
from quickscale_modules.teams.exceptions import TeamsError
from quickscale_modules.teams.models import Invitation, Membership, Team
from quickscale_modules.teams.roles import OWNER


def export_user_data(user) -> dict:
    """The user's teams and roles, and the invitations they sent and received (never the secret in the link)."""
    memberships = Membership.objects.filter(user=user).select_related("team").order_by("team__name", "pk")
    invitations = Invitation.objects.select_related("team").order_by("created_at", "pk")
    received = invitations.filter(Q(accepted_by=user) | Q(email__in=_addresses_of(user)))
    return {
        "teams": [
            {
                "name": membership.team.name,
                "slug": membership.team.slug,
                "personal": membership.team.is_personal,
                "role": membership.role,
                "joined_at": membership.created_at.isoformat(),
            }
            for membership in memberships
        ],
        "invitations_sent": [
            {"email": invitation.email, **_invitation(invitation)} for invitation in invitations.filter(invited_by=user)
        ],
        "invitations_received": [_invitation(invitation) for invitation in received],
    }


def user_deletion_blocker(user) -> str | None:
    """The last owner of a team with other members must hand it over or delete it first; and a team only the user
    is in, which goes with the account, must be deletable (another module may hold it back)."""
    stuck = [team.name for team in _teams_only_the_user_owns(user).filter(members__gt=1)]
    if len(stuck) == 1:
        return (
            f"You are the last owner of {stuck[0]}, which has other members: make another member an owner, or delete"
            " the team, first."
        )
    if stuck:
        return (
            f"You are the last owner of {_and(stuck)}, which have other members: make another member an owner of"
            " each, or delete them, first."
        )
    from quickscale_modules.auth.hooks import deletion_blockers

    for team in _teams_only_the_user_owns(user).filter(members=1):
        reasons = deletion_blockers("team_deletion_blocker", team)
        if reasons:
            return reasons[0]
    return None


def delete_user_data(user) -> list[str]:
    """Withdraw the invitations the user sent, leave every team, and delete each team the user is the only member
    of (through the delete-team service, so every module's team hooks run). Runs again harmlessly; when a team
    cannot be left or deleted now, DeletionRefused with the teams module's sentence stops the account's deletion."""
    from quickscale_modules.auth.hooks import DeletionRefused

    done = []
    withdrawn = services.revoke_invitations_sent_by(user)
    if withdrawn:
        done.append(f"withdrew {withdrawn} pending invitation(s) you sent")
    for membership in Membership.objects.filter(user=user).select_related("team").order_by("team__name", "pk"):
        name = membership.team.name
        try:
            hooks_done = services.leave_or_delete_team(membership)
        except TeamsError as refusal:
            raise DeletionRefused(str(refusal)) from refusal
        if hooks_done is None:
            done.append(f"left the team {name}")
        else:
            done += [f"deleted the team {name}, of which you were the only member", *hooks_done]
    return done


def _invitation(invitation: Invitation) -> dict:
    return {
        "team": invitation.team.name,
        "role": invitation.role,
        "status": invitation.status,
        "created_at": invitation.created_at.isoformat(),
        "expires_at": invitation.expires_at.isoformat(),
    }


def _addresses_of(user) -> set[str]:
    """Every address of the user, lower case as invitations store them (allauth's addresses, when installed)."""
    own = getattr(user, get_user_model().get_email_field_name(), "") or ""
    addresses = {own.lower()} if own else set()
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        addresses |= {email.lower() for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return addresses


def _teams_only_the_user_owns(user):
    """The teams in which the user is the one owner, annotated with `members`."""
    owned = Membership.objects.filter(user=user, role=OWNER).values("team_id")
    return (
        Team.objects.filter(pk__in=owned)
        .annotate(owners=Count("memberships", filter=Q(memberships__role=OWNER)), members=Count("memberships"))
        .filter(owners=1)
        .order_by("name", "pk")
    )


def _and(names: list[str]) -> str:
    return f"{', '.join(names[:-1])} and {names[-1]}"
