from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from stripeevents import event, signed


def _billing_conftest():
    """The billing tests' fixtures (its conftest.py, under another name: this file is conftest too)."""
    path = Path(__file__).resolve().parents[2] / "billing" / "tests" / "conftest.py"
    spec = importlib.util.spec_from_file_location("billing_conftest", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The local Stripe fake (session-wide, reset per test), Ada, Ada signed in, her team Acme, and join(team, owner,
# email, role="member"): a new user who accepted the owner's invitation (their membership).
_billing = _billing_conftest()
stripe_server, fake_stripe, user, signed_in, team, join = (
    _billing.stripe_server,
    _billing.fake_stripe,
    _billing.user,
    _billing.signed_in,
    _billing.team,
    _billing.join,
)

WEBHOOK_URL = "/billing/webhook/"


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
