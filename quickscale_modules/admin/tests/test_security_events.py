"""Security events a person causes on the account pages: turning two-factor authentication on and off."""

from __future__ import annotations

import re
import time

import pytest
from adminflows import PASSWORD, make_user, sign_in
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from quickscale_modules.admin.models import AuditEntry

# allauth announces MFA changes when their transaction commits: real commits here, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_adding_and_removing_an_authenticator_app_is_audited(client):
    make_user("ada@example.com")
    sign_in(client, "ada@example.com")
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    html = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', html)[1]
    assert client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)}).status_code == 302
    assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302

    events = AuditEntry.objects.filter(event__startswith="mfa").order_by("pk")
    assert [(e.event, e.actor_email, e.additional_data) for e in events] == [
        ("mfa_added", "ada@example.com", {"type": "totp"}),
        ("mfa_added", "ada@example.com", {"type": "recovery_codes"}),
        ("mfa_removed", "ada@example.com", {"type": "totp"}),
        ("mfa_removed", "ada@example.com", {"type": "recovery_codes"}),
    ]
