"""Who may accept an invitation: only the account with the invited address, verified; and an invitation lives
only as long as its inviter may still grant what it offers (security review, issue 24, finding 5)."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from teamflows import make_user, membership, url

from quickscale_modules.teams import services
from quickscale_modules.teams.exceptions import InvitationUnusable, NotTheInvitee
from quickscale_modules.teams.models import Invitation, Membership
from quickscale_modules.teams.roles import ADMIN, MEMBER, OWNER

pytestmark = pytest.mark.django_db

OTHER_ACCOUNT = "This invitation is for another email address"


def token_of(invitation: Invitation) -> str:
    return services.invitation_token(invitation)


def status_of(invitation: Invitation) -> str:
    return Invitation.objects.get(pk=invitation.pk).status


def test_another_signed_in_account_cannot_take_the_invitation_even_as_owner(team, owner):
    invitation = services.invite(team, "grace@example.com", by=owner, role=OWNER)
    mallory = make_user("mallory@example.com")
    with pytest.raises(NotTheInvitee, match=OTHER_ACCOUNT) as refused:
        services.accept_invitation(token_of(invitation), mallory)
    assert refused.value.reason == "other_account"
    assert not Membership.objects.filter(team=team, user=mallory).exists()
    assert status_of(invitation) == Invitation.Status.PENDING, "the invitee can still use it"
    joined = services.accept_invitation(token_of(invitation), make_user("grace@example.com"))
    assert joined.role == OWNER


def test_the_invited_address_must_be_verified_and_is_compared_without_case(team, owner):
    invitation = services.invite(team, "grace@example.com", by=owner, role=ADMIN)
    grace = make_user("Grace@Example.COM", verified=False)
    with pytest.raises(NotTheInvitee, match=r"^Verify Grace@Example\.COM before you join") as refused:
        services.accept_invitation(token_of(invitation), grace)
    assert refused.value.reason == "unverified"
    assert not Membership.objects.filter(team=team, user=grace).exists()
    EmailAddress.objects.filter(user=grace).update(verified=True)
    assert services.accept_invitation(token_of(invitation), grace).role == ADMIN


def test_a_second_verified_address_of_the_account_counts(team, owner):
    invitation = services.invite(team, "grace@work.example", by=owner)
    grace = make_user("grace@home.example")
    EmailAddress.objects.create(user=grace, email="grace@work.example", primary=False, verified=True)
    assert services.accept_invitation(token_of(invitation), grace).team == team


def test_demoting_the_inviter_below_invite_revokes_their_pending_invitations(team, owner, admin_user):
    sent = [services.invite(team, f"{name}@example.com", by=admin_user) for name in ("ann", "bob")]
    by_owner = services.invite(team, "cy@example.com", by=owner)
    services.change_role(membership(admin_user, team), MEMBER, by=owner)
    assert [status_of(invitation) for invitation in sent] == [Invitation.Status.REVOKED] * 2
    assert status_of(by_owner) == Invitation.Status.PENDING
    with pytest.raises(InvitationUnusable, match="withdrawn"):
        services.accept_invitation(token_of(sent[0]), make_user("ann@example.com"))


def test_an_owner_stepping_down_loses_only_the_owner_invitations(team, owner, admin_user):
    services.change_role(membership(admin_user, team), OWNER, by=owner)
    as_owner = services.invite(team, "ann@example.com", by=owner, role=OWNER)
    as_admin = services.invite(team, "bob@example.com", by=owner, role=ADMIN)
    services.change_role(membership(owner, team), ADMIN, by=admin_user)
    assert (status_of(as_owner), status_of(as_admin)) == (Invitation.Status.REVOKED, Invitation.Status.PENDING)
    services.accept_invitation(token_of(as_admin), make_user("bob@example.com"))

    again = services.invite(team, "cy@example.com", by=admin_user, role=OWNER)
    services.transfer_ownership(team, membership(owner, team), by=admin_user)  # admin_user steps down to admin
    assert status_of(again) == Invitation.Status.REVOKED


@pytest.mark.parametrize("how", ["removed", "leaves"])
def test_an_inviter_who_leaves_the_team_takes_their_invitations_along(team, owner, admin_user, how):
    invitation = services.invite(team, "ann@example.com", by=admin_user)
    mine = membership(admin_user, team)
    services.remove_member(mine, by=owner) if how == "removed" else services.leave_team(mine)
    assert status_of(invitation) == Invitation.Status.REVOKED


def test_acceptance_itself_checks_that_the_inviter_may_still_grant_the_role(team, owner, admin_user, member_user):
    """Roles changed outside the services (the Django admin, a shell) revoke nothing: accepting still checks."""
    admins_invitation = services.invite(team, "ann@example.com", by=admin_user)
    owners_invitation = services.invite(team, "bob@example.com", by=owner, role=OWNER)
    Membership.objects.filter(team=team, user=admin_user).update(role=MEMBER)
    Membership.objects.filter(team=team, user=owner).update(role=ADMIN)
    for invitation, email in ((admins_invitation, "ann@example.com"), (owners_invitation, "bob@example.com")):
        with pytest.raises(InvitationUnusable, match="withdrawn") as refused:
            services.accept_invitation(token_of(invitation), make_user(email))
        assert refused.value.reason == "revoked"
    assert not Membership.objects.filter(team=team, user__email__in=["ann@example.com", "bob@example.com"]).exists()


def test_an_invitation_whose_inviter_account_is_gone_is_withdrawn(team, owner, admin_user):
    invitation = services.invite(team, "ann@example.com", by=admin_user)
    admin_user.delete()
    assert status_of(invitation) == Invitation.Status.REVOKED
    with pytest.raises(InvitationUnusable, match="withdrawn"):
        services.invitation_from_token(token_of(invitation))


# The invitation page


def test_the_page_tells_another_account_to_switch_and_reveals_nothing_more(client, team, owner):
    invitation = services.invite(team, "grace@example.com", by=owner, role=ADMIN)
    link = url("accept_invitation", token=token_of(invitation))
    client.force_login(make_user("mallory@example.com"))
    page = client.get(link)
    html = page.content.decode()
    assert page.status_code == 200 and OTHER_ACCOUNT in html
    assert "grace@example.com" not in html and "Admin" not in html and "owner@example.com" not in html
    assert "Join Acme</button>" not in html
    # One click logs out and comes back to the link, where the invitee signs in or up.
    assert 'action="/accounts/logout/"' in html and f'name="next" value="{link}"' in html
    refused = client.post(link)
    assert refused.status_code == 403 and OTHER_ACCOUNT in refused.content.decode()
    assert Membership.objects.filter(team=team).count() == 3
    assert client.post("/accounts/logout/", {"next": link})["Location"] == link


def test_the_page_tells_an_unverified_invitee_how_to_verify(client, team, owner):
    invitation = services.invite(team, "grace@example.com", by=owner)
    link = url("accept_invitation", token=token_of(invitation))
    grace = make_user("grace@example.com", verified=False)
    client.force_login(grace)
    html = client.get(link).content.decode()
    assert "Verify grace@example.com before you join" in html
    assert 'href="/accounts/email/"' in html and "Join Acme</button>" not in html
    assert client.post(link).status_code == 403
    EmailAddress.objects.filter(user=grace).update(verified=True)
    assert "Join Acme</button>" in client.get(link).content.decode()
    assert client.post(link)["Location"] == url("members", team)
