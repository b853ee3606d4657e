"""/api/v1/payments/transactions: the user's purchases and their teams', from the local rows only (never Stripe)."""

from __future__ import annotations

from apiflows import error_of, make_user, with_key

from quickscale_modules.api import services as api_services
from quickscale_modules.payments.authorization import paid_purchase as purchase_of
from quickscale_modules.teams import services as teams_services


def test_the_list_has_the_users_and_their_teams_purchases_newest_first(client, user, api_key):
    team = teams_services.create_team("Acme", user)
    purchase_of(user, 1500, "jpy", "Course")
    purchase_of(team, 2500, "usd", "Team report")
    purchase_of(make_user("bob@example.com"), description="Bob's")
    response = client.get("/api/v1/payments/transactions", **with_key(api_key))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["description"], r["amount"], r["display_amount"], r["payer"]) for r in rows] == [
        ("Team report", 2500, "$25.00", "team"),
        ("Course", 1500, "¥1,500", "user"),
    ]


def test_one_purchase_by_its_reference_and_anyone_elses_is_404(client, user, api_key):
    mine = purchase_of(user)
    body = client.get(f"/api/v1/payments/transactions/{mine.public_id}", **with_key(api_key)).json()
    assert (body["reference"], body["status"], body["amount_refunded"]) == (str(mine.public_id), "succeeded", 0)
    other = purchase_of(make_user("bob@example.com"))
    response = client.get(f"/api/v1/payments/transactions/{other.public_id}", **with_key(api_key))
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_a_team_key_is_refused(client, user):
    team = teams_services.create_team("Acme", user)
    key = api_services.create_key(user, "team key", team=team)[1]
    response = client.get("/api/v1/payments/transactions", **with_key(key))
    assert response.status_code == 403
