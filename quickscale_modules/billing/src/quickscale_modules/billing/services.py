"""The billing module's Python API: who pays, what they may do, and the Stripe calls behind the pages.

    from quickscale_modules.billing import services
    customer = services.customer_for(request.user)        # or a team, when QUICKSCALE_BILLING_CUSTOMER = "team"
    services.has_feature(customer, "export")               # True when a current plan grants it
    services.limit(customer, "projects")                    # 10, or 0 without a plan that sets it
    services.record_usage(customer, "api_calls", 3, idempotency_key=f"req-{request_id}")

Every function that reads takes a BillingCustomer or the user/team that pays; reading never calls Stripe.
Entitlements come from QUICKSCALE_BILLING_ENTITLEMENTS, keyed by the lookup keys of the subscribed prices.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import stripe
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.module_loading import import_string
from djstripe import models as djstripe_models
from djstripe.settings import djstripe_settings

from quickscale_modules.billing.conf import billing_settings
from quickscale_modules.billing.models import BillingCustomer, SubscriptionStatus, UsageRecord
from quickscale_modules.billing.signals import subscription_changed

# Statuses in which a subscription still belongs to the customer (the one the summary follows).
LIVE_STATUSES = {"trialing", "active", "past_due", "unpaid", "paused", "incomplete"}


class BillingNotConfigured(Exception):
    """STRIPE_SECRET_KEY is not set: nothing can be sold yet."""


# --- who pays --------------------------------------------------------------------------------------------


def find_customer(payer: BillingCustomer | models.Model | None) -> BillingCustomer | None:
    """The BillingCustomer of a user or team (or the customer itself), without calling Stripe; None if none yet."""
    if payer is None or isinstance(payer, BillingCustomer):
        return payer
    if getattr(payer, "is_authenticated", True) is False:
        return None
    owner_type = ContentType.objects.get_for_model(payer)
    return BillingCustomer.objects.filter(owner_type=owner_type, owner_id=str(payer.pk)).first()


def customer_for(payer: BillingCustomer | models.Model) -> BillingCustomer:
    """The BillingCustomer of a user or team, creating its Stripe customer the first time."""
    existing = find_customer(payer)
    if existing is not None:
        return existing
    owner_type = ContentType.objects.get_for_model(payer)
    with transaction.atomic():
        # Lock the payer's row: two first requests at once must not create two Stripe customers.
        payer._meta.model._default_manager.select_for_update().filter(pk=payer.pk).exists()
        existing = find_customer(payer)
        if existing is not None:
            return existing
        stripe_customer = stripe.Customer.create(
            email=getattr(payer, "email", None) or None,
            name=str(payer),
            metadata={"quickscale_owner": f"{owner_type.app_label}.{owner_type.model}:{payer.pk}"},
            **_stripe_options(),
        )
        djstripe_models.Customer.sync_from_stripe_data(stripe_customer, api_key=billing_settings.secret_key)
        return BillingCustomer.objects.create(
            owner_type=owner_type, owner_id=str(payer.pk), stripe_customer_id=stripe_customer["id"]
        )


def payer_for_request(request) -> models.Model | None:
    """Who pays for what this request does: the user, or their team when QUICKSCALE_BILLING_CUSTOMER = "team"."""
    if not request.user.is_authenticated:
        return None
    if billing_settings.CUSTOMER == "team":
        return import_string(billing_settings.TEAM_RESOLVER)(request)
    return request.user


# --- entitlements ------------------------------------------------------------------------------------------


def entitlements(payer: BillingCustomer | models.Model | None) -> dict[str, Any]:
    """Everything the current plans grant: features OR-ed together, numeric limits at their highest."""
    customer = find_customer(payer)
    if customer is None or not customer.has_access():
        return {}
    granted: dict[str, Any] = {}
    for lookup_key in customer.lookup_keys:
        for name, value in billing_settings.ENTITLEMENTS.get(lookup_key, {}).items():
            granted[name] = _combine(granted.get(name), value)
    return granted


def _combine(current: Any, value: Any) -> Any:
    if current is None:
        return value
    if isinstance(value, bool) or isinstance(current, bool):
        return bool(current) or bool(value)
    return max(current, value)


def has_feature(payer: BillingCustomer | models.Model | None, feature: str) -> bool:
    """Whether a current plan of the payer grants `feature` (a truthy entitlement)."""
    return bool(entitlements(payer).get(feature))


def limit(payer: BillingCustomer | models.Model | None, name: str) -> int:
    """The numeric limit `name` the payer's current plans grant (the highest), 0 without one."""
    value = entitlements(payer).get(name, 0)
    return 0 if isinstance(value, bool) else int(value)


def has_subscription(payer: BillingCustomer | models.Model | None) -> bool:
    """Whether the payer's subscription gives access now (active, trialing, or past_due within the grace)."""
    customer = find_customer(payer)
    return customer is not None and customer.has_access()


def subscription_status(payer: BillingCustomer | models.Model | None) -> str:
    """Stripe's status of the payer's subscription ("active", "past_due" ...), "" without one."""
    customer = find_customer(payer)
    return customer.status if customer else SubscriptionStatus.NONE


# --- plans, checkout and the portal ------------------------------------------------------------------------


def prices_for_sale(interval: str) -> list[djstripe_models.Price]:
    """Active recurring prices billed every `interval` ("month" or "year"), cheapest first.

    When QUICKSCALE_BILLING_ENTITLEMENTS names lookup keys, only those prices are for sale.
    """
    prices = djstripe_models.Price.objects.filter(active=True, product__active=True).select_related("product")
    sold = set(billing_settings.ENTITLEMENTS)
    if sold:
        prices = prices.filter(lookup_key__in=sold)
    chosen = [p for p in prices if (p.recurring or {}).get("interval") == interval]
    return sorted(chosen, key=lambda p: (p.unit_amount or 0, p.lookup_key or ""))


def start_checkout(customer: BillingCustomer, lookup_key: str, success_url: str, cancel_url: str) -> str:
    """Create a Stripe Checkout Session for a subscription to the price `lookup_key`; returns its URL."""
    _require_configuration()
    price = djstripe_models.Price.objects.get(lookup_key=lookup_key, active=True)
    subscription_data: dict[str, Any] = {"metadata": {"quickscale_customer": str(customer.pk)}}
    session: dict[str, Any] = {}
    trial = billing_settings.TRIALS.get(lookup_key)
    if trial:
        subscription_data["trial_period_days"] = int(trial["days"])
        if not trial.get("card_required", True):
            # Trial without a card: Checkout asks for one only if the amount due now is not zero.
            session["payment_method_collection"] = "if_required"
            subscription_data["trial_settings"] = {"end_behavior": {"missing_payment_method": "cancel"}}
    checkout = stripe.checkout.Session.create(
        mode="subscription",
        customer=customer.stripe_customer_id,
        client_reference_id=str(customer.pk),
        line_items=[{"price": price.id, "quantity": seats_for(customer)}],
        subscription_data=subscription_data,
        success_url=success_url,
        cancel_url=cancel_url,
        **session,
        **_stripe_options(),
    )
    return checkout["url"]


def portal_url(customer: BillingCustomer, return_url: str) -> str:
    """A Stripe Customer Portal session for the customer (payment method, invoices, plan changes, cancel)."""
    _require_configuration()
    portal = stripe.billing_portal.Session.create(
        customer=customer.stripe_customer_id, return_url=return_url, **_stripe_options()
    )
    return portal["url"]


def cancel_at_period_end(customer: BillingCustomer) -> BillingCustomer:
    """Cancel the subscription when its paid period ends (access continues until then)."""
    return _set_cancel_at_period_end(customer, True)


def resume(customer: BillingCustomer) -> BillingCustomer:
    """Undo a cancellation at period end while the period is still running."""
    return _set_cancel_at_period_end(customer, False)


def _set_cancel_at_period_end(customer: BillingCustomer, cancel: bool) -> BillingCustomer:
    _require_configuration()
    if not customer.subscription_id:
        raise ValueError("This customer has no subscription.")
    subscription = stripe.Subscription.modify(
        customer.subscription_id, cancel_at_period_end=cancel, **_stripe_options()
    )
    return apply_subscription(subscription)


# --- keeping the local copy current --------------------------------------------------------------------


def sync_subscription(subscription_id: str) -> BillingCustomer | None:
    """Fetch the subscription's current state from Stripe and store it (whatever order events came in)."""
    subscription = stripe.Subscription.retrieve(subscription_id, **_stripe_options())
    return apply_subscription(subscription)


def apply_subscription(subscription: dict[str, Any]) -> BillingCustomer | None:
    """Store a Stripe subscription (dj-stripe's copy and the customer's summary); signal a change of state."""
    djstripe_models.Subscription.sync_from_stripe_data(subscription, api_key=billing_settings.secret_key)
    customer_id = _id(subscription["customer"])
    with transaction.atomic():
        customer = BillingCustomer.objects.select_for_update().filter(stripe_customer_id=customer_id).first()
        if customer is None or not _follows(customer, subscription):
            return customer
        before = (customer.status, tuple(customer.lookup_keys), customer.cancel_at_period_end)
        _summarise(customer, subscription)
        customer.save()
        after = (customer.status, tuple(customer.lookup_keys), customer.cancel_at_period_end)
        if before != after:
            previous_status = before[0]
            transaction.on_commit(
                lambda: subscription_changed.send(
                    sender=BillingCustomer, customer=customer, previous_status=previous_status, status=customer.status
                )
            )
    return customer


def _follows(customer: BillingCustomer, subscription: dict[str, Any]) -> bool:
    """Whether the summary should show this subscription: its own, a live one, or the first one seen."""
    return (
        not customer.subscription_id
        or customer.subscription_id == subscription["id"]
        or subscription["status"] in LIVE_STATUSES
    )


def _summarise(customer: BillingCustomer, subscription: dict[str, Any]) -> None:
    items = subscription.get("items", {}).get("data", [])
    if customer.status != subscription["status"] or customer.subscription_id != subscription["id"]:
        customer.status_since = timezone.now()
    customer.subscription_id = subscription["id"]
    customer.status = subscription["status"]
    customer.lookup_keys = sorted({item["price"].get("lookup_key") for item in items} - {None})
    customer.quantity = sum(item.get("quantity") or 0 for item in items) or 1
    # API 2025-03-31 and later put the period on the items; older versions on the subscription.
    period_end = subscription.get("current_period_end") or max(
        (item.get("current_period_end") or 0 for item in items), default=0
    )
    customer.current_period_end = _timestamp(period_end)
    customer.trial_end = _timestamp(subscription.get("trial_end"))
    customer.cancel_at_period_end = bool(subscription.get("cancel_at_period_end"))


def sync_price(price_id: str) -> None:
    price = stripe.Price.retrieve(price_id, **_stripe_options())
    djstripe_models.Price.sync_from_stripe_data(price, api_key=billing_settings.secret_key)


def sync_product(product_id: str) -> None:
    product = stripe.Product.retrieve(product_id, **_stripe_options())
    djstripe_models.Product.sync_from_stripe_data(product, api_key=billing_settings.secret_key)


def sync_catalog() -> tuple[int, int]:
    """Sync every Product and Price from Stripe with dj-stripe; returns how many of each."""
    _require_configuration()
    counts = []
    for model in (djstripe_models.Product, djstripe_models.Price):
        synced = 0
        for item in model.api_list(api_key=billing_settings.secret_key):
            model.sync_from_stripe_data(item, api_key=billing_settings.secret_key)
            synced += 1
        counts.append(synced)
    return counts[0], counts[1]


# --- seats (teams) -----------------------------------------------------------------------------------------


def seats_for(customer: BillingCustomer) -> int:
    """How many seats the customer pays for: a team's member count, else 1."""
    owner = customer.owner
    if billing_settings.CUSTOMER == "team" and owner is not None and owner._meta.app_label == "quickscale_teams":
        from quickscale_modules.teams.services import member_count

        return max(1, member_count(owner))
    return 1


def sync_seats(team: models.Model) -> BillingCustomer | None:
    """Set the team's subscription quantity to its member count; Stripe prorates the change."""
    customer = find_customer(team)
    if customer is None or not customer.subscription_id or customer.status not in LIVE_STATUSES:
        return customer
    seats = seats_for(customer)
    if seats == customer.quantity:
        return customer
    subscription = stripe.Subscription.retrieve(customer.subscription_id, **_stripe_options())
    item = subscription["items"]["data"][0]
    stripe.Subscription.modify(
        customer.subscription_id,
        items=[{"id": item["id"], "quantity": seats}],
        proration_behavior="create_prorations",
        **_stripe_options(),
    )
    return sync_subscription(customer.subscription_id)


# --- usage -------------------------------------------------------------------------------------------------


def record_usage(
    payer: BillingCustomer | models.Model, feature: str, quantity: int = 1, idempotency_key: str | None = None
) -> UsageRecord:
    """Add `quantity` to the payer's `feature` counter, once per idempotency key, and report it to Stripe.

    Pass the same idempotency_key when retrying (a request id, a job id): the retry changes nothing. When the
    feature has a Stripe meter (QUICKSCALE_BILLING_METERS), the usage is sent as a meter event whose
    identifier is that key, so Stripe does not count it twice either.
    """
    if quantity < 1:
        raise ValueError("Usage quantity must be a positive whole number.")
    customer = customer_for(payer)
    record, _ = UsageRecord.objects.get_or_create(
        idempotency_key=idempotency_key or uuid.uuid4().hex,
        defaults={"customer": customer, "feature": feature, "quantity": quantity},
    )
    if record.reported_at is None and feature in billing_settings.METERS:
        report_usage(record)
    return record


def usage(payer: BillingCustomer | models.Model | None, feature: str, since: datetime | None = None) -> int:
    """The payer's recorded `feature` usage (since a moment, else all of it)."""
    customer = find_customer(payer)
    if customer is None:
        return 0
    records = customer.usage_records.filter(feature=feature)
    if since is not None:
        records = records.filter(created__gte=since)
    return records.aggregate(total=Sum("quantity"))["total"] or 0


def report_usage(record: UsageRecord) -> None:
    """Send one usage record to Stripe's metered billing; Stripe dedupes on the record's key."""
    _require_configuration()
    stripe.billing.MeterEvent.create(
        event_name=billing_settings.METERS[record.feature],
        payload={"stripe_customer_id": record.customer.stripe_customer_id, "value": str(record.quantity)},
        identifier=record.idempotency_key,
        timestamp=int(record.created.timestamp()),
        idempotency_key=f"quickscale-usage-{record.idempotency_key}",
        **_stripe_options(),
    )
    UsageRecord.objects.filter(pk=record.pk).update(reported_at=timezone.now())
    record.reported_at = timezone.now()


def unreported_usage() -> Iterable[UsageRecord]:
    return UsageRecord.objects.filter(
        reported_at__isnull=True, feature__in=list(billing_settings.METERS)
    ).select_related("customer")


# --- helpers -----------------------------------------------------------------------------------------------


def _require_configuration() -> None:
    if not billing_settings.configured:
        raise BillingNotConfigured("Billing is not configured: set STRIPE_SECRET_KEY.")


def _stripe_options() -> dict[str, str]:
    return {"api_key": billing_settings.secret_key, "stripe_version": djstripe_settings.STRIPE_API_VERSION}


def _id(value: Any) -> str:
    return value if isinstance(value, str) else value["id"]


def _timestamp(value: int | None) -> datetime | None:
    return datetime.fromtimestamp(value, tz=UTC) if value else None
