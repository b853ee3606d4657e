"""Impersonation (django-hijack): superusers only, never of another superuser, a banner on every page, audited
at both ends, and no password, two-factor or API-key change while it lasts."""

from __future__ import annotations

import pytest
from adminflows import make_superuser, make_user

from quickscale_modules.admin.models import AuditEntry

pytestmark = pytest.mark.django_db


def impersonate(client, user):
    return client.post("/hijack/acquire/", {"user_pk": user.pk, "next": "/"})


def test_a_superuser_works_on_behalf_of_a_user_under_a_banner_and_stops(client):
    member = make_user("member@example.com")
    root = make_superuser()
    client.force_login(root)
    assert impersonate(client, member).status_code == 302
    page = client.get("/").content.decode()
    assert "You are working on behalf of <strong>member@example.com</strong>." in page
    assert 'action="/hijack/release/"' in page and "onclick" not in page
    assert client.post("/hijack/release/", {"next": "/"}).status_code == 302
    assert "qs-impersonation" not in client.get("/").content.decode()
    events = list(AuditEntry.objects.order_by("pk").values_list("event", "actor_email", "object_repr"))
    assert events[-2:] == [
        ("impersonation_started", "root@example.com", "member@example.com"),
        ("impersonation_ended", "root@example.com", "member@example.com"),
    ]


@pytest.mark.parametrize("who", ["staff", "user"])
def test_only_superusers_may_impersonate(client, who):
    member = make_user("member@example.com")
    client.force_login(make_user("other@example.com", is_staff=who == "staff"))
    assert impersonate(client, member).status_code == 403
    assert not AuditEntry.objects.filter(event="impersonation_started").exists()


def test_a_superuser_cannot_impersonate_another_superuser(client):
    client.force_login(make_superuser())
    assert impersonate(client, make_superuser("other-root@example.com")).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/api/keys/",
        "/accounts/email/",
        "/accounts/data/",
        "/accounts/delete/",
    ],
)
def test_passwords_mfa_and_api_keys_cannot_be_changed_while_impersonating(client, path):
    member = make_user("member@example.com")
    client.force_login(make_superuser())
    impersonate(client, member)
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 403, path
        assert "cannot be changed while you work on" in response.content.decode()
    client.post("/hijack/release/")
    assert client.get(path).status_code in (200, 302)


def test_changes_made_while_impersonating_name_the_superuser(client):
    member = make_user("member@example.com")
    client.force_login(make_superuser())
    impersonate(client, member)
    from quickscale_modules.teams.services import create_team

    response = client.post("/t/new/", {"name": "Made for them"})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(event="created", object_repr="Made for them").get()
    assert entry.actor_email == "root@example.com"
    assert entry.additional_data == {"on_behalf_of": "member@example.com"}
    assert create_team  # the team came through the teams module's own page
