from __future__ import annotations

import pytest
import stripe
from django.test import override_settings
from fakestripe import FakeStripe

from quickscale_modules.billing.models import BillingCustomer
from quickscale_modules.teams import services as teams


@pytest.fixture(scope="session")
def stripe_server():
    """The local Stripe fake, running for the whole session; stripe-python (and so dj-stripe) talks to it."""
    server = FakeStripe()
    url = server.start()
    previous = stripe.api_base
    stripe.api_base = url
    yield server
    stripe.api_base = previous
    server.stop()


@pytest.fixture
def fake_stripe(stripe_server):
    stripe_server.reset()
    return stripe_server


@pytest.fixture
def user(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("ada@example.com", "correct horse battery")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def catalog(fake_stripe, db):
    """Monthly and yearly plans in Stripe, synced into the database as `billing_sync` does."""
    from quickscale_modules.billing import services

    prices = {
        "pro_monthly": fake_stripe.add_price("pro_monthly", 1500, "month", name="Pro"),
        "pro_yearly": fake_stripe.add_price("pro_yearly", 15000, "year", name="Pro"),
        "basic_monthly": fake_stripe.add_price("basic_monthly", 500, "month", name="Basic"),
    }
    services.sync_catalog()
    return prices


@pytest.fixture
def subscribe(fake_stripe, catalog):
    """subscribe(payer, "pro_monthly"): what a completed Checkout leaves behind in Stripe and here."""
    from quickscale_modules.billing import services

    def _subscribe(payer, lookup_key="pro_monthly", quantity=1) -> BillingCustomer:
        customer = services.customer_for(payer)
        session = fake_stripe._checkout_session(
            {
                "mode": "subscription",
                "customer": customer.stripe_customer_id,
                "line_items": [{"price": catalog[lookup_key]["id"], "quantity": str(quantity)}],
            }
        )
        fake_stripe.complete_checkout(session["id"])
        services.sync_subscription(fake_stripe.objects[session["id"]]["subscription"])
        customer.refresh_from_db()
        return customer

    return _subscribe


@pytest.fixture
def team_billing():
    """Teams pay (QUICKSCALE_BILLING_CUSTOMER = "team") for the whole test."""
    with override_settings(QUICKSCALE_BILLING_CUSTOMER="team"):
        yield


@pytest.fixture
def team(user, django_capture_on_commit_callbacks):
    """The team Acme, owned by `user` (the real teams module)."""
    with django_capture_on_commit_callbacks(execute=True):
        return teams.create_team("Acme", user)


@pytest.fixture
def join(django_capture_on_commit_callbacks):
    """join(team, owner, email, role="member"): a new user accepts the owner's invitation; their membership.
    The teams module's member_added runs once the membership is committed (seats follow)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    def _join(team, owner, email, role="member"):
        person = get_user_model().objects.create_user(email, "pw")
        EmailAddress.objects.create(user=person, email=email, primary=True, verified=True)
        invitation = teams.invite(team, email, by=owner, role=role)
        with django_capture_on_commit_callbacks(execute=True):
            return teams.accept_invitation(teams.invitation_token(invitation), person)

    return _join
