"""What Checkout may sell (issue 24, finding 2): one live subscription per customer (a second tab, a direct
POST or a Checkout completed before its webhook arrived give no second one), one trial per customer, only the
prices the pricing page offers, and only prices of the mode the secret key is in (test or live)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from fakestripe import CheckoutNotOpen
from stripeevents import event
from test_webhooks import deliver

from quickscale_modules.billing import services
from quickscale_modules.billing.models import BillingCustomer

pytestmark = pytest.mark.django_db


def sessions(fake_stripe) -> list[dict]:
    return sorted((o for o in fake_stripe.objects.values() if o["object"] == "checkout.session"), key=lambda o: o["id"])


def live_subscriptions(fake_stripe, customer_id: str) -> list[dict]:
    return [
        o
        for o in fake_stripe.objects.values()
        if o["object"] == "subscription" and o["customer"] == customer_id and o["status"] != "canceled"
    ]


def test_a_subscriber_is_sent_to_the_manage_page_instead_of_a_second_checkout(signed_in, fake_stripe, user, subscribe):
    subscribe(user)
    response = signed_in.post("/billing/checkout/", {"price": "pro_yearly"}, follow=True)
    assert response.redirect_chain == [("/billing/manage/", 302)]
    assert "You already have a subscription" in response.content.decode()
    assert fake_stripe.count("POST", "/v1/checkout/sessions") == 0


def test_a_subscription_whose_webhook_has_not_arrived_stops_a_second_checkout(signed_in, fake_stripe, user, catalog):
    signed_in.post("/billing/checkout/", {"price": "pro_monthly"})
    fake_stripe.complete_checkout(sessions(fake_stripe)[0]["id"])  # paid; Stripe's webhook is still on its way
    response = signed_in.post("/billing/checkout/", {"price": "basic_monthly"}, follow=True)
    assert response.redirect_chain == [("/billing/manage/", 302)]
    assert len(sessions(fake_stripe)) == 1
    assert "Active" in response.content.decode()  # the manage page shows the subscription Stripe has


def test_two_tabs_open_on_checkout_give_one_subscription(signed_in, fake_stripe, user, catalog):
    signed_in.post("/billing/checkout/", {"price": "pro_monthly"})  # first tab
    signed_in.post("/billing/checkout/", {"price": "basic_monthly"})  # second tab, before paying in the first
    first, second = sessions(fake_stripe)
    with pytest.raises(CheckoutNotOpen):
        fake_stripe.complete_checkout(first["id"])
    fake_stripe.complete_checkout(second["id"])
    customer = BillingCustomer.objects.get()
    assert [
        s["items"]["data"][0]["price"]["lookup_key"]
        for s in live_subscriptions(fake_stripe, customer.stripe_customer_id)
    ] == ["basic_monthly"]


def test_a_second_subscription_that_still_arrives_is_canceled_and_the_first_kept(
    client, fake_stripe, user, subscribe, catalog
):
    customer = subscribe(user, "pro_monthly")
    # Made outside this site's Checkout (the Dashboard, an old session): a second live subscription.
    second = fake_stripe._subscription(
        {"customer": customer.stripe_customer_id, "items": [{"price": catalog["basic_monthly"]["id"]}]}
    )
    assert deliver(client, event("customer.subscription.created", second)).status_code == 200
    assert fake_stripe.objects[second["id"]]["status"] == "canceled"
    customer.refresh_from_db()
    assert customer.lookup_keys == ["pro_monthly"] and customer.status == "active"
    assert live_subscriptions(fake_stripe, customer.stripe_customer_id) == [
        fake_stripe.objects[customer.subscription_id]
    ]


def test_a_second_subscription_replaces_one_that_stripe_has_already_ended(
    client, fake_stripe, user, subscribe, catalog
):
    customer = subscribe(user, "pro_monthly")
    fake_stripe.advance(customer.subscription_id, status="canceled")  # its webhook is late
    second = fake_stripe._subscription(
        {"customer": customer.stripe_customer_id, "items": [{"price": catalog["basic_monthly"]["id"]}]}
    )
    deliver(client, event("customer.subscription.created", second))
    customer.refresh_from_db()
    assert (customer.subscription_id, customer.lookup_keys) == (second["id"], ["basic_monthly"])
    assert fake_stripe.objects[second["id"]]["status"] == "active"


def test_one_trial_per_customer(client, signed_in, fake_stripe, user, catalog):
    assert "14-day free trial" in signed_in.get("/billing/?interval=year").content.decode()
    signed_in.post("/billing/checkout/", {"price": "pro_yearly"})
    first = sessions(fake_stripe)[0]
    assert first["subscription_data"]["trial_period_days"] == "14"
    subscription = fake_stripe.objects[fake_stripe.complete_checkout(first["id"])["subscription"]]
    deliver(client, event("customer.subscription.created", subscription))
    assert BillingCustomer.objects.get().trial_used
    # The trial ends without a card: Stripe cancels the subscription.
    deliver(client, event("customer.subscription.deleted", fake_stripe.advance(subscription["id"], status="canceled")))
    assert "free trial" not in signed_in.get("/billing/?interval=year").content.decode()
    signed_in.post("/billing/checkout/", {"price": "pro_yearly"})
    again = sessions(fake_stripe)[1]
    assert "trial_period_days" not in again["subscription_data"]
    assert again["payment_method_collection"] == "always"


def test_a_trial_stripe_remembers_counts_even_when_the_site_missed_it(signed_in, fake_stripe, user, catalog):
    customer = services.customer_for(user)
    old = fake_stripe._subscription(
        {
            "customer": customer.stripe_customer_id,
            "items": [{"price": catalog["pro_yearly"]["id"]}],
            "trial_period_days": 14,
        }
    )
    fake_stripe.advance(old["id"], status="canceled")
    signed_in.post("/billing/checkout/", {"price": "pro_yearly"})
    assert "trial_period_days" not in sessions(fake_stripe)[0]["subscription_data"]
    assert BillingCustomer.objects.get().trial_used


def archive_basic(fake_stripe, catalog):
    fake_stripe.objects[catalog["basic_monthly"]["product"]]["active"] = False


def add_private_free_price(fake_stripe, catalog):
    fake_stripe.add_price("staff_free", 0, "month", name="Staff")  # active, but not a plan the site sells


@pytest.mark.parametrize("change", [archive_basic, add_private_free_price], ids=["archived", "private-free"])
def test_only_plans_on_the_pricing_page_can_be_bought(signed_in, fake_stripe, catalog, change):
    change(fake_stripe, catalog)
    services.sync_catalog()
    pricing = signed_in.get("/billing/").content.decode()
    lookup_key = "basic_monthly" if change is archive_basic else "staff_free"
    assert f"plan-{lookup_key}" not in pricing
    response = signed_in.post("/billing/checkout/", {"price": lookup_key}, follow=True)
    assert "That plan is not available." in response.content.decode()
    assert sessions(fake_stripe) == []


LIVE_KEY = "sk_live_" + "q" * 24


def test_prices_of_the_other_mode_are_neither_shown_nor_sold(signed_in, fake_stripe, catalog):
    live = fake_stripe.add_price("pro_monthly", 1900, "month", name="Pro", livemode=True)
    services.sync_catalog()
    pricing = signed_in.get("/billing/").content.decode()
    assert "15.00 USD / month" in pricing and "19.00" not in pricing
    response = signed_in.post("/billing/checkout/", {"price": "pro_monthly"})
    assert response.status_code == 302
    assert sessions(fake_stripe)[0]["line_items"][0]["price"] == catalog["pro_monthly"]["id"]
    with override_settings(STRIPE_SECRET_KEY=LIVE_KEY):
        assert [p.id for p in services.prices_for_sale("month")] == [live["id"]]
