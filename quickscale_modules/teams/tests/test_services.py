"""services.py: teams, the owner rules, invitations, and the signals billing counts seats with."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from teamflows import make_team, make_user, membership, owners

from quickscale_modules.teams import services, signals
from quickscale_modules.teams.exceptions import (
    AlreadyInvited,
    AlreadyMember,
    InvitationUnusable,
    LastOwnerError,
    NotAllowed,
    TeamsError,
)
from quickscale_modules.teams.models import Invitation, Membership, Team
from quickscale_modules.teams.roles import ADMIN, MEMBER, OWNER

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """Every member_added / member_removed signal sent, as (signal name, team, user, membership)."""
    seen = []

    def listener(name):
        def receive(sender, team, user, membership, **kwargs):
            assert sender is Team
            seen.append((name, team, user, membership))

        return receive

    added, removed = listener("added"), listener("removed")
    signals.member_added.connect(added)
    signals.member_removed.connect(removed)
    yield seen
    signals.member_added.disconnect(added)
    signals.member_removed.disconnect(removed)


def test_create_team_makes_the_creator_its_owner_with_a_unique_slug(owner):
    first = services.create_team("Acme Corp", owner)
    second = services.create_team("Acme Corp", owner)
    assert (first.slug, second.slug) == ("acme-corp", "acme-corp-2")
    assert membership(owner, first).role == OWNER
    assert list(services.teams_for(owner)) == [first, second]
    assert services.member_count(first) == 1


def test_a_team_cannot_take_a_slug_the_modules_urls_use(owner):
    assert services.create_team("New", owner).slug == "new-team"
    assert services.create_team("!!!", owner).slug == "team"
    with pytest.raises(TeamsError, match="name"):
        services.create_team("   ", owner)


def test_signals_arrive_only_after_the_transaction_commits(
    owner, member_user, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        team = services.create_team("Acme", owner)
    assert received == [], "nothing is sent before the commit"
    for callback in callbacks:
        callback()
    assert [(name, team_, user) for name, team_, user, _ in received] == [("added", team, owner)]

    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(team, member_user.email, by=owner)
        joined = services.accept_invitation(services.invitation_token(invitation), member_user)
    assert received[-1] == ("added", team, member_user, joined)
    assert services.member_count(team) == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_member(joined, by=owner)
    name, team_, user, removed = received[-1]
    assert (name, team_, user, removed.pk, removed.role) == ("removed", team, member_user, joined.pk, MEMBER)
    assert services.member_count(team) == 1


def test_the_last_owner_cannot_leave_be_removed_or_be_demoted(team, owner, admin_user):
    mine = membership(owner, team)
    with pytest.raises(LastOwnerError, match="make someone else an owner"):
        services.leave_team(mine)
    with pytest.raises(LastOwnerError):
        services.change_role(mine, ADMIN, by=owner)
    # With a second owner the first may go; then the second is the last one.
    services.change_role(membership(admin_user, team), OWNER, by=owner)
    services.remove_member(mine, by=admin_user)
    with pytest.raises(LastOwnerError):
        services.leave_team(membership(admin_user, team))
    assert owners(team) == 1


def test_admins_manage_members_but_never_owners(team, owner, admin_user, member_user):
    with pytest.raises(NotAllowed, match="Only an owner"):
        services.remove_member(membership(owner, team), by=admin_user)
    with pytest.raises(NotAllowed, match="Only an owner"):
        services.change_role(membership(member_user, team), OWNER, by=admin_user)
    with pytest.raises(NotAllowed, match="Only an owner"):
        services.invite(team, "new@example.com", by=admin_user, role=OWNER)
    services.change_role(membership(member_user, team), ADMIN, by=admin_user)
    assert membership(member_user, team).role == ADMIN
    with pytest.raises(NotAllowed, match="role"):
        services.rename_team(team, "Nope", by=make_user("stranger@example.com"))
    with pytest.raises(TeamsError, match="not a role"):
        services.change_role(membership(member_user, team), "boss", by=owner)


def test_members_cannot_manage_anyone(team, owner, member_user):
    for attempt in (
        lambda: services.remove_member(membership(owner, team), by=member_user),
        lambda: services.change_role(membership(owner, team), MEMBER, by=member_user),
        lambda: services.invite(team, "x@example.com", by=member_user),
        lambda: services.rename_team(team, "Mine", by=member_user),
        lambda: services.delete_team(team, by=member_user),
    ):
        with pytest.raises(NotAllowed):
            attempt()
    assert Team.objects.get(pk=team.pk).name == "Acme"


def test_transfer_ownership_swaps_roles(team, owner, member_user):
    services.transfer_ownership(team, membership(member_user, team), by=owner)
    assert (membership(member_user, team).role, membership(owner, team).role) == (OWNER, ADMIN)
    with pytest.raises(TeamsError, match="already own"):
        services.transfer_ownership(team, membership(member_user, team), by=member_user)
    elsewhere = make_team("Elsewhere", make_user("e@example.com"))
    with pytest.raises(TeamsError, match="not a member of this team"):
        services.transfer_ownership(team, Membership.objects.get(team=elsewhere), by=member_user)


def test_rename_and_delete(team, owner, admin_user):
    services.rename_team(team, "  Acme Labs ", by=admin_user)
    assert Team.objects.get(pk=team.pk).name == "Acme Labs"
    with pytest.raises(NotAllowed):
        services.delete_team(team, by=admin_user)
    services.delete_team(team, by=owner)
    assert not Team.objects.filter(pk=team.pk).exists()
    assert not Membership.objects.filter(team_id=team.pk).exists()
    with pytest.raises(TeamsError, match="no longer exists"):
        services.rename_team(team, "Ghost", by=owner)


def test_invite_sends_one_email_with_a_link_that_works_once(team, owner):
    invitation = services.invite(team, " Grace@Example.com ", by=owner, role=ADMIN)
    assert invitation.email == "grace@example.com"
    (message,) = mail.outbox
    assert message.to == ["grace@example.com"]
    assert "Acme" in message.subject
    token = services.invitation_token(invitation)
    assert token in message.body
    html, _ = message.alternatives[0]
    assert token in html
    grace = make_user("grace@example.com")
    joined = services.accept_invitation(token, grace)
    assert (joined.team, joined.role) == (team, ADMIN)
    with pytest.raises(InvitationUnusable, match="already been used") as used:
        services.accept_invitation(token, grace)
    assert used.value.reason == "used"


@override_settings(QUICKSCALE_TEAMS_BASE_URL="https://app.example.com/")
def test_emails_sent_outside_a_request_link_to_the_base_url(team, owner):
    services.invite(team, "grace@example.com", by=owner)
    assert "https://app.example.com/t/invitations/" in mail.outbox[0].body


def test_inviting_a_member_or_the_same_address_twice_is_refused_clearly(team, owner, member_user):
    with pytest.raises(AlreadyMember, match=r"member@example\.com is already a member of Acme"):
        services.invite(team, "MEMBER@example.com", by=owner)
    services.invite(team, "grace@example.com", by=owner)
    with pytest.raises(AlreadyInvited, match="resend"):
        services.invite(team, "grace@example.com", by=owner)
    assert len(mail.outbox) == 1


def test_an_expired_invitation_can_be_sent_anew(team, owner):
    old = services.invite(team, "grace@example.com", by=owner)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(InvitationUnusable, match="expired") as expired:
        services.accept_invitation(services.invitation_token(old), make_user("grace@example.com"))
    assert expired.value.reason == "expired"
    new = services.invite(team, "grace@example.com", by=owner)
    assert Invitation.objects.get(pk=old.pk).status == Invitation.Status.REVOKED
    assert new.status == Invitation.Status.PENDING


@override_settings(QUICKSCALE_TEAMS_INVITATION_DAYS=2)
def test_invitations_expire_after_the_configured_days(team, owner):
    invitation = services.invite(team, "grace@example.com", by=owner)
    remaining = invitation.expires_at - timezone.now()
    assert timedelta(days=1, hours=23) < remaining <= timedelta(days=2)


def test_resend_replaces_the_link_and_revoke_kills_it(team, owner, member_user):
    invitation = services.invite(team, "grace@example.com", by=owner)
    first = services.invitation_token(invitation)
    resent = services.resend_invitation(invitation, by=owner)
    second = services.invitation_token(resent)
    assert first != second and len(mail.outbox) == 2
    assert second in mail.outbox[1].body
    with pytest.raises(InvitationUnusable) as replaced:
        services.invitation_from_token(first)
    assert replaced.value.reason == "replaced"
    with pytest.raises(NotAllowed):
        services.revoke_invitation(resent, by=member_user)
    services.revoke_invitation(resent, by=owner)
    with pytest.raises(InvitationUnusable, match="withdrawn"):
        services.invitation_from_token(second)
    with pytest.raises(TeamsError, match="no longer pending"):
        services.resend_invitation(resent, by=owner)


def test_a_forged_token_is_refused(team, owner):
    invitation = services.invite(team, "grace@example.com", by=owner)
    with pytest.raises(InvitationUnusable) as forged:
        services.invitation_from_token(invitation.key + ":forged")
    assert forged.value.reason == "invalid"


def test_accepting_when_already_a_member_keeps_the_membership(team, owner):
    invitation = services.invite(team, "grace@example.com", by=owner, role=ADMIN)
    grace = make_user("grace@example.com")
    existing = Membership.objects.create(team=team, user=grace, role=MEMBER)  # joined meanwhile, another way
    assert services.accept_invitation(services.invitation_token(invitation), grace) == existing
    assert services.member_count(team) == 4 and membership(grace, team).role == MEMBER


def test_last_used_team_follows_the_member(owner):
    assert services.last_used_team(owner) is None
    first, second = make_team("Alpha", owner), make_team("Beta", owner)
    assert services.last_used_team(owner) == first
    services.remember_team(membership(owner, second))
    assert services.last_used_team(owner) == second


def test_personal_team_is_made_once_and_can_be_switched_off(owner):
    team = services.create_personal_team(owner)
    assert (team.name, team.slug, team.is_personal) == ("Personal", "owner", True)
    assert services.create_personal_team(owner) == team
    with override_settings(QUICKSCALE_TEAMS_PERSONAL_TEAM=False):
        assert services.create_personal_team(make_user("b@example.com")) is None


def test_reading_helpers_for_anonymous_users(team):
    from django.contrib.auth.models import AnonymousUser

    assert list(services.teams_for(AnonymousUser())) == []
    assert services.get_membership(AnonymousUser(), team) is None
    assert not services.can(None, "view")


def test_teams_allowing_an_action_follow_the_role_table(team, owner, admin_user, member_user):
    other = make_team("Beta", member_user, member=[admin_user])
    assert list(services.teams_allowing(owner, "manage_api_keys")) == [team]
    assert list(services.teams_allowing(admin_user, "manage_api_keys")) == [team]  # a member of Beta only
    assert list(services.teams_allowing(member_user, "manage_api_keys")) == [other]
    assert list(services.teams_allowing(admin_user, "delete")) == []
    from django.contrib.auth.models import AnonymousUser

    assert list(services.teams_allowing(AnonymousUser(), "view")) == []
