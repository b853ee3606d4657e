"""The admin's refund action (a permission of its own) and what deleting or exporting a payer does."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from quickscale_modules.auth.hooks import delete_data, lifecycle_hooks
from quickscale_modules.payments.lifecycle import delete_user_data
from quickscale_modules.payments.models import Status, Transaction
from quickscale_modules.teams import services as teams

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/quickscale_payments/transaction/"


@pytest.fixture
def staff(client):
    """A staff member who may view transactions, not refund them."""
    person = get_user_model().objects.create_user("staff@example.com", "pw", is_staff=True)
    person.user_permissions.add(Permission.objects.get(codename="view_transaction"))
    client.force_login(person)
    return person


def refund_action(client, purchase):
    return client.post(
        CHANGELIST, {"action": "refund_in_full", "_selected_action": [purchase.pk]}, follow=True
    ).content.decode()


def test_staff_without_the_refund_permission_get_no_refund_action(client, staff, paid, user):
    purchase = paid(user)
    assert "refund_in_full" not in client.get(CHANGELIST).content.decode()
    refund_action(client, purchase)
    purchase.refresh_from_db()
    assert purchase.status == Status.SUCCEEDED and not purchase.refunds.exists()


def test_staff_with_the_refund_permission_refund_what_remains(client, staff, paid, user):
    staff.user_permissions.add(Permission.objects.get(codename="refund_transaction"))
    purchase = paid(user)
    page = refund_action(client, purchase)
    assert "Annual report ($15.00): $15.00 refunded." in page
    purchase.refresh_from_db()
    assert purchase.status == Status.REFUNDED
    assert purchase.refunds.get().requested_by == staff
    assert "This purchase is refunded in full already." in refund_action(client, purchase)


def test_a_transaction_is_read_only_in_the_admin(client, staff, paid, user):
    purchase = paid(user)
    url = f"{CHANGELIST}{purchase.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(url, {"description": "Free", "amount": "1"})
    purchase.refresh_from_db()
    assert (purchase.description, purchase.amount) == ("Annual report", 1500)


def test_the_users_purchases_are_in_their_data_export(paid, user):
    purchase = paid(user, 1500, "jpy")
    [hook] = [hook for app, hook in lifecycle_hooks("export_user_data") if app.endswith("payments")]
    [row] = hook(user)["purchases"]
    assert (row["reference"], row["amount"], row["currency"], row["status"]) == (
        str(purchase.public_id),
        1500,
        "jpy",
        "succeeded",
    )


def test_deleting_a_user_keeps_their_purchases_without_their_name(client, paid, user):
    purchase = paid(user)
    lines = delete_data("delete_user_data", user)
    assert "quickscale_payments: kept 1 of your purchases as accounting records, without the payer's name." in lines
    user.delete()
    purchase.refresh_from_db()
    assert (purchase.payer, purchase.payer_label, purchase.status) == (None, "", Status.SUCCEEDED)
    assert delete_user_data(user) == []  # again: nothing left to do


def test_deleting_a_team_anywhere_keeps_its_purchases(paid, team, user):
    purchase = paid(team)
    team.delete()  # the admin's way: the pre_delete receiver runs the same hook
    purchase.refresh_from_db()
    assert (purchase.payer, purchase.payer_label) == (None, "")
    assert Transaction.objects.count() == 1
    assert teams.teams_for(user).count() == 0
