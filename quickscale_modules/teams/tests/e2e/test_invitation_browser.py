"""In headless Chromium against gunicorn, emails through a real SMTP server: an owner invites, another account
is turned away, the invitee signs up from the email link, confirms their address and lands in the team; used
and expired links refused."""

from __future__ import annotations

import pytest

from testsupport.projects import VIA_HTTPS_PROXY

pytestmark = pytest.mark.slow

PASSWORD = "correct-horse-battery-staple"
PHONE = {"width": 390, "height": 844}
MAKE_OWNER = (
    "from django.contrib.auth import get_user_model; from allauth.account.models import EmailAddress; "
    "user = get_user_model().objects.create_user(email='owner@example.com', password='{password}'); "
    "EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)"
)
EXPIRE = (
    "from django.utils import timezone; from quickscale_modules.teams.models import Invitation; "
    "Invitation.objects.filter(email='late@example.com').update(expires_at=timezone.now())"
)


def new_page(browser):
    return browser.new_context(viewport=PHONE, extra_http_headers=VIA_HTTPS_PROXY).new_page()


def submit(page, selector: str = "main form button[type=submit]") -> None:
    page.click(selector)
    page.wait_for_load_state()


def invite(page, site, email: str) -> None:
    page.goto(f"{site.url}/t/acme/invitations/")
    page.get_by_label("Email address").fill(email)
    submit(page, "main form.qs-teams-form button[type=submit]")
    assert f"Invitation sent to {email}." in page.content()


def test_invitee_signs_up_from_the_email_and_lands_in_the_team(
    browser, site, site_env, teams_project, inbox, artifacts_dir
):
    teams_project.manage("shell", "--no-imports", "-c", MAKE_OWNER.format(password=PASSWORD), env=site_env)
    owner = new_page(browser)
    owner.goto(f"{site.url}/accounts/login/")
    owner.fill("input[name=login]", "owner@example.com")
    owner.fill("input[name=password]", PASSWORD)
    submit(owner)
    owner.goto(f"{site.url}/t/new/")
    owner.get_by_label("Team name").fill("Acme")
    submit(owner)
    assert owner.url == f"{site.url}/t/acme/members/"
    invite(owner, site, "grace@example.com")
    owner.screenshot(path=str(artifacts_dir / "teams-invitations.png"), full_page=True)

    link = inbox.link("grace@example.com", r"/t/invitations/[^/\s\"]+/")
    # Another signed-in account (the owner's) gets no way in: one sentence, a way to switch, nothing more.
    owner.goto(link)
    assert owner.locator("h1").inner_text() == "Invitation for another address"
    assert "This invitation is for another email address" in owner.locator("main").inner_text()
    assert "grace@example.com" not in owner.content() and owner.get_by_role("button", name="Join Acme").count() == 0

    # The invitee opens the link from the email, signs up there and confirms the address.
    grace = new_page(browser)
    grace.goto(link)
    assert grace.locator("h1").inner_text() == "Join Acme"
    grace.get_by_role("link", name="Create an account").click()
    grace.wait_for_load_state()
    grace.fill("input[name=email]", "grace@example.com")
    grace.fill("input[name=password1]", PASSWORD)
    grace.fill("input[name=password2]", PASSWORD)
    submit(grace, "form.qs-auth-form button[type=submit]")
    assert grace.url == f"{site.url}/accounts/confirm-email/"
    grace.goto(inbox.link("grace@example.com", r"/accounts/confirm-email/[^/\s\"]+/"))
    submit(grace, "form.qs-auth-form button[type=submit]")

    # Confirming logs in and returns to the invitation: joining lands in the team.
    assert grace.url == link
    submit(grace)
    assert grace.url == f"{site.url}/t/acme/members/"
    assert grace.locator("h1").inner_text() == "Acme"
    assert "Welcome to Acme." in grace.content()
    members = grace.locator(".qs-teams-member-name").all_inner_texts()
    assert sorted(members) == ["grace@example.com", "owner@example.com"]
    grace.screenshot(path=str(artifacts_dir / "teams-members.png"), full_page=True)
    # Usable on a phone: the members page fits the 390 px screen, no sideways scrolling.
    assert grace.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The same link again: used.
    grace.goto(link)
    assert "This invitation has already been used." in grace.locator("main").inner_text()

    # An invitation past its date: expired, and joining is refused.
    invite(owner, site, "late@example.com")
    late_link = inbox.link("late@example.com", r"/t/invitations/[^/\s\"]+/")
    teams_project.manage("shell", "--no-imports", "-c", EXPIRE, env=site_env)
    late = new_page(browser)
    late.goto(late_link)
    assert "This invitation has expired; ask the team for a new one." in late.locator("main").inner_text()
    assert late.locator("main form").count() == 0
