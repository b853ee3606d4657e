"""Team names are one line and invitation subjects plain text; an invitation whose email cannot be sent is not
left behind (security review, issue 24, finding 10)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from teamflows import url

from quickscale_modules.teams import services
from quickscale_modules.teams.exceptions import TeamsError
from quickscale_modules.teams.models import Invitation, Team
from testsupport.projects import free_port

ONE_LINE = "A team name is one line: remove the line breaks and control characters."
# What a header injection through the name would look like, and the other characters that break a line.
BROKEN = [
    "Acme\nBcc: all@example.com",
    "Acme\r\nLabs",
    "Acme\rLabs",
    "Acme\u2028Labs",
    "Acme\x0bLabs",
    "Acme\x00",
    "Acme\n",
]


def nowhere():
    """Django's SMTP backend pointed at a port nothing listens on: sending fails as a down mail server does."""
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=free_port()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", BROKEN)
def test_the_services_refuse_a_name_of_more_than_one_line(team, owner, name):
    with pytest.raises(TeamsError, match=f"^{re.escape(ONE_LINE)}$"):
        services.create_team(name, owner)
    with pytest.raises(TeamsError, match=f"^{re.escape(ONE_LINE)}$"):
        services.rename_team(team, name, by=owner)
    assert Team.objects.get(pk=team.pk).name == "Acme" and Team.objects.count() == 1


@pytest.mark.django_db
def test_a_name_too_long_for_its_column_is_refused_in_a_sentence(team, owner):
    with pytest.raises(TeamsError, match=r"^A team name has at most 100 characters; shorten it\.$"):
        services.rename_team(team, "x" * 101, by=owner)
    assert services.rename_team(team, f" {'x' * 98} ", by=owner).name == "x" * 98


@pytest.mark.django_db
def test_the_pages_say_what_is_wrong_with_a_name(as_owner, team):
    for path, field in ((url("create"), "name"), (url("settings", team), "name")):
        response = as_owner.post(path, {field: "Acme\r\nLabs"})
        assert response.status_code == 200 and ONE_LINE in response.content.decode(), path
    assert list(Team.objects.values_list("name", flat=True)) == ["Acme"]


@pytest.mark.django_db
def test_the_admin_refuses_it_too(client, team, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(email="root@example.com", password="pw"))
    inline = {f"memberships-{name}": "0" for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS")}
    path = f"/admin/quickscale_teams/team/{team.pk}/change/"
    refused = client.post(path, {"name": "Acme\r\nLabs", "slug": "acme", **inline})
    assert refused.status_code == 200 and ONE_LINE in refused.content.decode()
    assert client.post(path, {"name": "Acme Labs", "slug": "acme", **inline}).status_code == 302
    assert Team.objects.get(pk=team.pk).name == "Acme Labs"


@pytest.mark.django_db
def test_the_invitation_subject_is_plain_text_on_one_line(team, owner):
    services.rename_team(team, "R&D <Labs>", by=owner)
    services.invite(team, "grace@example.com", by=owner)
    Team.objects.filter(pk=team.pk).update(name="Old\nname  from before")  # a name saved before names were checked
    services.invite(team, "linus@example.com", by=owner)
    assert [message.subject for message in mail.outbox] == [
        "You are invited to join R&D <Labs>",
        "You are invited to join Old name from before",
    ]


@pytest.mark.django_db
def test_an_invitation_whose_email_cannot_be_sent_is_not_kept(team, owner):
    with nowhere(), pytest.raises(TeamsError, match="could not be sent, so no invitation was made; try again later"):
        services.invite(team, "grace@example.com", by=owner)
    assert not Invitation.objects.exists()
    services.invite(team, "grace@example.com", by=owner)  # the mail server is back: nothing stands in the way
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_resend_that_cannot_be_sent_changes_nothing(team, owner):
    invitation = services.invite(team, "grace@example.com", by=owner)
    token, expires_at = services.invitation_token(invitation), invitation.expires_at
    with nowhere(), pytest.raises(TeamsError, match="could not be sent; the earlier link still works"):
        services.resend_invitation(invitation, by=owner)
    assert services.invitation_from_token(token).expires_at == expires_at


@pytest.mark.django_db
def test_the_invitations_page_says_so_instead_of_failing(client, team, owner):
    client.force_login(owner)
    with nowhere():
        response = client.post(url("invitations", team), {"email": "grace@example.com", "role": "member"})
    assert response.status_code == 200 and "could not be sent" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_puts_existing_names_on_one_line():
    before = [("quickscale_teams", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_team = executor.loader.project_state(before).apps.get_model("quickscale_teams", "Team")
    names = {"multi": "R&D\r\n  Labs\u2028West", "blank": "\n\t\n", "fine": "Acme  Corp", "long": "y" * 99 + "\nz"}
    rows = {key: old_team.objects.create(name=name, slug=key) for key, name in names.items()}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("quickscale_teams"))
    cleaned = {key: Team.objects.get(pk=row.pk).name for key, row in rows.items()}
    assert cleaned == {"multi": "R&D Labs West", "blank": "Team", "fine": "Acme  Corp", "long": "y" * 99}
