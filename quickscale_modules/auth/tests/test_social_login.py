"""Google and GitHub login: each on only when both its client id and secret are in the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

TESTS = Path(__file__).resolve().parent
PROVIDER_VARS = ("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET")
GOOGLE_ID = "1234-fake.apps.googleusercontent.com"
GITHUB_ID = "Iv1.fakegithubclient"


def probe(**provider_env: str) -> dict:
    """What a visitor sees with exactly `provider_env` set (a new process: settings read env once)."""
    env = {key: value for key, value in os.environ.items() if key not in PROVIDER_VARS}
    env.update(provider_env, DJANGO_SETTINGS_MODULE="auth_testproject.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, str(TESTS / "social_probe.py")], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def authorize_query(location: str, endpoint: str) -> dict:
    assert location.startswith(endpoint + "?"), location
    return parse_qs(urlsplit(location).query)


@pytest.fixture(scope="module")
def without_credentials():
    return probe()


@pytest.fixture(scope="module")
def with_google():
    return probe(GOOGLE_CLIENT_ID=GOOGLE_ID, GOOGLE_CLIENT_SECRET="fake-google-secret")


def test_without_credentials_there_is_no_button_and_no_provider_url(without_credentials):
    for page in ("login_page", "signup_page"):
        assert "qs-auth-providers" not in without_credentials[page]
        assert "/accounts/google/login/" not in without_credentials[page]
    assert without_credentials["providers"] == []
    for provider in ("google", "github"):
        assert without_credentials["urls"][provider]["get"] == 404
        assert without_credentials["urls"][provider]["post"] == 404
    assert "Connected accounts" not in without_credentials["account_page"]
    assert without_credentials["form_action"] == ["'self'"], "forms post to the site itself only"


@pytest.mark.parametrize("only", ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"])
def test_half_the_credentials_leave_the_provider_off(only):
    seen = probe(**{only: "something"})
    assert "/accounts/google/login/" not in seen["login_page"]
    assert seen["urls"]["google"]["get"] == 404


def test_google_credentials_show_the_button_on_login_and_signup(with_google):
    for page in ("login_page", "signup_page"):
        assert 'href="/accounts/google/login/?process=login"' in with_google[page]
        assert "Continue with Google" in with_google[page]
        assert "/accounts/github/login/" not in with_google[page]
    assert with_google["providers"] == [["google", "Google", "/accounts/google/login/"]]
    assert with_google["form_action"] == ["'self'", "https://accounts.google.com"], "the CSP lets login leave"


def test_the_google_url_redirects_to_googles_authorization_with_the_client_id(with_google):
    google = with_google["urls"]["google"]
    assert google["get"] == 200, "GET shows a confirmation page (no login on GET: CSRF-safe)"
    assert 'data-testid="project-header"' in google["page"], "the confirmation page extends base.html"
    assert google["post"] == 302
    query = authorize_query(google["location"], "https://accounts.google.com/o/oauth2/v2/auth")
    assert query["client_id"] == [GOOGLE_ID]
    assert query["redirect_uri"] == ["http://testserver/accounts/google/login/callback/"]
    assert query["response_type"] == ["code"]
    assert "email" in query["scope"][0].split()
    assert with_google["urls"]["github"]["get"] == 404


def test_the_account_page_offers_connected_accounts_when_a_provider_is_on(with_google):
    assert "Connected accounts" in with_google["account_page"]
    assert 'href="/accounts/3rdparty/"' in with_google["account_page"]


def test_github_credentials_switch_on_github():
    seen = probe(GITHUB_CLIENT_ID=GITHUB_ID, GITHUB_CLIENT_SECRET="fake-github-secret")
    assert "Continue with GitHub" in seen["login_page"]
    assert "/accounts/google/login/" not in seen["login_page"]
    query = authorize_query(seen["urls"]["github"]["location"], "https://github.com/login/oauth/authorize")
    assert query["client_id"] == [GITHUB_ID]
    assert seen["urls"]["google"]["get"] == 404


@pytest.mark.django_db
def test_a_provider_without_credentials_has_no_login_page(client):
    response = client.get("/accounts/google/login/")
    assert response.status_code == 404
