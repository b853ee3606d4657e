"""Two-factor authentication: an authenticator app (TOTP) and recovery codes, through the pages."""

from __future__ import annotations

import re

import pyotp
import pytest
from authflows import enable_totp, log_in, reauthenticate
from django.core import mail


def log_out_and_in_again(client):
    client.post("/accounts/logout/")
    return log_in(client)


def test_turning_on_totp_makes_login_ask_for_the_code(signed_in):
    secret = enable_totp(signed_in)
    response = log_out_and_in_again(signed_in)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in.get("/accounts/").status_code == 302, "the password alone must not log in"

    page = signed_in.get("/accounts/2fa/authenticate/")
    assert "base.html" in [template.name for template in page.templates]
    wrong = signed_in.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "Incorrect code." in wrong.content.decode()

    right = signed_in.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})
    assert right["Location"] == "/accounts/"
    assert signed_in.get("/accounts/").status_code == 200


def test_a_recovery_code_logs_in_once(signed_in):
    enable_totp(signed_in)
    reauthenticate(signed_in)
    html = signed_in.get("/accounts/2fa/recovery-codes/").content.decode()
    codes = re.findall(r"\b[a-z0-9]{8}\b", re.search(r'id="recovery_codes".*?</', html, flags=re.DOTALL)[0])
    assert len(codes) == 10

    log_out_and_in_again(signed_in)
    response = signed_in.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response["Location"] == "/accounts/"

    log_out_and_in_again(signed_in)
    reused = signed_in.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert reused.status_code == 200, "a recovery code works only once"


# Transactional, so the notifications allauth sends "on commit" go out inside the request, as in production.
@pytest.mark.django_db(transaction=True)
def test_turning_totp_on_and_off_sends_notifications(signed_in):
    enable_totp(signed_in)
    activated = [message for message in mail.outbox if "Authenticator app activated." in message.body]
    assert len(activated) == 1
    assert "Authenticator app activated." in activated[0].alternatives[0][0]

    reauthenticate(signed_in)
    response = signed_in.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert any("Authenticator app deactivated." in message.body for message in mail.outbox)
    assert "Turn on two-factor authentication" in signed_in.get("/accounts/").content.decode()


@pytest.mark.django_db
def test_the_mfa_pages_need_a_login(client):
    response = client.get("/accounts/2fa/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
