"""The Django admin's login goes through allauth: staff get two-factor and the rate limits like everyone else."""

from __future__ import annotations

import pyotp
import pytest
from authflows import PASSWORD, enable_totp, log_in, make_user
from django.contrib.auth import get_user_model

LOCKED_OUT = "Too many failed login attempts. Try again later."


@pytest.fixture
def staff(db):
    user = make_user("root@example.com")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_the_admin_login_page_sends_visitors_to_the_allauth_login(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_password_posted_to_the_admin_login_opens_no_session(client, staff):
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_staff_with_totp_get_no_admin_session_from_a_password_alone(client, staff):
    log_in(client, staff.email)
    secret = enable_totp(client)
    client.post("/accounts/logout/")

    response = client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302, "the admin must not open before the code"
    assert "_auth_user_id" not in client.session

    done = client.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_sixth_wrong_staff_password_in_a_row_is_refused(client, staff):
    for _ in range(5):
        wrong = client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": "not-it"})
        assert LOCKED_OUT not in wrong.content.decode()
    refused = client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": PASSWORD})
    assert LOCKED_OUT in refused.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_user_without_staff_status_is_refused_by_the_admin(signed_in):
    assert signed_in.get("/admin/login/").status_code == 403


def test_closed_sign_up_shows_the_closed_page_and_creates_nobody(client, db, settings):
    settings.QUICKSCALE_AUTH_ALLOW_SIGNUP = False
    page = client.get("/accounts/signup/")
    assert "Sign Up Closed" in page.content.decode()
    assert "base.html" in [template.name for template in page.templates]

    client.post("/accounts/signup/", {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD})
    assert not get_user_model().objects.filter(email="new@example.com").exists()
    assert client.get("/accounts/login/").status_code == 200, "login stays open"
