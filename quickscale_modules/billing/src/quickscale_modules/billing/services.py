"""The billing module's Python API: who pays, who may manage it, what they may do, and the Stripe calls
behind the pages.

    from quickscale_modules.billing import services
    customer = services.customer_for(request.user)        # or a team, when QUICKSCALE_BILLING_CUSTOMER = "team"
    services.can_manage_billing(request.user, payer)       # the payer's own user, or a team's owners
    services.has_feature(customer, "export")               # True when a current plan grants it
    services.limit(customer, "projects")                    # 10, or 0 without a plan that sets it
    services.record_usage(customer, "api_calls", 3, idempotency_key=f"req-{request_id}")

Every function that reads takes a BillingCustomer or the user/team that pays; reading never calls Stripe.
Entitlements come from QUICKSCALE_BILLING_ENTITLEMENTS, keyed by the lookup keys of the subscribed prices.

Every change to a customer's summary row happens with that row locked (SELECT ... FOR UPDATE) and reads
Stripe only after taking the lock, so concurrent webhooks, seat changes and page actions apply one after
the other, each from a state of Stripe no older than the one applied before it.
"""

from __future__ import annotations

import logging
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

from quickscale_modules.auth.hooks import DeletionRefused
from quickscale_modules.billing.conf import billing_settings
from quickscale_modules.billing.models import LIVE_STATUSES, BillingCustomer, SubscriptionStatus, UsageRecord
from quickscale_modules.billing.signals import subscription_changed

logger = logging.getLogger(__name__)

# Live statuses past the first payment: the quantity follows a team's members, and a second live
# subscription beside one of these is canceled.
SETTLED_STATUSES = LIVE_STATUSES - {"incomplete"}

# The billing periods the pricing page sells, with their labels.
INTERVALS = {"month": "Monthly", "year": "Yearly"}


class BillingNotConfigured(Exception):
    """STRIPE_SECRET_KEY is not set: nothing can be sold yet."""


class CheckoutRefused(Exception):
    """A Checkout that must not start; the message is one sentence for the person."""


class PlanNotForSale(CheckoutRefused):
    """The lookup key is not one of the plans the pricing page offers."""


class AlreadySubscribed(CheckoutRefused):
    """The customer has a live subscription: they change it (manage page, portal) rather than buy another."""


class SubscriptionNotCancelled(DeletionRefused):
    """Deleting a payer stops: Stripe did not cancel its subscription. The message is one sentence."""


# --- who pays --------------------------------------------------------------------------------------------


def find_customer(payer: BillingCustomer | models.Model | None) -> BillingCustomer | None:
    """The BillingCustomer of a user or team (or the customer itself), without calling Stripe; None if none yet."""
    if payer is None or isinstance(payer, BillingCustomer):
        return payer
    if getattr(payer, "is_authenticated", True) is False:
        return None
    owner_type = ContentType.objects.get_for_model(payer)
    return BillingCustomer.objects.filter(owner_type=owner_type, owner_id=str(payer.pk), closed_at__isnull=True).first()


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


def is_team(payer: models.Model | None) -> bool:
    """Whether the payer is a team of the teams module, billed per seat (QUICKSCALE_BILLING_CUSTOMER = "team")."""
    return billing_settings.CUSTOMER == "team" and payer is not None and payer._meta.label == "quickscale_teams.Team"


# --- who may manage it ---------------------------------------------------------------------------------


def can_manage_billing(user, payer: models.Model | None) -> bool:
    """Whether `user` may change what `payer` pays: start a Checkout, open the portal, cancel or resume.

    Users manage their own billing. A team's billing is managed by the members whose role has the teams
    module's "manage_billing" right (owners); anyone else only sees it. Any other payer (a custom team
    resolver's) is managed by nobody here.
    """
    if payer is None or not getattr(user, "is_authenticated", False):
        return False
    if is_team(payer):
        from quickscale_modules.teams.services import can, get_membership

        return can(get_membership(user, payer), "manage_billing")
    return payer == user


def billing_managers(payer: models.Model) -> str:
    """One sentence for those who may not manage the payer's billing: who may."""
    if not is_team(payer):
        return "Only the account that pays can manage this billing."
    from quickscale_modules.teams.roles import PERMISSIONS, RANK, Role

    roles = sorted(PERMISSIONS["manage_billing"], key=RANK.__getitem__, reverse=True)
    who = " and ".join(f"{Role(role).label.lower()}s" for role in roles)
    return f"Only the {who} of {payer} can manage its billing."


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
    """The plans the pricing page offers for `interval` ("month" or "year"), cheapest first: active recurring
    prices with a lookup key, of an active product, in the mode of the secret key (test or live).

    When QUICKSCALE_BILLING_ENTITLEMENTS names lookup keys, only those prices are for sale.
    """
    prices = (
        djstripe_models.Price.objects.filter(
            active=True, product__active=True, livemode=billing_settings.live_mode, lookup_key__isnull=False
        )
        .exclude(lookup_key="")
        .select_related("product")
    )
    sold = set(billing_settings.ENTITLEMENTS)
    if sold:
        prices = prices.filter(lookup_key__in=sold)
    chosen = [p for p in prices if (p.recurring or {}).get("interval") == interval]
    return sorted(chosen, key=lambda p: (p.unit_amount or 0, p.lookup_key or ""))


def plans_for_sale(interval: str, customer: BillingCustomer | None = None) -> list[dict[str, Any]]:
    """The pricing page's plans for `interval`: each price with its amount as shown, what it includes, and the
    trial a Checkout by `customer` (None: a visitor) would give."""
    plans = []
    for price in prices_for_sale(interval):
        trial = trial_for(customer, price.lookup_key) or {}
        plans.append(
            {
                "price": price,
                "amount": shown_amount(price),
                "includes": included(price.lookup_key),
                "trial_days": trial.get("days"),
                "card_required": trial.get("card_required", True),
            }
        )
    return plans


def shown_amount(price: djstripe_models.Price) -> str:
    """The price as the pricing page shows it: "15.00 USD / month" (whole units for zero-decimal currencies)."""
    if price.currency in djstripe_settings.ZERO_DECIMAL_CURRENCIES:
        amount = f"{price.unit_amount or 0:,}"
    else:
        amount = f"{(price.unit_amount or 0) / 100:,.2f}"
    return f"{amount} {price.currency.upper()} / {price.recurring['interval']}"


def included(lookup_key: str) -> list[str]:
    """What the plan `lookup_key` includes, one line per entitlement (QUICKSCALE_BILLING_ENTITLEMENTS): a
    feature granted by True as its name ("Export"), a limit as its number and name ("10 projects")."""
    lines = []
    for name, value in billing_settings.ENTITLEMENTS.get(lookup_key, {}).items():
        label = name.replace("_", " ")
        if isinstance(value, bool):
            if value:
                lines.append(label[:1].upper() + label[1:])
        else:
            lines.append(f"{value:,} {label}")
    return lines


def price_for_sale(lookup_key: str) -> djstripe_models.Price | None:
    """The plan the pricing page offers under `lookup_key`, else None (private, archived, other mode ...)."""
    return next(
        (price for interval in INTERVALS for price in prices_for_sale(interval) if price.lookup_key == lookup_key), None
    )


def trial_for(customer: BillingCustomer | None, lookup_key: str) -> dict[str, Any] | None:
    """The trial a Checkout of `lookup_key` gives (QUICKSCALE_BILLING_TRIALS): none once the customer has had one."""
    if customer is not None and customer.trial_used:
        return None
    return billing_settings.TRIALS.get(lookup_key) or None


def start_checkout(payer: BillingCustomer | models.Model, lookup_key: str, success_url: str, cancel_url: str) -> str:
    """Create a Stripe Checkout Session for a subscription to the plan `lookup_key`; returns its URL.

    PlanNotForSale unless the pricing page offers the plan. Under the customer's lock, Stripe's list of the
    customer's subscriptions decides: a live one refuses with AlreadySubscribed (and is stored, the webhook
    may not have arrived yet), a past trial means no trial now. The customer's Checkout Sessions still open
    (another tab) are expired, so that only the newest one can be paid.
    """
    _require_configuration()
    price = price_for_sale(lookup_key)
    if price is None:
        raise PlanNotForSale("That plan is not available. Choose one of the plans below.")
    customer = customer_for(payer)
    with transaction.atomic():
        customer = _lock(customer.stripe_customer_id)
        live = _reconcile(customer)
        if live is None:
            # A one-off purchase's Checkout (the payments module's) in another tab stays payable.
            _expire_open_checkouts(customer, mode="subscription")
            checkout = stripe.checkout.Session.create(
                mode="subscription",
                customer=customer.stripe_customer_id,
                client_reference_id=str(customer.pk),
                line_items=[{"price": price.id, "quantity": seats_for(customer)}],
                **_subscription_terms(customer, lookup_key),
                success_url=success_url,
                cancel_url=cancel_url,
                **_stripe_options(),
            )
    if live is not None:
        raise AlreadySubscribed("You already have a subscription: change or cancel it here.")
    return checkout["url"]


def _reconcile(customer: BillingCustomer) -> dict[str, Any] | None:
    """Bring the customer's row up to what Stripe knows (a trial had, a live subscription); the live one."""
    subscriptions = subscriptions_at_stripe(customer)
    if not customer.trial_used and any(_had_trial(subscription) for subscription in subscriptions):
        customer.trial_used = True
        customer.save(update_fields=["trial_used", "updated_at"])
    live = next((subscription for subscription in subscriptions if subscription["status"] in LIVE_STATUSES), None)
    if live is not None:
        apply_subscription(live)
    return live


def subscriptions_at_stripe(customer: BillingCustomer) -> list[dict[str, Any]]:
    """Every subscription Stripe has for the customer, newest first, canceled ones included."""
    found = stripe.Subscription.list(customer=customer.stripe_customer_id, status="all", limit=100, **_stripe_options())
    return list(found.auto_paging_iter())


def _expire_open_checkouts(customer: BillingCustomer, mode: str | None = None) -> None:
    """Expire the customer's open Checkout Sessions (of one `mode` only, or all of them)."""
    found = stripe.checkout.Session.list(customer=customer.stripe_customer_id, status="open", **_stripe_options())
    for session in found.auto_paging_iter():
        if mode is None or session.get("mode") == mode:
            stripe.checkout.Session.expire(session["id"], **_stripe_options())


def _subscription_terms(customer: BillingCustomer, lookup_key: str) -> dict[str, Any]:
    """Checkout's subscription_data (and payment method collection) for the plan, with its trial if one is due."""
    subscription_data: dict[str, Any] = {"metadata": {"quickscale_customer": str(customer.pk)}}
    terms: dict[str, Any] = {"subscription_data": subscription_data}
    trial = trial_for(customer, lookup_key)
    if trial:
        subscription_data["trial_period_days"] = int(trial["days"])
        if not trial.get("card_required", True):
            # Trial without a card: Checkout asks for one only if the amount due now is not zero.
            terms["payment_method_collection"] = "if_required"
            subscription_data["trial_settings"] = {"end_behavior": {"missing_payment_method": "cancel"}}
    return terms


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
    with transaction.atomic():
        _lock(customer.stripe_customer_id)
        subscription = stripe.Subscription.modify(
            customer.subscription_id, cancel_at_period_end=cancel, **_stripe_options()
        )
        return apply_subscription(subscription)


# --- keeping the local copy current --------------------------------------------------------------------


def sync_subscription(subscription_id: str, customer_id: str | None = None) -> BillingCustomer | None:
    """Store the subscription as Stripe has it now (whatever order events came in), then set a team's seats
    to its member count. Stripe is read after the customer's row is locked: a processing that read earlier
    has applied its state before this read, so an older state never overwrites a newer one."""
    customer_id = customer_id or _customer_of(subscription_id)
    with transaction.atomic():
        _lock(customer_id)
        subscription = stripe.Subscription.retrieve(subscription_id, **_stripe_options())
        customer = apply_subscription(subscription)
        if customer is not None and customer.subscription_id == subscription["id"]:
            customer = _correct_seats(customer, subscription)
    return customer


def apply_subscription(subscription: dict[str, Any]) -> BillingCustomer | None:
    """Store a Stripe subscription (dj-stripe's copy and the customer's summary); signal a change of state.

    A live subscription the customer may not have (a second one, or any once the payer is deleted) is
    canceled at Stripe at once instead of being followed.
    """
    with transaction.atomic():
        customer = _lock(_id(subscription["customer"]))
        if customer is not None and _unwanted(customer, subscription):
            subscription = _cancel_at_once(subscription["id"], credit_unused_time=customer.closed_at is None)
        djstripe_models.Subscription.sync_from_stripe_data(subscription, api_key=billing_settings.secret_key)
        if customer is None:
            return None
        customer.trial_used = customer.trial_used or _had_trial(subscription)
        if not _follows(customer, subscription):
            customer.save(update_fields=["trial_used", "updated_at"])
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


def _unwanted(customer: BillingCustomer, subscription: dict[str, Any]) -> bool:
    """A live subscription other than the one followed, when the payer is deleted or the followed one is still
    live at Stripe (two Checkout tabs, a subscription made in the Dashboard): one per customer."""
    if subscription["status"] not in LIVE_STATUSES or subscription["id"] == customer.subscription_id:
        return False
    if customer.closed_at is not None:
        return True
    if not customer.has_live_subscription():
        return False
    followed = stripe.Subscription.retrieve(customer.subscription_id, **_stripe_options())
    return followed["status"] in SETTLED_STATUSES


def _cancel_at_once(subscription_id: str, credit_unused_time: bool) -> dict[str, Any]:
    """Cancel a subscription at Stripe now; a customer who keeps another one gets the unused time as credit."""
    logger.warning("Canceling Stripe subscription %s: its customer may not have it", subscription_id)
    credit = {"prorate": True, "invoice_now": True} if credit_unused_time else {}
    return stripe.Subscription.cancel(subscription_id, **credit, **_stripe_options())


def _had_trial(subscription: dict[str, Any]) -> bool:
    return bool(subscription.get("trial_start") or subscription.get("trial_end"))


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
    if is_team(owner):
        from quickscale_modules.teams.services import member_count

        return max(1, member_count(owner))
    return 1


def sync_seats(team: models.Model) -> BillingCustomer | None:
    """Set the team's subscription quantity to its member count (Stripe prorates the change).

    The customer's row is locked before the member count and Stripe are read, so two membership changes
    at once are applied one after the other and the last one counts every member."""
    customer = find_customer(team)
    if customer is None:
        return None
    with transaction.atomic():
        customer = _lock(customer.stripe_customer_id)
        if not customer.has_live_subscription():
            return customer
        return sync_subscription(customer.subscription_id, customer.stripe_customer_id)


def _correct_seats(customer: BillingCustomer, subscription: dict[str, Any]) -> BillingCustomer:
    """Give a team's settled subscription one seat per member (called with the customer's row locked): after a
    membership change, a Checkout that counted fewer members, or a quantity changed in the portal."""
    if subscription["status"] not in SETTLED_STATUSES or not is_team(customer.owner):
        return customer
    seats = seats_for(customer)
    item = subscription["items"]["data"][0]
    if item.get("quantity") == seats:
        return customer
    changed = stripe.Subscription.modify(
        subscription["id"],
        items=[{"id": item["id"], "quantity": seats}],
        proration_behavior="create_prorations",
        **_stripe_options(),
    )
    return apply_subscription(changed)


# --- deleting a payer ----------------------------------------------------------------------------------


def close_customer(customer: BillingCustomer, event: str) -> list[str]:
    """The payer is being deleted: cancel its live subscriptions at Stripe at once, expire its open Checkouts,
    and close the row, kept as the record (`event`, say "User 5 deleted", starts its closed_reason).

    Idempotent. Raises BillingNotConfigured (a live subscription and no key) or stripe.StripeError; then
    nothing is closed. What it did, a short line each.
    """
    with transaction.atomic():
        customer = _lock(customer.stripe_customer_id)
        if customer.closed_at is not None:
            return []
        canceled = _cancel_everything(customer)
        ended = f"subscription {', '.join(canceled)} canceled at once" if canceled else "no subscription"
        customer.closed_at = timezone.now()
        customer.closed_reason = f"{event}; {ended}."[:255]
        customer.save(update_fields=["closed_at", "closed_reason", "updated_at"])
    return [f"subscription {subscription_id} canceled at Stripe" for subscription_id in canceled] or [
        "billing record closed (no subscription)"
    ]


def _cancel_everything(customer: BillingCustomer) -> list[str]:
    """Cancel the customer's live subscriptions and open Checkouts at Stripe; the subscriptions' ids."""
    if not billing_settings.configured:
        if customer.has_live_subscription():
            raise BillingNotConfigured("Billing is not configured: set STRIPE_SECRET_KEY to cancel the subscription.")
        return []
    _expire_open_checkouts(customer)
    canceled = []
    for subscription in subscriptions_at_stripe(customer):
        if subscription["status"] in LIVE_STATUSES:
            apply_subscription(_cancel_at_once(subscription["id"], credit_unused_time=False))
            canceled.append(subscription["id"])
    return canceled


# --- usage -------------------------------------------------------------------------------------------------


def record_usage(
    payer: BillingCustomer | models.Model, feature: str, quantity: int = 1, idempotency_key: str | None = None
) -> UsageRecord:
    """Add `quantity` to the payer's `feature` counter, once per idempotency key, and report it to Stripe.

    Pass the same idempotency_key when retrying (a request id, a job id): the retry changes nothing. A key
    counts once per customer and feature (another customer's or feature's same key is other usage). When the
    feature has a Stripe meter (QUICKSCALE_BILLING_METERS), the usage is sent as a meter event whose
    identifier belongs to the record (the Stripe customer and the record's id), so Stripe does not count a
    retry twice either.
    """
    if quantity < 1:
        raise ValueError("Usage quantity must be a positive whole number.")
    customer = customer_for(payer)
    record, _ = UsageRecord.objects.get_or_create(
        customer=customer,
        feature=feature,
        idempotency_key=idempotency_key or uuid.uuid4().hex,
        defaults={"quantity": quantity},
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
        identifier=record.meter_event_identifier,
        timestamp=int(record.created.timestamp()),
        idempotency_key=f"quickscale-usage-{record.meter_event_identifier}",
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


def _lock(customer_id: str) -> BillingCustomer | None:
    """The customer's row, locked until the transaction ends (call inside transaction.atomic())."""
    return BillingCustomer.objects.select_for_update().filter(stripe_customer_id=customer_id).first()


def _customer_of(subscription_id: str) -> str:
    """The Stripe customer of a subscription (it never changes): from the row that follows it, else Stripe."""
    known = BillingCustomer.objects.filter(subscription_id=subscription_id).values_list("stripe_customer_id", flat=True)
    return known.first() or _id(stripe.Subscription.retrieve(subscription_id, **_stripe_options())["customer"])


def _stripe_options() -> dict[str, str]:
    return {"api_key": billing_settings.secret_key, "stripe_version": djstripe_settings.STRIPE_API_VERSION}


def _id(value: Any) -> str:
    return value if isinstance(value, str) else value["id"]


def _timestamp(value: int | None) -> datetime | None:
    return datetime.fromtimestamp(value, tz=UTC) if value else None
