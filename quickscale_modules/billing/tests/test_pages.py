"""Pages and gating as a visitor meets them (Django test client), with the local Stripe fake behind."""

from __future__ import annotations

import re

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from stripeevents import event

from quickscale_modules.billing import services
from quickscale_modules.billing.models import BillingCustomer, WebhookEvent

pytestmark = pytest.mark.django_db

INLINE = re.compile(r"<script|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_pricing_lists_monthly_plans_and_links_to_yearly(client, catalog):
    page = client.get("/billing/").content.decode()
    assert "Basic" in page and "15.00 USD / month" in page and "5.00 USD / month" in page
    assert "150.00" not in page
    assert 'href="?interval=year"' in page


def test_each_plan_lists_what_it_includes_from_its_entitlements(client, catalog):
    page = client.get("/billing/").content.decode()
    pro = page[page.index('data-testid="plan-pro_monthly"') :]
    assert re.search(r"<li>Export</li>\s*<li>10 projects</li>", pro.split("</li>\n", 1)[0] + pro)
    basic = page[page.index('data-testid="plan-basic_monthly"') : page.index('data-testid="plan-pro_monthly"')]
    assert "<li>3 projects</li>" in basic and "Export" not in basic


def test_a_plan_includes_its_features_and_limits_but_not_what_it_denies(settings):
    settings.QUICKSCALE_BILLING_ENTITLEMENTS = {"team": {"sso": True, "audit_log": False, "api_calls": 100000}}
    assert services.included("team") == ["Sso", "100,000 api calls"]
    assert services.included("unknown") == []


def test_yearly_toggle_shows_yearly_plans_and_their_trial(client, catalog):
    page = client.get("/billing/?interval=year").content.decode()
    assert "150.00 USD / year" in page and "15.00 USD" not in page
    assert "14-day free trial, no card needed." in page


def test_unknown_interval_falls_back_to_monthly(client, catalog):
    assert "15.00 USD / month" in client.get("/billing/?interval=decade").content.decode()


def test_without_keys_the_pricing_page_says_billing_is_not_configured(client, settings, db):
    settings.STRIPE_SECRET_KEY = ""
    response = client.get("/billing/")
    assert response.status_code == 200
    assert "Billing is not configured" in response.content.decode()


def test_without_keys_checkout_and_portal_do_not_fail(signed_in, settings, db):
    settings.STRIPE_SECRET_KEY = ""
    response = signed_in.post("/billing/checkout/", {"price": "pro_monthly"}, follow=True)
    assert response.status_code == 200 and "Billing is not configured yet." in response.content.decode()
    assert signed_in.post("/billing/portal/", follow=True).status_code == 200


def test_pages_have_no_inline_scripts_or_styles(signed_in, user, subscribe):
    pages = ["/billing/", "/billing/?interval=year", "/billing/success/", "/billing/cancel/", "/billing/manage/"]
    subscribe(user)
    for url in pages:
        html = signed_in.get(url).content.decode()
        assert not INLINE.search(html), url


def test_subscribe_redirects_to_stripe_checkout(signed_in, fake_stripe, user, catalog):
    response = signed_in.post("/billing/checkout/", {"price": "pro_monthly"})
    session = next(o for o in fake_stripe.objects.values() if o["object"] == "checkout.session")
    assert response.status_code == 302
    assert response["Location"] == f"https://checkout.stripe.com/c/pay/{session['id']}"
    assert session["success_url"] == "http://testserver/billing/success/?session_id={CHECKOUT_SESSION_ID}"
    assert session["cancel_url"] == "http://testserver/billing/cancel/"
    assert session["customer"] == BillingCustomer.objects.get().stripe_customer_id


def test_checkout_needs_a_login_and_a_real_plan(client, signed_in, catalog):
    assert client.logout() is None
    assert client.post("/billing/checkout/", {"price": "pro_monthly"}).status_code == 302


def test_checkout_of_an_unknown_plan_goes_back_to_pricing(signed_in, catalog):
    response = signed_in.post("/billing/checkout/", {"price": "gold"}, follow=True)
    assert "That plan is not available." in response.content.decode()


def test_checkout_when_stripe_fails_says_so(signed_in, fake_stripe, catalog):
    fake_stripe.fail_next.extend([500, 500, 500])
    response = signed_in.post("/billing/checkout/", {"price": "pro_monthly"}, follow=True)
    assert "Payment could not be started." in response.content.decode()


def test_subscribers_see_manage_billing_not_subscribe(signed_in, user, subscribe):
    subscribe(user)
    pricing = signed_in.get("/billing/").content.decode()
    assert "Subscribe" not in pricing and "Manage billing" in pricing
    manage = signed_in.get("/billing/manage/").content.decode()
    assert "Active" in manage and "Cancel at period end" in manage


def test_manage_billing_opens_the_customer_portal(signed_in, user, subscribe):
    subscribe(user)
    response = signed_in.post("/billing/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://billing.stripe.com/p/session/")


def test_portal_failure_and_no_customer_are_handled(signed_in, fake_stripe, user, subscribe):
    assert "Choose a plan first." in signed_in.post("/billing/portal/", follow=True).content.decode()
    subscribe(user)
    fake_stripe.fail_next.extend([500, 500, 500])
    assert "could not be opened" in signed_in.post("/billing/portal/", follow=True).content.decode()


def test_cancel_at_period_end_then_resume_from_the_manage_page(signed_in, fake_stripe, user, subscribe):
    customer = subscribe(user)
    page = signed_in.post("/billing/subscription/cancel/", follow=True).content.decode()
    assert "ends at the end of the current period" in page and "Resume subscription" in page
    assert fake_stripe.objects[customer.subscription_id]["cancel_at_period_end"] is True
    page = signed_in.post("/billing/subscription/resume/", follow=True).content.decode()
    assert "Your subscription continues." in page
    assert fake_stripe.objects[customer.subscription_id]["cancel_at_period_end"] is False


def test_cancel_without_subscription_or_when_stripe_fails(signed_in, fake_stripe, user, subscribe):
    assert "no subscription to change" in signed_in.post("/billing/subscription/cancel/", follow=True).content.decode()
    subscribe(user)
    fake_stripe.fail_next.extend([500, 500, 500])
    page = signed_in.post("/billing/subscription/cancel/", follow=True).content.decode()
    assert "could not be changed" in page


def test_manage_page_without_subscription_points_to_pricing(signed_in, db):
    assert "You have no subscription yet." in signed_in.get("/billing/manage/").content.decode()


@pytest.mark.parametrize("url", ["/reports/", "/export/", "/export-cbv/"])
def test_gated_pages_send_visitors_to_login_and_non_subscribers_to_pricing(client, signed_in, url, db):
    assert signed_in.get(url)["Location"] == "/billing/"
    signed_in.logout()
    assert signed_in.get(url)["Location"].startswith("/accounts/login/")


def test_gated_pages_open_for_the_right_plan(signed_in, user, subscribe):
    subscribe(user, "basic_monthly")
    assert signed_in.get("/reports/").status_code == 200
    response = signed_in.get("/export/", follow=True)
    assert "Your plan does not include this." in response.content.decode()
    assert signed_in.get("/export-cbv/").status_code == 302


def test_export_opens_with_pro(signed_in, user, subscribe):
    subscribe(user, "pro_monthly")
    assert signed_in.get("/export/").content == b"export for plans with export"
    assert signed_in.get("/export-cbv/").status_code == 200


def test_template_tags_show_what_the_plan_grants(signed_in, user, subscribe):
    assert "subscribed=False export=False projects=0" in signed_in.get("/").content.decode()
    subscribe(user)
    assert "subscribed=True export=True projects=10" in signed_in.get("/").content.decode()


def test_pages_read_the_database_a_constant_number_of_times(signed_in, user, subscribe, django_assert_max_num_queries):
    subscribe(user)
    with django_assert_max_num_queries(8):
        signed_in.get("/billing/")
    with django_assert_max_num_queries(8):
        signed_in.get("/billing/manage/")


def test_success_and_cancel_pages(signed_in, db):
    assert "Thank you" in signed_in.get("/billing/success/?session_id=cs_1").content.decode()
    assert "Nothing was charged" in signed_in.get("/billing/cancel/").content.decode()


def test_billing_sync_command(fake_stripe, db, capsys, settings):
    fake_stripe.add_price("pro_monthly", 1500)
    call_command("billing_sync")
    assert "Synced 1 products and 1 prices from Stripe." in capsys.readouterr().out
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(CommandError, match="set STRIPE_SECRET_KEY"):
        call_command("billing_sync")


def test_admin_lists_customers_events_and_usage(client, user, subscribe, django_user_model):
    subscribe(user)
    services.record_usage(user, "exports", 2)
    payload = event("charge.refunded", {"id": "ch_1", "object": "charge"}, event_id="evt_1")
    WebhookEvent.objects.create(
        stripe_id="evt_1", type="charge.refunded", created="2026-01-01T00:00Z", payload=payload, status="failed"
    )
    admin = django_user_model.objects.create_superuser("admin@example.com", "pw")
    client.force_login(admin)
    for url in [
        "/admin/quickscale_billing/billingcustomer/",
        "/admin/quickscale_billing/webhookevent/?status__exact=failed",
        "/admin/quickscale_billing/usagerecord/",
        "/admin/djstripe/subscription/",
        "/admin/djstripe/price/",
    ]:
        assert client.get(url).status_code == 200, url
    stored = WebhookEvent.objects.get()
    response = client.post(
        "/admin/quickscale_billing/webhookevent/",
        {"action": "reprocess", "_selected_action": [stored.pk], "index": 0},
        follow=True,
    )
    assert "Processed." in response.content.decode()
    stored.refresh_from_db()
    assert stored.status == "processed"


@pytest.mark.parametrize(
    ("debug", "key", "expected"),
    [
        (True, "sk_live_" + "x" * 24, ["quickscale_billing.W001"]),
        (False, "sk_test_" + "x" * 24, ["quickscale_billing.W002"]),
        (False, "sk_live_" + "x" * 24, []),
        (True, "sk_test_" + "x" * 24, []),
        (False, "", []),
    ],
)
def test_key_check_warns_when_keys_do_not_fit_the_environment(debug, key, expected):
    from quickscale_modules.billing.checks import check_stripe_keys

    with override_settings(DEBUG=debug, STRIPE_SECRET_KEY=key):
        assert [m.id for m in check_stripe_keys()] == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"QUICKSCALE_BILLING_CUSTOMER": "org"}, ["quickscale_billing.E001"]),
        ({"QUICKSCALE_BILLING_CUSTOMER": "team"}, []),  # the teams module is installed here
        ({"QUICKSCALE_BILLING_ENTITLEMENTS": {"pro": ["export"]}}, ["quickscale_billing.E003"]),
        ({}, []),
    ],
)
def test_settings_check(overrides, expected):
    from quickscale_modules.billing.checks import check_settings

    with override_settings(**overrides):
        assert [m.id for m in check_settings()] == expected
        assert all(isinstance(m, checks.Error) for m in check_settings())


def test_unknown_setting_name_is_an_attribute_error():
    from quickscale_modules.billing.conf import billing_settings

    with pytest.raises(AttributeError, match="QUICKSCALE_BILLING_COLOUR"):
        _ = billing_settings.COLOUR
