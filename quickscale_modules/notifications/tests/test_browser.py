"""A person in headless Chromium: the nav badge shows the unread count and the list marks notifications read; a
user whose emails bounced confirms the address from the preferences page and gets them again."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from quickscale_modules.notifications import services
from quickscale_modules.notifications.models import Suppression

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_badge_and_list_in_a_browser(browser, live_server, artifacts_dir, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    user = get_user_model().objects.create_user("ada", "ada@example.com", "a-long-test-passphrase")
    for title in ("Invoice paid", "New comment", "Export ready"):
        services.create_notification(user, title, body=f"{title}: details", link="/")
    page = signed_in_page(browser, live_server)
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


def signed_in_page(browser, live_server):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", "a-long-test-passphrase")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_a_bounced_address_is_confirmed_and_gets_its_emails_again(browser, live_server, artifacts_dir, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    get_user_model().objects.create_user("ada", "ada@example.com", "a-long-test-passphrase")
    Suppression.objects.create(email="ada@example.com", reason="bounced")
    page = signed_in_page(browser, live_server)

    page.goto(f"{live_server.url}/notifications/preferences/")
    notice = page.locator("[data-testid=notifications-suppressed]")
    assert "refused our emails" in notice.inner_text()
    page.screenshot(path=str(artifacts_dir / "notifications-preferences-suppressed.png"), full_page=True)
    notice.get_by_role("button", name="Email me a link to confirm my address").click()
    page.wait_for_load_state()
    assert "We sent a link to ada@example.com" in page.inner_text("body")

    (link,) = re.findall(r"https://acme\.example(/notifications/resume/\S+/)", mail.outbox[-1].body)
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("button", name="Resume my emails").click()
    page.wait_for_load_state()
    assert "Emails to ada@example.com are no longer paused." in page.inner_text("body")
    assert page.locator("[data-testid=notifications-suppressed]").count() == 0
    assert not services.is_blocked("ada@example.com", "news")
