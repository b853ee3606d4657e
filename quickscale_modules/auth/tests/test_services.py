"""services.py: what project code calls."""

from __future__ import annotations

import pytest
from authflows import enable_totp
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from quickscale_modules.auth.services import enabled_social_providers, has_two_factor, is_email_verified


@pytest.mark.django_db
def test_is_email_verified(user, unverified_user):
    assert is_email_verified(user)
    assert not is_email_verified(unverified_user)
    assert not is_email_verified(AnonymousUser())
    assert not is_email_verified(None)


def test_has_two_factor(signed_in, user):
    assert not has_two_factor(user)
    assert not has_two_factor(AnonymousUser())
    enable_totp(signed_in)
    assert has_two_factor(user)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/members/", "/members-cbv/"])
def test_verified_email_required_sends_anonymous_users_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


@pytest.mark.parametrize("path", ["/members/", "/members-cbv/"])
def test_verified_email_required_lets_verified_users_in(signed_in, path):
    response = signed_in.get(path)
    assert response.status_code == 200
    assert response.content.decode().startswith("members only")


@pytest.mark.parametrize("path", ["/members/", "/members-cbv/"])
def test_verified_email_required_stops_unverified_users_and_resends_the_email(client, unverified_user, path):
    client.force_login(unverified_user)  # e.g. a superuser made with createsuperuser, never confirmed
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "members only" not in html
    assert "Verify Your Email Address" in html
    assert "base.html" in [template.name for template in response.templates]
    (message,) = mail.outbox
    assert message.to == ["grace@example.com"]


@pytest.mark.django_db
def test_no_social_provider_is_enabled_without_credentials():
    assert enabled_social_providers() == []
