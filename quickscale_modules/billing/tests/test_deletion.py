"""Deleting a payer (issue 24, finding 4): its subscription is canceled at Stripe at once and the billing record
is kept, closed, with when and why; if Stripe refuses or cannot be reached the deletion does not happen. Both
payer kinds (a user, a team), through the lifecycle hooks (lifecycle.py, collected by the auth module) and
through any other path that deletes the row (pre_delete: the Django admin, a shell)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from quickscale_modules.auth.hooks import delete_data, deletion_blockers, lifecycle_hooks
from quickscale_modules.billing import lifecycle, services
from quickscale_modules.billing.models import BillingCustomer
from quickscale_modules.teams import services as teams
from quickscale_modules.teams.exceptions import TeamDeletionBlocked

pytestmark = pytest.mark.django_db

USER_REFUSAL = "Your subscription could not be cancelled at Stripe; try again in a moment."


@pytest.fixture
def team(team_billing, team):
    """The team Acme, which pays (QUICKSCALE_BILLING_CUSTOMER = "team" for the whole test)."""
    return team


def stripe_status(fake_stripe, customer: BillingCustomer) -> str:
    return fake_stripe.objects[customer.subscription_id]["status"]


def test_deleting_a_paying_user_cancels_the_subscription_and_keeps_a_record(fake_stripe, user, subscribe):
    customer, user_id = subscribe(user), user.pk
    user.delete()
    assert stripe_status(fake_stripe, customer) == "canceled"
    record = BillingCustomer.objects.get(pk=customer.pk)
    assert record.status == "canceled" and record.closed_at is not None
    assert record.closed_reason == f"User {user_id} deleted; subscription {customer.subscription_id} canceled at once."
    assert record.owner is None


def test_deleting_a_paying_team_cancels_its_subscription(fake_stripe, user, team, subscribe):
    customer, team_id = subscribe(team), team.pk
    teams.delete_team(team, by=user)
    assert stripe_status(fake_stripe, customer) == "canceled"
    record = BillingCustomer.objects.get(pk=customer.pk)
    assert record.closed_at is not None and record.closed_reason.startswith(f"Team {team_id} deleted;")


def test_the_hooks_cancel_once_and_say_what_they_did(fake_stripe, user, subscribe):
    customer = subscribe(user)
    assert ("quickscale_billing", lifecycle.delete_user_data) in lifecycle_hooks("delete_user_data")
    assert deletion_blockers("user_deletion_blocker", user) == []
    assert delete_data("delete_user_data", user) == [
        f"quickscale_billing: subscription {customer.subscription_id} canceled at Stripe"
    ]
    assert lifecycle.delete_user_data(user) == []  # idempotent
    user.delete()  # the pre_delete receiver finds nothing left to do
    assert fake_stripe.count("DELETE", f"/v1/subscriptions/{customer.subscription_id}") == 1


def test_the_team_hooks(fake_stripe, user, team, subscribe):
    customer = subscribe(team)
    assert deletion_blockers("team_deletion_blocker", team) == []
    assert delete_data("delete_team_data", team) == [
        f"quickscale_billing: subscription {customer.subscription_id} canceled at Stripe"
    ]
    assert stripe_status(fake_stripe, customer) == "canceled"


def test_when_stripe_refuses_nothing_is_deleted(fake_stripe, user, subscribe):
    customer = subscribe(user)
    fake_stripe.fail_next.extend([500, 500, 500])
    with pytest.raises(services.SubscriptionNotCancelled, match=USER_REFUSAL), transaction.atomic():
        user.delete()
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert stripe_status(fake_stripe, customer) == "active"
    assert BillingCustomer.objects.get(pk=customer.pk).closed_at is None


def test_when_stripe_cannot_be_reached_the_blocker_says_so(fake_stripe, user, subscribe):
    subscribe(user)
    fake_stripe.fail_next.extend([500, 500, 500])
    assert lifecycle.user_deletion_blocker(user) == USER_REFUSAL


def test_a_team_whose_subscription_cannot_be_cancelled_stays(fake_stripe, user, team, subscribe):
    customer = subscribe(team)
    fake_stripe.fail_next.extend([500, 500, 500])
    with pytest.raises(TeamDeletionBlocked, match="The team's subscription could not be cancelled"):
        teams.delete_team(team, by=user)
    assert stripe_status(fake_stripe, customer) == "active"
    assert type(team).objects.filter(pk=team.pk).exists()


def test_with_billing_switched_off_a_live_subscription_blocks_the_deletion(settings, user, subscribe):
    subscribe(user)
    settings.STRIPE_SECRET_KEY = ""
    assert lifecycle.user_deletion_blocker(user) == (
        "Billing is switched off on this site, so your subscription cannot be cancelled; "
        "ask the site's operator to cancel it first."
    )
    with pytest.raises(services.SubscriptionNotCancelled), transaction.atomic():
        user.delete()


def test_a_payer_without_a_subscription_is_closed_without_a_cancellation(fake_stripe, user):
    customer = services.customer_for(user)
    assert lifecycle.delete_user_data(user) == ["billing record closed (no subscription)"]
    assert BillingCustomer.objects.get(pk=customer.pk).closed_reason == f"User {user.pk} deleted; no subscription."
    assert [request for request in fake_stripe.requests if request[0] == "DELETE"] == []


def test_a_user_who_never_paid_is_deleted_without_asking_stripe(fake_stripe, user):
    user.delete()
    assert fake_stripe.requests == []


def test_a_deleted_member_gives_the_team_its_seat_back(
    fake_stripe, user, team, subscribe, join, django_capture_on_commit_callbacks
):
    customer = subscribe(team)
    bob = join(team, user, "bob@example.com").user
    assert fake_stripe.objects[customer.subscription_id]["items"]["data"][0]["quantity"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        bob.delete()
    assert fake_stripe.objects[customer.subscription_id]["items"]["data"][0]["quantity"] == 1


def test_export_is_the_users_billing_summary_without_card_data(user, subscribe):
    subscribe(user)
    services.record_usage(user, "exports", 2)
    data = lifecycle.export_user_data(user)
    assert data["subscription"]["status"] == "active" and data["subscription"]["plans"] == ["pro_monthly"]
    assert data["usage"] == {"exports": 2}
    text = json.dumps(data)
    assert "card" not in text and "payment_method" not in text


def test_a_member_of_a_paying_team_exports_nothing_of_the_teams(user, team, subscribe):
    subscribe(team)
    assert lifecycle.export_user_data(user) == {}


def test_the_admin_lists_closed_records(client, user, subscribe, django_user_model):
    customer = subscribe(user)
    user.delete()
    client.force_login(django_user_model.objects.create_superuser("admin@example.com", "pw"))
    page = client.get("/admin/quickscale_billing/billingcustomer/?closed=yes").content.decode()
    assert customer.stripe_customer_id in page and "canceled at once" in page
