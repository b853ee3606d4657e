"""charge, refund, history and money, with the real stripe-python against the local Stripe fake."""

from __future__ import annotations

import pytest
from django.core import mail

from quickscale_modules.payments import services, signals
from quickscale_modules.payments.models import Status, Transaction
from quickscale_modules.payments.money import format_amount, parse_amount

pytestmark = pytest.mark.django_db


def start(payer, amount=1500, currency="usd", description="Annual report", **options) -> str:
    return services.charge(
        payer,
        amount,
        currency,
        description,
        success_url="https://example.com/ok",
        cancel_url="https://example.com/no",
        **options,
    )


def test_charge_opens_a_payment_mode_checkout_for_the_amount(fake_stripe, user, team):
    url = start(user, 1500, "USD", "Annual report", item=team)
    purchase = Transaction.objects.get()
    assert url == purchase.checkout_url and url.startswith("https://checkout.stripe.com/")
    assert (purchase.payer, purchase.item, purchase.amount, purchase.currency) == (user, team, 1500, "usd")
    assert purchase.status == Status.PENDING
    asked = next(params for path, params in fake_stripe.posted if path == "/v1/checkout/sessions")
    assert asked["mode"] == "payment"
    assert asked["line_items"][0]["price_data"] == {
        "currency": "usd",
        "unit_amount": "1500",
        "product_data": {"name": "Annual report"},
    }
    assert asked["payment_intent_data"]["metadata"]["quickscale_transaction"] == str(purchase.public_id)


def test_the_same_idempotency_key_gives_the_same_checkout_and_one_transaction(fake_stripe, user):
    first = start(user, idempotency_key="order-42")
    assert start(user, idempotency_key="order-42") == first
    assert Transaction.objects.count() == 1
    assert fake_stripe.count("POST", "/v1/checkout/sessions") == 1


def test_a_key_used_for_another_purchase_is_refused(fake_stripe, user):
    start(user, idempotency_key="order-42")
    with pytest.raises(services.ChargeRefused, match="used for another purchase; use a new key"):
        start(user, 2000, idempotency_key="order-42")


@pytest.mark.parametrize(
    ("amount", "currency", "description", "message"),
    [
        (0, "usd", "Report", "whole number of minor units from 1"),
        (15.5, "usd", "Report", "whole number of minor units from 1"),
        (100_000_000, "usd", "Report", "whole number of minor units from 1"),
        (1500, "dollars", "Report", "three-letter ISO code"),
        (1500, "usd", "  ", "1 to 255 characters"),
    ],
)
def test_bad_charges_are_refused_with_one_sentence_and_nothing_is_made(
    fake_stripe, user, amount, currency, description, message
):
    with pytest.raises(services.ChargeRefused, match=message):
        start(user, amount, currency, description)
    assert not Transaction.objects.exists() and not fake_stripe.posted


def test_without_stripe_keys_nothing_is_charged(settings, user):
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(services.PaymentsNotConfigured, match="set STRIPE_SECRET_KEY"):
        start(user)


def test_the_webhook_makes_the_purchase_paid_sends_the_signal_and_the_receipt(paid, user):
    received = []
    signals.payment_succeeded.connect(lambda sender, transaction, **kw: received.append(transaction.pk), weak=False)
    try:
        purchase = paid(user)
    finally:
        signals.payment_succeeded.receivers.clear()
    assert purchase.status == Status.SUCCEEDED and purchase.paid_at is not None
    assert purchase.stripe_payment_intent_id.startswith("pi_") and purchase.stripe_charge_id.startswith("ch_")
    assert received == [purchase.pk]
    [receipt] = mail.outbox
    assert receipt.to == [user.email] and receipt.subject == "Your receipt: Annual report"
    assert "$15.00" in receipt.body and str(purchase.public_id) in receipt.body


def test_partial_refunds_add_up_to_a_full_refund_and_never_beyond(paid, user, fake_stripe):
    purchase = paid(user)
    refunded = []
    signals.payment_refunded.connect(lambda sender, amount, **kw: refunded.append(amount), weak=False)
    try:
        services.refund(purchase, 500)
        purchase.refresh_from_db()
        assert (purchase.status, purchase.amount_refunded, purchase.refundable) == (
            Status.PARTIALLY_REFUNDED,
            500,
            1000,
        )
        with pytest.raises(services.RefundRefused, match=r"At most \$10\.00 of this purchase can still be refunded"):
            services.refund(purchase, 1001)
        services.refund(purchase)  # what remains
    finally:
        signals.payment_refunded.receivers.clear()
    purchase.refresh_from_db()
    assert (purchase.status, purchase.amount_refunded) == (Status.REFUNDED, 1500)
    assert [r.amount for r in purchase.refunds.all()] == [500, 1000]
    assert fake_stripe.objects[purchase.stripe_charge_id]["amount_refunded"] == 1500
    with pytest.raises(services.RefundRefused, match="refunded in full already"):
        services.refund(purchase, 1)


def test_refund_signals_are_sent_once_committed(paid, user, django_capture_on_commit_callbacks):
    purchase = paid(user)
    refunded = []
    signals.payment_refunded.connect(lambda sender, amount, **kw: refunded.append(amount), weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.refund(purchase, 500)
    finally:
        signals.payment_refunded.receivers.clear()
    assert refunded == [500]


@pytest.mark.parametrize(
    ("amount", "reason", "message"),
    [(0, "requested_by_customer", "more than zero"), (500, "changed my mind", "The reason must be one of")],
)
def test_bad_refunds_are_refused(paid, user, amount, reason, message):
    purchase = paid(user)
    with pytest.raises(services.RefundRefused, match=message):
        services.refund(purchase, amount, reason=reason)
    assert not purchase.refunds.exists()


def test_an_unpaid_purchase_cannot_be_refunded(buy, user):
    purchase, _ = buy(user)
    with pytest.raises(services.RefundRefused, match="Only a paid purchase can be refunded; this one is awaiting"):
        services.refund(purchase)


def test_history_is_the_payers_purchases_newest_first(paid, user, team):
    first, second = paid(user, description="First"), paid(user, description="Second")
    paid(team, description="The team's")
    assert list(services.history(user)) == [second, first]
    assert [p.description for p in services.history(team)] == ["The team's"]


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [(1500, "usd", "$15.00"), (1500, "jpy", "¥1,500"), (123456789, "eur", "€1,234,567.89"), (5, "chf", "0.05 CHF")],
)
def test_amounts_are_shown_in_the_currencys_units(amount, currency, shown):
    assert format_amount(amount, currency) == shown


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [("15.50", "usd", 1550), ("15", "usd", 1500), ("15.5", "usd", 1550), ("1500", "jpy", 1500)],
)
def test_typed_amounts_become_minor_units(text, currency, minor):
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize(("text", "currency"), [("15.50", "jpy"), ("1.234", "usd"), ("-5", "usd"), ("ten", "usd")])
def test_amounts_that_are_not_money_are_refused(text, currency):
    with pytest.raises(ValueError, match="Enter an amount in"):
        parse_amount(text, currency)


def test_starting_a_subscription_leaves_an_open_purchase_payable(fake_stripe, user):
    from quickscale_modules.billing import services as billing

    fake_stripe.add_price("pro_monthly", 1500, "month")
    billing.sync_catalog()
    start(user)
    purchase = Transaction.objects.get()
    billing.start_checkout(user, "pro_monthly", "https://example.com/ok", "https://example.com/no")
    assert fake_stripe.objects[purchase.stripe_checkout_session_id]["status"] == "open"


def test_deleting_the_payer_expires_its_open_purchase_checkout(fake_stripe, user):
    start(user)
    purchase = Transaction.objects.get()
    user.delete()
    assert fake_stripe.objects[purchase.stripe_checkout_session_id]["status"] == "expired"
    purchase.refresh_from_db()
    assert purchase.payer is None
