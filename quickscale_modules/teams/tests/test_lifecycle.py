"""Deleting a team runs every installed module's team hooks (the sample notes app has some); a user's teams data
is exported, their deletion blocked while they are the last owner of a team with others, and their teams left or
deleted with the account (the lifecycle protocol, quickscale_modules.auth.hooks)."""

from __future__ import annotations

import json

import pytest
from notes.models import Note
from teamflows import make_team, make_user, membership, url

from quickscale_modules.auth.hooks import delete_data, deletion_blockers, lifecycle_hooks
from quickscale_modules.teams import lifecycle, services
from quickscale_modules.teams.exceptions import TeamDeletionBlocked
from quickscale_modules.teams.models import Invitation, Membership, Team
from quickscale_modules.teams.roles import ADMIN, OWNER

pytestmark = pytest.mark.django_db

PINNED = "Unpin the pinned notes of Acme before you delete it."


def test_deleting_a_team_runs_every_modules_team_hooks_before_the_row_goes(team, owner):
    Note.objects.bulk_create([Note(team=team, title="Plan"), Note(team=team, title="Ideas")])
    assert services.delete_team(team, by=owner) == ["notes: deleted 2 notes of Acme"]
    assert not Team.objects.filter(pk=team.pk).exists()


ARCHIVED = "The archived notes of Acme could not be removed; try again tomorrow."


@pytest.mark.parametrize(
    ("title", "sentence"),
    [("Pinned: the plan", PINNED), ("Archived: 2024", ARCHIVED)],
    ids=["a blocker refuses", "a delete hook cannot do its part"],
)
def test_a_refused_deletion_says_why_and_deletes_nothing(client, team, owner, title, sentence):
    Note.objects.bulk_create([Note(team=team, title=title), Note(team=team, title="Plan")])
    with pytest.raises(TeamDeletionBlocked, match=f"^{sentence}$"):
        services.delete_team(team, by=owner)
    client.force_login(owner)
    response = client.post(url("delete", team), {"confirm_name": "Acme"}, follow=True)
    assert sentence in [str(message) for message in response.context["messages"]]
    assert Team.objects.filter(pk=team.pk).exists() and Note.objects.filter(team=team).count() == 2


def test_an_account_whose_team_cannot_go_now_stays_with_it(owner):
    from quickscale_modules.auth.hooks import DeletionRefused
    from quickscale_modules.auth.services import delete_account

    solo = make_team("Acme", owner)
    Note.objects.create(team=solo, title="Archived")
    with pytest.raises(DeletionRefused, match=f"^{ARCHIVED}$"):
        delete_account(owner)
    assert Team.objects.filter(pk=solo.pk).exists() and type(owner).objects.filter(pk=owner.pk).exists()
    Note.objects.filter(team=solo).update(title="Plan")
    delete_account(owner)
    assert not Team.objects.filter(pk=solo.pk).exists() and not type(owner).objects.filter(pk=owner.pk).exists()


def test_the_teams_hooks_are_found_with_the_other_apps(team):
    for name in ("export_user_data", "user_deletion_blocker", "delete_user_data"):
        assert "quickscale_teams" in [label for label, _ in lifecycle_hooks(name)], name
    assert "notes" in [label for label, _ in lifecycle_hooks("delete_team_data")]


def test_the_last_owner_of_a_team_with_others_is_told_what_to_do_first(team, owner, admin_user):
    assert deletion_blockers("user_deletion_blocker", owner) == [
        "You are the last owner of Acme, which has other members: make another member an owner, or delete the"
        " team, first."
    ]
    make_team("Beta", owner, member=[admin_user])
    assert lifecycle.user_deletion_blocker(owner) == (
        "You are the last owner of Acme and Beta, which have other members: make another member an owner of each,"
        " or delete them, first."
    )
    assert lifecycle.user_deletion_blocker(admin_user) is None, "an admin leaves; the team keeps its owner"
    services.change_role(membership(admin_user, team), OWNER, by=owner)
    services.delete_team(Team.objects.get(name="Beta"), by=owner)
    assert lifecycle.user_deletion_blocker(owner) is None


def test_a_team_that_would_go_with_the_account_must_be_deletable(owner):
    solo = make_team("Acme", owner)
    Note.objects.create(team=solo, title="Pinned")
    assert lifecycle.user_deletion_blocker(owner) == PINNED


def test_deleting_the_users_data_leaves_their_teams_and_deletes_those_only_they_are_in(
    team, owner, admin_user, member_user
):
    solo = make_team("Solo", admin_user)
    Note.objects.create(team=solo, title="Mine")
    sent = services.invite(team, "grace@example.com", by=admin_user)
    done = delete_data("delete_user_data", admin_user)
    assert [line for line in done if line.startswith("quickscale_teams:")] == [
        "quickscale_teams: withdrew 1 pending invitation(s) you sent",
        "quickscale_teams: left the team Acme",
        "quickscale_teams: deleted the team Solo, of which you were the only member",
        "quickscale_teams: notes: deleted 1 notes of Solo",  # through the delete-team service: every team hook
    ]
    assert not Team.objects.filter(pk=solo.pk).exists() and not Note.objects.filter(team_id=solo.pk).exists()
    assert not Membership.objects.filter(user=admin_user).exists()
    assert Invitation.objects.get(pk=sent.pk).status == Invitation.Status.REVOKED
    assert services.member_count(team) == 2
    assert lifecycle.delete_user_data(admin_user) == [], "a second run finds nothing to do"


def test_the_export_holds_teams_roles_and_invitations_but_no_link_secret(team, owner, admin_user):
    grace = make_user("grace@example.com")
    joined = services.invite(team, "grace@example.com", by=admin_user, role=ADMIN)
    services.accept_invitation(services.invitation_token(joined), grace)
    services.invite(team, "linus@example.com", by=admin_user)
    exported = lifecycle.export_user_data(admin_user)
    text = json.dumps(exported)
    assert [(t["name"], t["role"]) for t in exported["teams"]] == [("Acme", ADMIN)]
    assert [(i["email"], i["status"]) for i in exported["invitations_sent"]] == [
        ("grace@example.com", "accepted"),
        ("linus@example.com", "pending"),
    ]
    assert [(i["team"], i["role"]) for i in lifecycle.export_user_data(grace)["invitations_received"]] == [
        ("Acme", ADMIN)
    ]
    for invitation in Invitation.objects.all():
        assert invitation.key not in text and services.invitation_token(invitation) not in text
