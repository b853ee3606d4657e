"""Per-seat billing with the real teams module: the team pays, seats = its member count, kept in sync with
Stripe (prorated) when members join or leave, through the teams module's member_added / member_removed."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import checks
from stripeevents import event
from test_webhooks import deliver

from quickscale_modules.billing import services
from quickscale_modules.billing.models import BillingCustomer
from quickscale_modules.teams import services as teams

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("team_billing")]


def item_quantity(fake_stripe, customer) -> int:
    return fake_stripe.objects[customer.subscription_id]["items"]["data"][0]["quantity"]


def test_checkout_for_a_team_charges_one_seat_per_member(signed_in, fake_stripe, user, team, catalog, join):
    join(team, user, "bob@example.com")
    signed_in.post("/billing/checkout/", {"price": "pro_monthly"})
    session = next(o for o in fake_stripe.objects.values() if o["object"] == "checkout.session")
    assert session["line_items"][0]["quantity"] == "2"
    assert BillingCustomer.objects.get().owner == team


def test_members_joining_and_leaving_change_the_seats_in_stripe(
    fake_stripe, user, team, subscribe, django_capture_on_commit_callbacks, join
):
    customer = subscribe(team)
    assert item_quantity(fake_stripe, customer) == 1
    membership = join(team, user, "bob@example.com")
    join(team, user, "cy@example.com")
    customer.refresh_from_db()
    assert (customer.quantity, item_quantity(fake_stripe, customer)) == (3, 3)
    changes = [params for path, params in fake_stripe.posted if path == f"/v1/subscriptions/{customer.subscription_id}"]
    assert [c["proration_behavior"] for c in changes] == ["create_prorations"] * 2  # Stripe prorates each change
    with django_capture_on_commit_callbacks(execute=True):
        teams.remove_member(membership, by=user)
    customer.refresh_from_db()
    assert (customer.quantity, item_quantity(fake_stripe, customer)) == (2, 2)


def test_members_who_join_while_checkout_is_open_are_charged_when_it_completes(
    client, signed_in, fake_stripe, user, team, catalog, join
):
    signed_in.post("/billing/checkout/", {"price": "pro_monthly"})  # one seat: the owner
    session = next(o for o in fake_stripe.objects.values() if o["object"] == "checkout.session")
    join(team, user, "bob@example.com")  # while the owner is on Checkout
    fake_stripe.complete_checkout(session["id"])
    assert deliver(client, event("checkout.session.completed", fake_stripe.objects[session["id"]])).status_code == 200
    customer = BillingCustomer.objects.get()
    assert (customer.quantity, item_quantity(fake_stripe, customer)) == (2, 2)


def test_seats_lowered_in_the_portal_are_set_back_to_the_member_count(client, fake_stripe, user, team, subscribe, join):
    customer = subscribe(team)
    join(team, user, "bob@example.com")
    subscription = fake_stripe.objects[customer.subscription_id]
    subscription["items"]["data"][0]["quantity"] = 1  # the customer lowers the quantity in the portal
    assert deliver(client, event("customer.subscription.updated", subscription)).status_code == 200
    customer.refresh_from_db()
    assert (customer.quantity, item_quantity(fake_stripe, customer)) == (2, 2)


def test_the_team_has_the_features_for_all_its_members(fake_stripe, user, team, subscribe, client):
    subscribe(team)
    member = get_user_model().objects.create_user("dee@example.com", "pw")
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
    invitation = teams.invite(team, "dee@example.com", by=user)
    teams.accept_invitation(teams.invitation_token(invitation), member)
    assert services.has_feature(team, "export")
    client.force_login(member)
    assert client.get("/export/").status_code == 200


def test_a_stripe_failure_does_not_undo_the_membership(fake_stripe, user, team, subscribe, join):
    customer = subscribe(team)
    fake_stripe.fail_next.extend([500, 500, 500])
    membership = join(team, user, "eve@example.com")
    assert membership.pk is not None
    customer.refresh_from_db()
    assert customer.quantity == 1


def test_a_user_without_a_team_is_asked_to_make_one(signed_in, user, catalog):
    teams.Membership.objects.filter(user=user).delete()
    response = signed_in.post("/billing/checkout/", {"price": "pro_monthly"}, follow=True)
    assert "Create or join a team first" in response.content.decode()


def test_team_billing_without_the_teams_module_is_a_check_error(settings):
    from quickscale_modules.billing.checks import check_settings

    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "quickscale_modules.teams"]
    assert [m.id for m in check_settings()] == ["quickscale_billing.E002"]
    assert all(isinstance(m, checks.Error) for m in check_settings())
