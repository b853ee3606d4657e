"""The module's pages as a user meets them, with the Django test client."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone
from teamflows import PASSWORD, make_team, make_user, membership, owners, url

from quickscale_modules.teams import services
from quickscale_modules.teams.access import team_member_required, team_queryset
from quickscale_modules.teams.models import Invitation, Membership, Team
from quickscale_modules.teams.roles import ADMIN, MEMBER, OWNER

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "quickscale_modules" / "teams" / "templates"

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_team_list_create_and_current_team(as_owner, owner):
    assert "not in any team yet" in as_owner.get(url("team_list")).content.decode()
    assert as_owner.get(url("current"))["Location"] == url("team_list")
    form = as_owner.get(url("create")).content.decode()
    assert '<label for="id_name">Team name:</label>' in form
    response = as_owner.post(url("create"), {"name": "Acme Corp"}, follow=True)
    assert response.redirect_chain[-1][0] == "/t/acme-corp/members/"
    assert "Team Acme Corp created." in messages_of(response)
    assert as_owner.post(url("create"), {"name": ""}).status_code == 200
    beta = make_team("Beta", owner)
    as_owner.get(url("settings", beta))
    assert as_owner.get(url("current"))["Location"] == url("members", beta)
    assert as_owner.get(url("home", beta))["Location"] == url("members", beta)


def test_members_page_shows_controls_by_role(client, team, owner, member_user, admin_user):
    client.force_login(member_user)
    page = client.get(url("members", team)).content.decode()
    assert "owner@example.com" in page and "admin@example.com" in page
    assert "Change role" not in page and "Remove" not in page
    assert 'href="/t/acme/invitations/"' not in page
    client.force_login(owner)
    page = client.get(url("members", team)).content.decode()
    assert page.count("Change role") == 2 and "Make owner, become admin" in page
    assert f'<label for="role-{membership(member_user, team).pk}">Role of member@example.com</label>' in page


def test_role_changes_removals_and_their_refusals(as_owner, team, owner, admin_user, member_user):
    mine = membership(owner, team)
    response = as_owner.post(url("change_role", team, membership_id=membership(member_user, team).pk), {"role": "x"})
    assert response.status_code == 302
    assert membership(member_user, team).role == MEMBER
    # Removing yourself is leaving: the leave page.
    assert as_owner.post(url("remove_member", team, membership_id=mine.pk))["Location"] == url("leave", team)
    response = as_owner.post(url("leave", team), follow=True)
    assert any("make someone else an owner" in m for m in messages_of(response))
    response = as_owner.post(url("transfer_ownership", team, membership_id=mine.pk), follow=True)
    assert any("already own" in m for m in messages_of(response))
    as_owner.post(url("transfer_ownership", team, membership_id=membership(admin_user, team).pk))
    assert (membership(admin_user, team).role, membership(owner, team).role) == (OWNER, ADMIN)


def test_an_admin_is_told_when_the_target_is_an_owner(client, team, owner, admin_user):
    client.force_login(admin_user)
    target = membership(owner, team).pk
    response = client.post(url("remove_member", team, membership_id=target), follow=True)
    assert "Only an owner can remove an owner." in messages_of(response)
    response = client.post(url("change_role", team, membership_id=target), {"role": MEMBER}, follow=True)
    assert any("Only an owner" in m for m in messages_of(response))
    assert owners(team) == 1


def test_invitations_page_invites_refuses_duplicates_resends_and_withdraws(client, team, admin_user, member_user):
    client.force_login(admin_user)
    page = client.get(url("invitations", team)).content.decode()
    assert 'value="owner"' not in page, "an admin cannot invite owners"
    assert client.post(url("invitations", team), {"email": "grace@example.com", "role": MEMBER}).status_code == 302
    again = client.post(url("invitations", team), {"email": "grace@example.com", "role": MEMBER})
    assert "already invited to Acme; resend the invitation instead." in again.content.decode()
    member = client.post(url("invitations", team), {"email": member_user.email, "role": MEMBER})
    assert "member@example.com is already a member of Acme." in member.content.decode()
    invitation = Invitation.objects.get(email="grace@example.com")
    assert "grace@example.com" in client.get(url("invitations", team)).content.decode()
    client.post(url("resend_invitation", team, invitation_id=invitation.pk))
    assert len(mail.outbox) == 2
    client.post(url("revoke_invitation", team, invitation_id=invitation.pk))
    response = client.post(url("resend_invitation", team, invitation_id=invitation.pk), follow=True)
    assert "That invitation is no longer pending." in messages_of(response)
    response = client.post(url("revoke_invitation", team, invitation_id=invitation.pk), follow=True)
    assert "That invitation is no longer pending." in messages_of(response)
    assert "No pending invitations." in client.get(url("invitations", team)).content.decode()


def test_settings_rename_leave_and_delete_by_typing_the_name(client, team, owner, member_user):
    client.force_login(member_user)
    page = client.get(url("settings", team)).content.decode()
    assert "owners and admins can rename" in page and "Delete this team" not in page
    assert client.post(url("settings", team), {"name": "Mine"}).status_code == 403
    assert "Leave Acme?" in client.get(url("leave", team)).content.decode()
    response = client.post(url("leave", team), follow=True)
    assert response.redirect_chain[-1][0] == url("team_list") and "You left Acme." in messages_of(response)

    client.force_login(owner)
    assert client.post(url("settings", team), {"name": ""}).status_code == 200
    client.post(url("settings", team), {"name": "Acme Labs"})
    assert Team.objects.get(pk=team.pk).name == "Acme Labs"
    wrong = client.post(url("delete", team), {"confirm_name": "acme labs"})
    assert "type it exactly to delete the team" in wrong.content.decode()
    assert Team.objects.filter(pk=team.pk).exists()
    response = client.post(url("delete", team), {"confirm_name": "Acme Labs"}, follow=True)
    assert "Team Acme Labs deleted." in messages_of(response)
    assert not Team.objects.filter(pk=team.pk).exists()


def test_invitation_link_for_someone_signed_out_then_signed_in(client, team, owner):
    invitation = services.invite(team, "grace@example.com", by=owner, role=ADMIN)
    link = url("accept_invitation", token=services.invitation_token(invitation))
    page = client.get(link).content.decode()
    assert "owner@example.com invited you to join as Admin." in page
    assert f'href="/accounts/signup/?next={link.replace("/", "%2F").replace(":", "%3A")}"' in page
    assert client.post(link)["Location"].startswith("/accounts/login/?next=")
    grace = make_user("grace@example.com")
    client.force_login(grace)
    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == url("members", team)
    assert "Welcome to Acme." in messages_of(response)
    assert membership(grace, team).role == ADMIN
    used = client.get(link)
    assert used.status_code == 410 and "already been used" in used.content.decode()
    assert client.post(link).status_code == 410


def test_expired_and_withdrawn_links_get_a_clear_page(client, team, owner):
    expired = services.invite(team, "old@example.com", by=owner)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    withdrawn = services.revoke_invitation(services.invite(team, "gone@example.com", by=owner), by=owner)
    for invitation, text in ((expired, "expired"), (withdrawn, "withdrawn")):
        response = client.get(url("accept_invitation", token=services.invitation_token(invitation)))
        assert response.status_code == 410 and text in response.content.decode()
    client.force_login(make_user("old@example.com"))
    response = client.post(url("accept_invitation", token=services.invitation_token(expired)))
    assert response.status_code == 410 and "expired" in response.content.decode()


def test_signing_up_gives_a_personal_team(client):
    response = client.post(
        "/accounts/signup/", {"email": "grace@example.com", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    (personal,) = Membership.objects.filter(user__email="grace@example.com").select_related("team")
    assert (personal.team.name, personal.team.slug, personal.role) == ("Personal", "grace", OWNER)


def test_guards_without_a_team_in_the_url(rf: RequestFactory, owner):
    @team_member_required(role=ADMIN)
    def view(request):
        raise AssertionError("not reached")

    request = rf.get("/")
    request.user = owner
    with pytest.raises(Exception, match="No team in this URL"):
        view(request)
    with pytest.raises(Exception, match="No team in this URL"):
        team_queryset(request, Team)


def test_templates_have_no_inline_scripts_or_styles():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=", text), template
        if "{% extends" in text:
            assert '{% extends "base.html" %}' in text and "<h1" in text, template


def test_the_admin_lists_teams_members_and_invitations(client, team, owner, member_user, django_user_model):
    services.invite(team, "grace@example.com", by=owner)
    client.force_login(django_user_model.objects.create_superuser(email="root@example.com", password=PASSWORD))
    pages = {
        "/admin/quickscale_teams/team/": team.name,
        f"/admin/quickscale_teams/team/{team.pk}/change/": member_user.email,  # the members inline
        "/admin/quickscale_teams/membership/?role__exact=member": member_user.email,
        "/admin/quickscale_teams/invitation/?q=grace": "grace@example.com",
    }
    for path, shown in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert shown in response.content.decode(), path
