from __future__ import annotations

import json

import pytest
import stripe
from fakestripe import FakeStripe
from stripeevents import event, signed

from quickscale_modules.teams import services as teams

WEBHOOK_URL = "/billing/webhook/"


@pytest.fixture(scope="session")
def stripe_server():
    """The billing module's local Stripe fake, running for the whole session; stripe-python talks to it."""
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
def team(user, django_capture_on_commit_callbacks):
    """The team Acme, owned by `user` (the real teams module)."""
    with django_capture_on_commit_callbacks(execute=True):
        return teams.create_team("Acme", user)


@pytest.fixture
def member_of(django_capture_on_commit_callbacks):
    """member_of(team, owner, email, role="member"): a new user who accepted the owner's invitation."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    def _join(team, owner, email, role="member"):
        person = get_user_model().objects.create_user(email, "pw")
        EmailAddress.objects.create(user=person, email=email, primary=True, verified=True)
        invitation = teams.invite(team, email, by=owner, role=role)
        with django_capture_on_commit_callbacks(execute=True):
            teams.accept_invitation(teams.invitation_token(invitation), person)
        return person

    return _join


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    """deliver(event_type, obj): Stripe's signed webhook through the one endpoint (billing's); the response.
    Work queued for after the commit (signals, emails) runs."""

    def _deliver(event_type: str, obj: dict, **options):
        payload, signature = signed(event(event_type, json.loads(json.dumps(obj)), **options))
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(WEBHOOK_URL, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)

    return _deliver


@pytest.fixture
def buy(fake_stripe):
    """buy(payer, amount, currency): a purchase started (charge) and paid on the fake Checkout; the transaction
    (still pending here until the webhooks arrive) and the paid Checkout Session."""
    from quickscale_modules.payments import services
    from quickscale_modules.payments.models import Transaction

    def _buy(payer, amount=1500, currency="usd", description="Annual report", **options):
        services.charge(
            payer,
            amount,
            currency,
            description,
            success_url="https://example.com/done",
            cancel_url="https://example.com/cancel",
            **options,
        )
        purchase = Transaction.objects.latest("pk")
        session = fake_stripe.complete_checkout(purchase.stripe_checkout_session_id)
        return purchase, session

    return _buy


@pytest.fixture
def paid(buy, deliver):
    """paid(payer, ...): a purchase whose checkout.session.completed webhook arrived; the transaction."""

    def _paid(payer, *args, **kwargs):
        purchase, session = buy(payer, *args, **kwargs)
        assert deliver("checkout.session.completed", session).status_code == 200
        purchase.refresh_from_db()
        return purchase

    return _paid
