"""A person in headless Chromium: pricing -> Stripe Checkout (its URL checked, the page itself is Stripe's)
-> a signed checkout.session.completed webhook -> the gated page opens; cancel at period end -> after the
period end the gated page refuses. The site is the test project under gunicorn on PostgreSQL."""

from __future__ import annotations

import time

import pytest
import servedproject
from stripeevents import event, signed
from test_served import deliver

pytestmark = pytest.mark.slow

EMAIL = "grace@example.com"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def site(stripe_server, postgres_url):
    stripe_server.reset()
    with servedproject.served(postgres_url, stripe_server.url) as served:
        _, project, _ = served
        stripe_server.add_price("pro_monthly", 1500, "month", name="Pro")
        stripe_server.add_price("pro_yearly", 15000, "year", name="Pro")
        project.manage("billing_sync")
        servedproject.create_verified_user(project, EMAIL, PASSWORD)
        yield served


def test_pricing_checkout_webhook_gated_page_then_cancel(browser, site, stripe_server, artifacts_dir):
    server, _, _ = site
    page = browser.new_context().new_page()
    # Stripe's hosted pages are not reachable from here: the browser shows a stand-in and the test checks the URL.
    page.route("https://checkout.stripe.com/**", lambda route: route.fulfill(body="Stripe Checkout", status=200))

    page.goto(f"{server.url}/accounts/login/?next=/reports/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{server.url}/billing/")  # /reports/ needs a subscription: sent to pricing

    page.click("[data-testid=interval-year]")
    assert "150.00 USD / year" in page.inner_text("[data-testid=pricing]")
    page.goto(f"{server.url}/billing/?interval=month")
    page.screenshot(path=str(artifacts_dir / "billing-pricing.png"), full_page=True)
    page.click("[data-testid=plan-pro_monthly] button[type=submit]")
    page.wait_for_url("https://checkout.stripe.com/**")
    session = next(o for o in stripe_server.objects.values() if o["object"] == "checkout.session")
    assert page.url == f"https://checkout.stripe.com/c/pay/{session['id']}"
    assert session["success_url"] == f"{server.url}/billing/success/?session_id={{CHECKOUT_SESSION_ID}}"
    assert session["mode"] == "subscription"

    # The customer pays on Stripe; Stripe creates the subscription and sends the signed event.
    completed = stripe_server.complete_checkout(session["id"])
    payload, signature = signed(event("checkout.session.completed", completed))
    assert deliver(server.url, payload, signature) == 200
    page.goto(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]))
    assert "Thank you" in page.inner_text("main")
    page.goto(f"{server.url}/reports/")
    assert page.inner_text("body") == "reports for subscribers"

    page.goto(f"{server.url}/billing/manage/")
    page.click("text=Cancel at period end")
    page.wait_for_selector("text=Resume subscription")
    page.screenshot(path=str(artifacts_dir / "billing-manage-canceled.png"), full_page=True)
    page.goto(f"{server.url}/reports/")
    assert page.inner_text("body") == "reports for subscribers"  # paid until the period ends

    # The period ends: Stripe's next update says so, and the gated page refuses.
    ended = stripe_server.advance(completed["subscription"], current_period_end=int(time.time()) - 1)
    payload, signature = signed(event("customer.subscription.updated", ended))
    assert deliver(server.url, payload, signature) == 200
    page.goto(f"{server.url}/reports/")
    assert page.url == f"{server.url}/billing/"
    assert "This page needs an active subscription." in page.inner_text("body")
