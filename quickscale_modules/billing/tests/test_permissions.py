"""Who may manage a team's billing (issue 24, finding 1): with QUICKSCALE_BILLING_CUSTOMER = "team", only the
roles the teams module gives "manage_billing" (owners) start a Checkout, open the portal, cancel or resume;
every other member sees the plan read-only and gets 403 for a direct POST, with Stripe never asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from quickscale_modules.billing import services
from quickscale_modules.teams.roles import ADMIN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("team_billing")]

# The starter theme restyles these pages with copies of its own (quickscale_billing/*.html): both are checked.
THEME_TEMPLATES = (
    Path(__file__).resolve().parents[3] / "quickscale_themes/starter/src/quickscale_themes/starter/common/templates"
)
WRITES = ["/billing/checkout/", "/billing/portal/", "/billing/subscription/cancel/", "/billing/subscription/resume/"]
READ_ONLY = "Only the owners of Acme can manage its billing"


@pytest.fixture(params=["module", "starter theme"])
def pages(request, settings):
    """The module's own page templates, or the starter theme's copies found first (as in a generated project)."""
    if request.param == "starter theme":
        engine = settings.TEMPLATES[0]
        settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], THEME_TEMPLATES]}]
    return request.param


@pytest.fixture
def member_client(client, team, user, join):
    client.force_login(join(team, user, "bob@example.com").user)
    return client


@pytest.mark.parametrize("url", WRITES)
def test_a_member_cannot_change_the_teams_billing(url, member_client, fake_stripe, team, subscribe):
    customer = subscribe(team)
    if url.endswith("resume/"):
        services.cancel_at_period_end(customer)
    before = list(fake_stripe.posted)
    response = member_client.post(url, {"price": "pro_yearly"})
    assert response.status_code == 403
    assert fake_stripe.posted == before  # Stripe was not asked anything
    customer.refresh_from_db()
    assert customer.cancel_at_period_end is url.endswith("resume/")


def test_a_member_cannot_start_the_teams_first_checkout(member_client, fake_stripe, catalog):
    assert member_client.post("/billing/checkout/", {"price": "pro_monthly"}).status_code == 403
    assert fake_stripe.count("POST", "/v1/checkout/sessions") == 0
    assert fake_stripe.count("POST", "/v1/customers") == 0


def test_an_admin_is_not_an_owner_for_billing(client, fake_stripe, team, user, subscribe, join):
    subscribe(team)
    client.force_login(join(team, user, "ann@example.com", role=ADMIN).user)
    assert client.post("/billing/portal/").status_code == 403


def test_members_see_the_plan_read_only(member_client, pages, team, subscribe):
    subscribe(team)
    page = member_client.get("/billing/manage/").content.decode()
    assert "Active" in page and "pro_monthly" in page
    assert READ_ONLY in page
    assert ('class="notification is-info is-light"' in page) is (pages == "starter theme")
    for url in WRITES:
        assert f'action="{url}"' not in page


def test_the_owner_sees_the_buttons(signed_in, pages, team, subscribe):
    subscribe(team)
    page = signed_in.get("/billing/manage/").content.decode()
    assert 'action="/billing/portal/"' in page and 'action="/billing/subscription/cancel/"' in page
    assert READ_ONLY not in page


def test_the_pricing_page_offers_members_no_checkout(member_client, pages, catalog, team):
    page = member_client.get("/billing/").content.decode()
    assert "15.00 USD / month" in page and READ_ONLY in page
    assert 'action="/billing/checkout/"' not in page


def test_the_pricing_page_offers_the_owner_a_checkout(signed_in, pages, catalog, team):
    page = signed_in.get("/billing/").content.decode()
    assert 'action="/billing/checkout/"' in page and READ_ONLY not in page


def test_the_owner_pays_for_the_team(signed_in, fake_stripe, team, catalog):
    response = signed_in.post("/billing/checkout/", {"price": "pro_monthly"})
    assert response.status_code == 302 and response["Location"].startswith("https://checkout.stripe.com/")


def test_one_question_decides_for_users_and_teams(user, team, join):
    member = join(team, user, "cy@example.com").user
    assert services.can_manage_billing(user, team)
    assert not services.can_manage_billing(member, team)
    with override_settings(QUICKSCALE_BILLING_CUSTOMER="user"):
        assert services.can_manage_billing(user, user)
        assert not services.can_manage_billing(member, user)
        assert not services.can_manage_billing(user, None)
