"""The scripted scenario of issue 25: a failed sign-in, a sign-in, a role change, an API key, a flag toggled, a
setting changed and an impersonation leave exactly the expected audit entries, each with who, from where
and which request."""

from __future__ import annotations

import pytest
from adminflows import PASSWORD, entries, make_superuser, make_user, sign_in

from quickscale_modules.admin.models import AuditEntry, Flag

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_of_two():
    from quickscale_modules.teams import services as teams

    owner = make_user("owner@example.com")
    member = make_user("member@example.com")
    team = teams.create_team("Acme", owner)
    from quickscale_modules.teams.models import Membership

    membership = Membership.objects.create(team=team, user=member, role="member")
    return team, owner, member, membership


def test_the_scenario_leaves_exactly_the_expected_entries(client, team_of_two):
    from quickscale_modules.api.models import UserAPIKey

    team, _, member, membership = team_of_two
    make_superuser()
    Flag.objects.create(name="beta")
    AuditEntry.objects.all().delete()  # the set-up's own entries (users, team) are not the scenario

    assert sign_in(client, "owner@example.com", "wrong-password", **{"X-Request-ID": "req-1"}).status_code == 200
    assert sign_in(client, "owner@example.com", PASSWORD).status_code == 302
    response = client.post(f"/t/{team.slug}/members/{membership.pk}/role/", {"role": "admin"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post("/api/keys/", {"name": "laptop"}).status_code == 200
    key = UserAPIKey.objects.get(name="laptop")
    client.logout()

    assert sign_in(client, "root@example.com").status_code == 302
    flag = Flag.objects.get(name="beta")
    response = client.post(
        f"/admin/quickscale_admin/flag/{flag.pk}/change/",
        {"name": "beta", "everyone": "true", "superusers": "on", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        "/admin/constance/config/",
        {
            "SITE_NAME": "Acme",
            "SUPPORT_EMAIL": "support@example.com",
            "ANNOUNCEMENT": "",
            "version": _constance_version(client),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post("/hijack/acquire/", {"user_pk": member.pk, "next": "/"}).status_code == 302
    assert client.post("/hijack/release/", {"next": "/admin/"}).status_code == 302

    assert entries() == [
        ("sign_in_failed", "", "owner@example.com"),
        ("sign_in", "owner@example.com", "owner@example.com"),
        ("role_changed", "owner@example.com", "member@example.com in Acme (Admin)"),
        ("api_key_created", "owner@example.com", str(key)),
        ("sign_in", "root@example.com", "root@example.com"),
        ("flag_changed", "root@example.com", "beta"),
        ("admin_action", "root@example.com", "feature flag: beta"),
        ("setting_changed", "root@example.com", "SITE_NAME"),
        ("admin_action", "root@example.com", "config: Config"),
        ("impersonation_started", "root@example.com", "member@example.com"),
        ("impersonation_ended", "root@example.com", "member@example.com"),
    ]
    failed = AuditEntry.objects.get(event="sign_in_failed")
    assert (failed.remote_addr, failed.cid) == ("127.0.0.1", "req-1")
    role = AuditEntry.objects.get(event="role_changed")
    assert role.changes == {"role": ["member", "admin"]}
    setting = AuditEntry.objects.get(event="setting_changed")
    assert setting.changes == {"SITE_NAME": ["testproject", "Acme"]}
    assert all(entry.cid for entry in AuditEntry.objects.all())


def _constance_version(client) -> str:
    import re

    html = client.get("/admin/constance/config/").content.decode()
    return re.search(r'name="version" value="([^"]+)"', html)[1]
