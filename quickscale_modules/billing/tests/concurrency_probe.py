"""Run by test_concurrency.py against a fresh PostgreSQL database (DATABASE_URL): build the schema, start the
local Stripe fake, race real processings (each in its own thread with its own connection) and print what
happened as JSON on the last line.

    concurrency_probe.py webhook-order ROUNDS   two webhook processings of one subscription, interleaved so
                                                that the older read of Stripe is applied last
    concurrency_probe.py seats EXAMPLES         hypothesis: random batches of concurrent joins, leaves and
                                                portal quantity changes of a per-seat team subscription
    concurrency_probe.py members EXAMPLES       the same with joins and leaves only
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from functools import partial

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "billing_testproject.settings")

import django

django.setup()

import stripe  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from fakestripe import FakeStripe  # noqa: E402
from hypothesis import HealthCheck, Phase, given  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from stripeevents import event  # noqa: E402

from quickscale_modules.billing import services, webhooks  # noqa: E402
from quickscale_modules.billing.models import BillingCustomer  # noqa: E402
from quickscale_modules.teams import services as teams  # noqa: E402
from quickscale_modules.teams.models import Membership  # noqa: E402
from quickscale_modules.teams.roles import OWNER  # noqa: E402

fake = FakeStripe()
names = iter(range(1, 1_000_000))


def new_user():
    from allauth.account.models import EmailAddress

    person = get_user_model().objects.create_user(f"person{next(names)}@example.com", "pw")
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    return person


def race(actions) -> list[str]:
    """Start each action at the same moment in a thread of its own (its own connection); the errors raised."""
    barrier, errors = threading.Barrier(len(actions)), []

    def run(action):
        barrier.wait()
        try:
            action()
        except Exception:
            errors.append(traceback.format_exc())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def in_thread(action) -> threading.Thread:
    def run():
        try:
            action()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def subscription_for(customer: BillingCustomer, quantity: int = 1) -> dict:
    with fake.lock:
        price = next(o for o in fake.objects.values() if o["object"] == "price")
        subscription = fake._subscription(
            {"customer": customer.stripe_customer_id, "items": [{"price": price["id"], "quantity": str(quantity)}]}
        )
    services.sync_subscription(subscription["id"])
    return subscription


def webhook_order(rounds: int) -> dict:
    """The first processing reads Stripe (active) and is held; the subscription is canceled and a second
    processing reads that; the first one's older read is released only once the second has finished or waits
    for the customer's lock. Stripe's last state (canceled) must be what the site keeps."""
    statuses = []
    for _ in range(rounds):
        customer = services.customer_for(new_user())
        subscription = subscription_for(customer)
        hold = fake.hold("GET", f"/v1/subscriptions/{subscription['id']}")
        first = in_thread(lambda s=subscription: webhooks.receive(event("customer.subscription.updated", s)))
        assert hold.arrived.wait(timeout=30), "the first processing never read the subscription"
        canceled = fake.advance(subscription["id"], status="canceled")
        second = in_thread(lambda s=canceled: webhooks.receive(event("customer.subscription.deleted", s)))
        deadline = time.monotonic() + 30
        while second.is_alive() and not someone_waits_for_a_lock() and time.monotonic() < deadline:
            time.sleep(0.01)
        hold.release()
        first.join(timeout=60)
        second.join(timeout=60)
        statuses.append(BillingCustomer.objects.get(pk=customer.pk).status)
    return {"statuses": statuses}


def join_action(team, owner):
    person = new_user()
    token = teams.invitation_token(teams.invite(team, person.email, by=owner))
    return lambda: teams.accept_invitation(token, person)


def portal_action(customer: BillingCustomer):
    def lower_the_seats_in_the_portal():
        with fake.lock:
            subscription = fake.objects[customer.subscription_id]
            subscription["items"]["data"][0]["quantity"] = 1
            snapshot = json.loads(json.dumps(subscription))
        webhooks.receive(event("customer.subscription.updated", snapshot))

    return lower_the_seats_in_the_portal


def actions_for(batch: list[str], team, owner, customer) -> list:
    leaving = list(Membership.objects.filter(team=team).exclude(role=OWNER))
    actions = []
    for operation in batch:
        if operation == "leave" and leaving:
            actions.append(partial(teams.leave_team, leaving.pop()))
        elif operation == "portal":
            actions.append(portal_action(customer))
        else:
            actions.append(join_action(team, owner))
    return actions


def seats_disagree(team, customer: BillingCustomer) -> str | None:
    members = teams.member_count(team)
    customer.refresh_from_db()
    with fake.lock:
        in_stripe = fake.objects[customer.subscription_id]["items"]["data"][0]["quantity"]
    if members == in_stripe == customer.quantity:
        return None
    return f"{members} members, {in_stripe} seats in Stripe, {customer.quantity} seats on the site"


OPERATIONS = st.sampled_from(["join", "leave", "portal"])
MEMBERSHIPS = st.sampled_from(["join", "leave"])  # without the portal: only the members' own races


def seats(examples: int, operations=OPERATIONS) -> dict:
    counted = {"examples": 0}

    @hypothesis_settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        start=st.integers(min_value=1, max_value=3),
        batches=st.lists(st.lists(operations, min_size=2, max_size=4), min_size=1, max_size=3),
    )
    def seats_follow_members(start, batches):
        counted["examples"] += 1
        owner = new_user()
        team = teams.create_team(f"Team {next(names)}", owner)
        Membership.objects.bulk_create(Membership(team=team, user=new_user()) for _ in range(start - 1))
        customer = services.customer_for(team)
        subscription_for(customer, quantity=start)
        customer.refresh_from_db()
        for batch in batches:
            errors = race(actions_for(batch, team, owner, customer))
            assert not errors, errors[0]
            disagreement = seats_disagree(team, customer)
            assert disagreement is None, f"after {batch} (start {start}): {disagreement}"

    try:
        seats_follow_members()
    except Exception as error:  # hypothesis's report of the failing example, or of a race it saw once
        found = [error, *getattr(error, "exceptions", [])]
        return {**counted, "failure": " / ".join(f"{type(e).__name__}: {e}" for e in found)}
    return {**counted, "failure": None}


def main(scenario: str, count: int) -> None:
    call_command("migrate", verbosity=0)
    stripe.api_base = fake.start()
    settings.QUICKSCALE_BILLING_CUSTOMER = "team"
    fake.add_price("pro_monthly", 1500, "month", name="Pro")
    services.sync_catalog()
    try:
        if scenario == "webhook-order":
            result = webhook_order(count)
        else:
            fake.latency = 0.005  # a little of Stripe's distance, so that the races have room to happen
            result = seats(count, {"seats": OPERATIONS, "members": MEMBERSHIPS}[scenario])
    finally:
        fake.stop()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
