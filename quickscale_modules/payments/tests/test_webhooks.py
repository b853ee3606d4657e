"""Stripe's events of one-off purchases through the one endpoint (billing's): signed, each once, in any order."""

from __future__ import annotations

import time

import pytest
from stripeevents import event, sign, signed

from quickscale_modules.billing.models import WebhookEvent
from quickscale_modules.payments import services, signals
from quickscale_modules.payments.models import Status, Transaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    """The payments signals sent during the test: [(signal name, transaction pk, refunded amount or None)]."""
    log = []

    def recorder(name):
        return lambda sender, transaction, **kw: log.append((name, transaction.pk, kw.get("amount")))

    receivers = {name: recorder(name) for name in ("payment_succeeded", "payment_refunded", "dispute_opened")}
    for name, receiver in receivers.items():
        getattr(signals, name).connect(receiver, weak=False)
    yield log
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


def state(purchase: Transaction) -> tuple:
    purchase.refresh_from_db()
    return purchase.status, purchase.amount_refunded, purchase.dispute_status


def intent_of(fake_stripe, purchase):
    return fake_stripe.objects[fake_stripe.objects[purchase.stripe_checkout_session_id]["payment_intent"]]


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda payload, sig: (payload, None), id="unsigned"),
        pytest.param(lambda payload, sig: (payload, sign(payload, secret="whsec_someone_else")), id="forged"),
        pytest.param(lambda payload, sig: (payload.replace(b'"paid"', b'"unpaid"'), sig), id="altered"),
        pytest.param(
            lambda payload, sig: (payload, sign(payload, timestamp=int(time.time()) - 600)), id="replayed-late"
        ),
    ],
)
def test_a_forged_or_replayed_webhook_changes_nothing(client, buy, user, sent, tamper):
    purchase, session = buy(user)
    payload, signature = tamper(*signed(event("checkout.session.completed", session)))
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature else {}
    response = client.post("/billing/webhook/", payload, content_type="application/json", **headers)
    assert response.status_code == 400
    assert state(purchase) == (Status.PENDING, 0, "")
    assert not WebhookEvent.objects.exists() and sent == []


def test_the_same_event_delivered_again_changes_nothing_more(buy, deliver, user, sent, fake_stripe):
    purchase, session = buy(user)
    completed = event("checkout.session.completed", session)
    assert deliver("checkout.session.completed", session, event_id=completed["id"]).status_code == 200
    requests = len(fake_stripe.requests)
    assert deliver("checkout.session.completed", session, event_id=completed["id"]).status_code == 200
    assert state(purchase) == (Status.SUCCEEDED, 0, "")
    assert sent == [("payment_succeeded", purchase.pk, None)]
    assert len(fake_stripe.requests) == requests  # the stored event is not processed again


def test_every_event_of_a_purchase_leads_to_one_success(buy, deliver, user, sent, fake_stripe):
    purchase, session = buy(user)
    intent = intent_of(fake_stripe, purchase)
    for event_type, obj in [
        ("payment_intent.succeeded", intent),
        ("checkout.session.completed", session),
        ("charge.succeeded", fake_stripe.objects[intent["latest_charge"]]),
    ]:
        assert deliver(event_type, obj).status_code == 200
    assert state(purchase) == (Status.SUCCEEDED, 0, "")
    assert sent == [("payment_succeeded", purchase.pk, None)]


def test_a_declined_card_fails_the_purchase_until_another_card_pays(deliver, user, fake_stripe, sent):
    services.charge(user, 700, "usd", "Credits", success_url="https://e.com/ok", cancel_url="https://e.com/no")
    purchase = Transaction.objects.get()
    intent = fake_stripe.decline_checkout(purchase.stripe_checkout_session_id)
    deliver("payment_intent.payment_failed", intent)
    assert state(purchase)[0] == Status.FAILED
    assert sent == []
    session = fake_stripe.complete_checkout(purchase.stripe_checkout_session_id)
    deliver("checkout.session.completed", session)
    assert state(purchase)[0] == Status.SUCCEEDED
    assert sent == [("payment_succeeded", purchase.pk, None)]


def test_late_events_never_move_a_purchase_back(buy, deliver, user, fake_stripe, sent):
    purchase, session = buy(user)
    intent = intent_of(fake_stripe, purchase)
    stale_failure = {**intent, "status": "requires_payment_method"}
    deliver("checkout.session.completed", session)
    services.refund(purchase, 400)
    refund = next(o for o in fake_stripe.objects.values() if o["object"] == "refund")
    # Stripe's events of the earlier moments arrive now, the refund's before the payment's.
    deliver("refund.created", refund)
    deliver("payment_intent.payment_failed", stale_failure)
    deliver("payment_intent.succeeded", intent)
    deliver("checkout.session.completed", session)
    assert state(purchase) == (Status.PARTIALLY_REFUNDED, 400, "")
    assert [name for name, *_ in sent] == ["payment_succeeded"]  # the refund's signal went with services.refund


def test_refund_events_arriving_before_the_payment_event_give_the_right_state(buy, deliver, user, fake_stripe, sent):
    purchase, session = buy(user)
    intent = intent_of(fake_stripe, purchase)
    refund = fake_stripe._refund({"payment_intent": intent["id"], "amount": "1500"})[1]  # from Stripe's dashboard
    deliver("charge.refunded", fake_stripe.objects[intent["latest_charge"]])
    assert state(purchase) == (Status.REFUNDED, 1500, "")
    deliver("refund.created", refund)
    deliver("checkout.session.completed", session)
    assert state(purchase) == (Status.REFUNDED, 1500, "")
    assert sent == [("payment_succeeded", purchase.pk, None), ("payment_refunded", purchase.pk, 1500)]


def test_a_dispute_is_recorded_and_signalled_once(paid, deliver, user, fake_stripe, sent):
    purchase = paid(user)
    dispute = fake_stripe.open_dispute(purchase.stripe_payment_intent_id)
    deliver("charge.dispute.created", dispute)
    deliver("charge.dispute.updated", dispute)
    assert state(purchase) == (Status.SUCCEEDED, 0, "needs_response")
    dispute["status"] = "lost"
    deliver("charge.dispute.closed", dispute)
    assert state(purchase) == (Status.SUCCEEDED, 0, "lost")
    assert [name for name, *_ in sent] == ["payment_succeeded", "dispute_opened"]


def test_an_expired_checkout_cancels_the_purchase(deliver, user, fake_stripe):
    services.charge(user, 700, "usd", "Credits", success_url="https://e.com/ok", cancel_url="https://e.com/no")
    purchase = Transaction.objects.get()
    session = fake_stripe._expire_session(purchase.stripe_checkout_session_id)[1]
    deliver("checkout.session.expired", session)
    assert state(purchase)[0] == Status.CANCELED


def test_events_of_payments_made_elsewhere_are_ignored(deliver, fake_stripe, db):
    response = deliver("payment_intent.succeeded", {"id": "pi_elsewhere", "object": "payment_intent", "metadata": {}})
    assert response.status_code == 200
    assert deliver("checkout.session.completed", {"id": "cs_x", "mode": "subscription"}).status_code == 200
    assert not Transaction.objects.exists()
