"""A person in headless Chromium on the API keys page, against gunicorn: create, see once, use, revoke."""

from __future__ import annotations

import re

import pytest
from e2e.served import EMAIL, PASSWORD

from testsupport.projects import fetch

pytestmark = pytest.mark.slow


def status_with(served_api, key: str) -> int:
    return fetch(f"{served_api.url}/api/v1/me", headers={"Authorization": f"Api-Key {key}"}).status


def test_a_person_creates_sees_once_uses_and_revokes_a_key(browser, served_api, artifacts_dir):
    page = browser.new_context(java_script_enabled=False).new_page()  # the page works without JavaScript
    page.goto(f"{served_api.url}/api/keys/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_url(f"{served_api.url}/api/keys/")

    page.fill("input[name=name]", "browser key")
    page.click("form.qs-api-form button[type=submit]")
    key = page.locator("[data-testid=new-key] code").inner_text()
    assert re.fullmatch(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}", key)
    page.screenshot(path=str(artifacts_dir / "api-new-key.png"), full_page=True)
    assert status_with(served_api, key) == 200

    page.goto(f"{served_api.url}/api/keys/")  # shown once: never again
    assert key.split(".")[1] not in page.content()
    row = page.locator(f"[data-testid=key-{key.split('.')[0]}]")
    assert "browser key" in row.inner_text() and "active" in row.inner_text()

    row.locator("button", has_text="Revoke").click()
    page.wait_for_url(f"{served_api.url}/api/keys/")
    assert "is revoked" in page.content()
    assert "revoked" in page.locator(f"[data-testid=key-{key.split('.')[0]}]").inner_text()
    assert status_with(served_api, key) == 401
