"""Keys per team: made on the keys page for a team the user manages; such a key reaches that team alone."""

from __future__ import annotations

import re

import pytest
from apiflows import PASSWORD, error_of, make_user, with_key
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings

from quickscale_modules.api import services
from quickscale_modules.api.models import UserAPIKey
from quickscale_modules.billing.models import BillingCustomer
from quickscale_modules.teams import services as teams_services
from quickscale_modules.teams.models import Membership
from quickscale_modules.teams.roles import ADMIN, MEMBER

KEY_PATTERN = re.compile(r'<code class="qs-api-key">([A-Za-z0-9]{8}\.[A-Za-z0-9]+)</code>')


@pytest.fixture
def teams(user):
    """Acme (the user owns it), Beta (the user is an admin), Gamma (a member only), Delta (not the user's)."""
    other = make_user("eve@example.com")
    acme = teams_services.create_team("Acme", user)
    beta, gamma = teams_services.create_team("Beta", other), teams_services.create_team("Gamma", other)
    Membership.objects.create(team=beta, user=user, role=ADMIN)
    Membership.objects.create(team=gamma, user=user, role=MEMBER)
    return {"acme": acme, "beta": beta, "gamma": gamma, "delta": teams_services.create_team("Delta", other)}


@pytest.fixture
def signed_in(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def test_the_page_offers_only_the_teams_the_user_manages(signed_in, teams):
    html = signed_in.get("/api/keys/").content.decode()
    options = re.findall(r'<option value="([^"]*)"', html)
    assert options == ["", "acme", "beta"]


def test_a_team_key_made_on_the_page_belongs_to_its_team(signed_in, teams):
    response = signed_in.post("/api/keys/", {"name": "Acme CI", "team": "acme"})
    key = KEY_PATTERN.search(response.content.decode())[1]
    stored = UserAPIKey.objects.get(prefix=key.split(".")[0])
    assert stored.team_id == teams["acme"].pk and stored.team == teams["acme"]
    row = re.search(
        rf'<tr data-testid="key-{stored.prefix}">(.*?)</tr>', signed_in.get("/api/keys/").content.decode(), re.S
    )
    assert "acme" in row[1]
    listed = signed_in.get(f"/api/v1/keys/{stored.prefix}").json()
    assert listed["team"] == "acme"


@pytest.mark.parametrize("team", ["gamma", "delta", "nope"])
def test_a_team_the_user_does_not_manage_is_refused(signed_in, teams, team):
    response = signed_in.post("/api/keys/", {"name": "sneaky", "team": team})
    assert "Select a valid choice" in response.content.decode()
    assert not UserAPIKey.objects.exists()


def test_the_service_refuses_such_a_team_too(user, teams):
    with pytest.raises(ValueError, match="only for the teams you manage"):
        services.create_key(user, "x", team=teams["gamma"])


def test_a_personal_key_is_still_made_without_a_team(signed_in, teams):
    signed_in.post("/api/keys/", {"name": "mine", "team": ""})
    assert UserAPIKey.objects.get().team_id is None and UserAPIKey.objects.get().team is None


def test_a_team_key_reaches_its_team_alone(client, user, teams):
    key = with_key(services.create_key(user, "Beta CI", team=teams["beta"])[1])
    listed = client.get("/api/v1/teams", **key).json()
    assert [team["slug"] for team in listed["results"]] == ["beta"]
    assert client.get("/api/v1/teams/beta/memberships", **key).json()["count"] == 2
    for slug in ("acme", "gamma", "delta"):
        for response in (
            client.get(f"/api/v1/teams/{slug}", **key),
            client.get(f"/api/v1/teams/{slug}/memberships", **key),
            client.patch(f"/api/v1/teams/{slug}", {"name": "x"}, content_type="application/json", **key),
            client.post(f"/api/v1/teams/{slug}/leave", **key),
        ):
            assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    personal = with_key(services.create_key(user, "all of mine")[1])
    assert client.get("/api/v1/teams", **personal).json()["count"] == 3


def test_a_team_key_acts_with_the_users_current_role(client, user, teams):
    key = with_key(services.create_key(user, "Beta CI", team=teams["beta"])[1])
    Membership.objects.filter(team=teams["beta"], user=user).update(role=MEMBER)
    response = client.patch("/api/v1/teams/beta", {"name": "B"}, content_type="application/json", **key)
    assert response.status_code == 403


def test_leaving_the_team_or_its_deletion_revokes_its_keys(client, user, teams, django_capture_on_commit_callbacks):
    beta_key = services.create_key(user, "Beta CI", team=teams["beta"])[1]
    acme_key = services.create_key(user, "Acme CI", team=teams["acme"])[1]
    personal_key = services.create_key(user, "mine")[1]
    with django_capture_on_commit_callbacks(execute=True):  # the teams module signals a leave once committed
        assert client.post("/api/v1/teams/beta/leave", **with_key(beta_key)).status_code == 204
    assert client.get("/api/v1/me", **with_key(beta_key)).status_code == 401
    teams_services.delete_team(teams["acme"], by=user)
    assert client.get("/api/v1/me", **with_key(acme_key)).status_code == 401
    assert client.get("/api/v1/teams", **with_key(personal_key)).json()["count"] == 1  # Gamma


@override_settings(QUICKSCALE_BILLING_CUSTOMER="team")
def test_with_per_team_billing_a_team_key_reads_its_teams_subscription(client, user, teams):
    BillingCustomer.objects.create(
        owner_type=ContentType.objects.get_for_model(teams["beta"]),
        owner_id=str(teams["beta"].pk),
        stripe_customer_id="cus_beta",
        status="active",
        lookup_keys=["basic_monthly"],
    )
    teams_services.remember_team(Membership.objects.get(team=teams["acme"], user=user))  # last used: Acme
    beta = client.get("/api/v1/billing/subscription", **with_key(services.create_key(user, "b", team=teams["beta"])[1]))
    assert beta.json()["team"] == "beta" and beta.json()["entitlements"] == {"projects": 3}
    personal = client.get("/api/v1/billing/subscription", **with_key(services.create_key(user, "p")[1]))
    assert personal.json()["team"] == "acme" and personal.json()["entitlements"] == {}
