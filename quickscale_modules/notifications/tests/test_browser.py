"""A person in headless Chromium: the nav badge shows the unread count and the list marks notifications read."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from quickscale_modules.notifications import services

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_badge_and_list_in_a_browser(browser, live_server, artifacts_dir, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    user = get_user_model().objects.create_user("ada", "ada@example.com", "a-long-test-passphrase")
    for title in ("Invoice paid", "New comment", "Export ready"):
        services.create_notification(user, title, body=f"{title}: details", link="/")
    page = browser.new_page(viewport={"width": 390, "height": 844})

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", "a-long-test-passphrase")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/")
    assert page.inner_text("[data-testid=unread-count]") == "3"

    page.click("#qs-notifications-badge")
    page.wait_for_url(f"{live_server.url}/notifications/")
    assert page.locator("[data-testid=notification]").count() == 3
    page.screenshot(path=str(artifacts_dir / "notifications-list.png"), full_page=True)

    newest = page.locator("[data-testid=notification]").first
    assert "Export ready" in newest.inner_text()
    newest.get_by_role("button", name="Mark as read").click()
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=unread-count]") == "2"
    assert "read" in page.locator("[data-testid=notification]").first.inner_text().splitlines()[-1]

    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=unread-count]").count() == 0
    assert page.get_by_role("button", name="Mark as read").count() == 0
    assert services.unread_count(user) == 0
