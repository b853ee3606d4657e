"""Runtime settings edited in the admin: the site's name and the announcement on pages, and maintenance mode
(a styled 503 with Retry-After for everyone but staff; health checks and sign-in stay open)."""

from __future__ import annotations

import pytest
from adminflows import make_user
from constance import config

pytestmark = pytest.mark.django_db


def test_maintenance_mode_shows_visitors_and_users_a_503_with_retry_after(client):
    config.MAINTENANCE_MODE = True
    for signed_in in (False, True):
        if signed_in:
            client.force_login(make_user())
        response = client.get("/")
        assert response.status_code == 503
        assert response["Retry-After"] == "600"
        page = response.content.decode()
        assert "We'll be back soon" in page and "testproject is down for maintenance" in page
        assert "quickscale_admin/maintenance.css" in page and "<style" not in page and "<script" not in page
        assert "mailto:support@example.com" in page


def test_staff_health_checks_and_sign_in_pass_during_maintenance(client):
    config.MAINTENANCE_MODE = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz/ready").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/accounts/2fa/authenticate/").status_code == 302  # allauth's own answer, not the 503
    assert client.get("/admin/login/")["Location"] == "/accounts/login/?next=%2Fadmin%2Flogin%2F"  # the auth module's
    client.force_login(make_user("staff@example.com", is_staff=True))
    assert client.get("/").status_code == 200


def test_the_site_is_open_again_when_maintenance_ends(client):
    config.MAINTENANCE_MODE = True
    config.MAINTENANCE_MODE = False
    assert client.get("/").status_code == 200


def test_the_announcement_and_the_site_name_show_without_a_deploy(client):
    assert "qs-announcement" not in client.get("/").content.decode()
    config.ANNOUNCEMENT = "Scheduled maintenance on Sunday 02:00 UTC"
    config.SITE_NAME = "Acme Cloud"
    page = client.get("/").content.decode()
    assert '<p class="qs-announcement" role="status">Scheduled maintenance on Sunday 02:00 UTC</p>' in page
    assert "Home of Acme Cloud" in page
    client.force_login(make_user("root@example.com", is_staff=True, is_superuser=True))
    admin_page = client.get("/admin/").content.decode()
    assert "<title>Site administration | Acme Cloud admin</title>" in admin_page
    assert 'Acme Cloud <span class="qs-admin-suffix">admin</span>' in admin_page


def test_changing_a_setting_is_audited_once_with_before_and_after():
    from quickscale_modules.admin.models import AuditEntry

    config.SUPPORT_EMAIL = "help@example.com"
    config.SUPPORT_EMAIL = "help@example.com"
    (entry,) = AuditEntry.objects.filter(event="setting_changed")
    assert entry.changes == {"SUPPORT_EMAIL": ["support@example.com", "help@example.com"]}
