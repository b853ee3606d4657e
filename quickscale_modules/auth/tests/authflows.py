"""What a person does on the auth pages, as test helpers: sign up, log in, confirm the password, turn on 2FA."""

from __future__ import annotations

import re

import pyotp
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str = "ada@example.com", *, verified: bool = True, password: str = PASSWORD):
    user = get_user_model().objects.create_user(email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def log_in(client, email: str = "ada@example.com", password: str = PASSWORD):
    """Log in through the real login form, so allauth records the authentication as for a person."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()
    return response


def reauthenticate(client, password: str = PASSWORD) -> None:
    """Confirm the password again, as allauth asks before two-factor changes."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()


def enable_totp(client) -> str:
    """Turn on the authenticator app as a person does: read the secret off the page, send the app's code.

    Returns the secret, from which a test computes later codes as the user's phone would."""
    reauthenticate(client)
    html = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', html)[1]
    response = client.post("/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.content.decode()
    return secret
