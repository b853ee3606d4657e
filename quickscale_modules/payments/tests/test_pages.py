"""The purchase history, receipts and refunds as a buyer meets them: their own and their teams', nobody else's."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quickscale_modules.payments.authorization import paid_purchase as purchase_of
from quickscale_modules.payments.models import Status, Transaction
from quickscale_modules.teams import services as teams
from quickscale_modules.teams.models import Membership
from quickscale_modules.teams.roles import MEMBER

pytestmark = pytest.mark.django_db


def receipt_url(purchase) -> str:
    return f"/payments/{purchase.public_id}/"


def test_the_history_lists_the_users_purchases_in_their_currencies(signed_in, user):
    purchase_of(user, 1500, "usd", "Report")
    purchase_of(user, 1500, "jpy", "Course")
    page = signed_in.get("/payments/").content.decode()
    assert "Report" in page and "$15.00" in page
    assert "Course" in page and "¥1,500" in page and "¥15.00" not in page


def test_a_purchase_from_the_product_page_becomes_paid_with_its_receipt(signed_in, user, fake_stripe, deliver):
    response = signed_in.post("/reports/7/buy/")
    purchase = Transaction.objects.get()
    assert response.status_code == 302 and response["Location"] == purchase.checkout_url
    assert "Awaiting payment" in signed_in.get(receipt_url(purchase)).content.decode()
    session = fake_stripe.complete_checkout(purchase.stripe_checkout_session_id)
    deliver("checkout.session.completed", session)
    page = signed_in.get(receipt_url(purchase)).content.decode()
    assert "Report 7" in page and "Paid" in page and "$15.00" in page


def test_someone_elses_receipt_is_not_found(client, user):
    other = get_user_model().objects.create_user("bob@example.com", "pw")
    client.force_login(other)
    assert client.get(receipt_url(purchase_of(user))).status_code == 404
    assert client.post(receipt_url(purchase_of(user)) + "refund/").status_code == 404
    assert "Annual report" not in client.get("/payments/").content.decode()


def test_the_payer_refunds_part_of_a_purchase_from_the_receipt(signed_in, user, paid):
    purchase = paid(user)
    assert 'data-testid="refund-form"' in signed_in.get(receipt_url(purchase)).content.decode()
    response = signed_in.post(receipt_url(purchase) + "refund/", {"amount": "5.00"}, follow=True)
    page = response.content.decode()
    assert "The refund is on its way" in page and "Partially refunded" in page and "$5.00" in page
    response = signed_in.post(receipt_url(purchase) + "refund/", {"amount": "10.01"}, follow=True)
    assert "At most $10.00 of this purchase can still be refunded." in response.content.decode()
    response = signed_in.post(receipt_url(purchase) + "refund/", {"amount": "ten"}, follow=True)
    assert "Enter an amount in USD such as 15.50." in response.content.decode()
    purchase.refresh_from_db()
    assert purchase.amount_refunded == 500


def test_after_the_refund_days_the_receipt_offers_no_refund(signed_in, user, settings):
    settings.QUICKSCALE_PAYMENTS_SELF_REFUND_DAYS = 0
    purchase = purchase_of(user)
    assert 'data-testid="refund-form"' not in signed_in.get(receipt_url(purchase)).content.decode()
    response = signed_in.post(receipt_url(purchase) + "refund/", follow=True)
    assert "cannot be refunded here; contact us" in response.content.decode()


def test_without_stripe_keys_a_refund_says_so(signed_in, user, settings):
    settings.STRIPE_SECRET_KEY = ""
    response = signed_in.post(receipt_url(purchase_of(user)) + "refund/", follow=True)
    assert "Payments are not configured yet" in response.content.decode()


def test_team_purchases_are_seen_by_members_and_refunded_by_owners_only(client, user, team, join, paid):
    purchase = paid(team)
    member = join(team, user, "member@example.com").user
    client.force_login(member)
    assert "Annual report" in client.get("/payments/").content.decode()
    page = client.get(receipt_url(purchase)).content.decode()
    assert "$15.00" in page and 'data-testid="refund-form"' not in page
    assert client.post(receipt_url(purchase) + "refund/").status_code == 403
    client.force_login(user)
    client.post(receipt_url(purchase) + "refund/")
    purchase.refresh_from_db()
    assert purchase.status == Status.REFUNDED


def test_the_pages_read_the_database_a_constant_number_of_times(signed_in, user, team, django_assert_max_num_queries):
    for number in range(12):
        purchase_of(team if number % 2 else user, description=f"Report {number}")
    with django_assert_max_num_queries(8):
        assert signed_in.get("/payments/").status_code == 200


people = st.integers(min_value=0, max_value=3)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    memberships=st.lists(st.tuples(people, st.integers(min_value=0, max_value=2)), max_size=8),
    payers=st.lists(
        st.one_of(st.tuples(st.just("user"), people), st.tuples(st.just("team"), st.integers(0, 2))), max_size=6
    ),
)
def test_a_purchase_is_seen_exactly_by_its_payer_and_the_members_of_its_team(client, memberships, payers):
    """Whatever the teams and purchases, each person sees their own and their teams' purchases; any other is a 404."""
    with transaction.atomic():
        users = [get_user_model().objects.create_user(f"person{i}@example.com", "pw") for i in range(4)]
        owned = [teams.create_team(f"Team {i}", users[i]) for i in range(3)]
        members = {(i, i) for i in range(3)}
        for person, team in set(memberships) - members:
            Membership.objects.create(team=owned[team], user=users[person], role=MEMBER)
            members.add((person, team))
        purchases = [(purchase_of(users[n] if kind == "user" else owned[n]), kind, n) for kind, n in payers]
        for person, someone in enumerate(users):
            client.force_login(someone)
            for purchase, kind, n in purchases:
                allowed = (kind == "user" and n == person) or (kind == "team" and (person, n) in members)
                assert client.get(receipt_url(purchase)).status_code == (200 if allowed else 404)
        transaction.set_rollback(True)
