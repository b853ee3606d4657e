"""The starter theme's pages: landing, pricing, the app shell's navigation, restyled module forms and the error page."""

import pytest
from django.apps import apps
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_landing_page_shows_the_hero_and_the_pricing_link(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b'class="hero' in response.content
    assert reverse("pricing").encode() in response.content


def test_pricing_page_shows_the_billing_plans_or_a_placeholder(client):
    response = client.get(reverse("pricing"))
    assert response.status_code == 200
    if apps.is_installed("quickscale_modules.billing"):
        assert b'data-testid="pricing"' in response.content
    else:
        assert b'data-testid="pricing-placeholder"' in response.content


def test_pages_load_htmx_and_alpine_from_the_site_itself(client):
    content = client.get(reverse("home")).content.decode()
    assert "/static/vendor/htmx-2.0.11/htmx.min.js" in content
    assert "/static/vendor/alpinejs-csp-3.17.4/alpine-csp.min.js" in content
    assert "<script>" not in content and " style=" not in content


def test_an_htmx_request_is_recognised(client):
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response.wsgi_request.htmx


def test_unknown_page_is_the_themes_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_signed_in_users_see_the_app_shell(client, user):
    client.force_login(user)
    content = client.get(reverse("home")).content.decode()
    assert 'aria-label="Site"' in content
    if apps.is_installed("quickscale_modules.auth"):
        assert reverse("account_logout") in content


def test_the_account_menu_links_the_pages_of_the_installed_modules(client, user):
    if not apps.is_installed("quickscale_modules.auth"):
        pytest.skip("the account menu comes with the auth module")
    client.force_login(user)
    content = client.get(reverse("home")).content.decode()
    for app, url_name in (
        ("quickscale_modules.notifications", "quickscale_notifications:preferences"),
        ("quickscale_modules.api", "quickscale_api:keys"),
    ):
        if apps.is_installed(app):
            assert f'href="{reverse(url_name)}"' in content


def test_module_forms_render_as_bulma_fields(client, user):
    if not apps.is_installed("quickscale_modules.teams"):
        pytest.skip("the team form comes with the teams module")
    client.force_login(user)
    content = client.get(reverse("quickscale_teams:create")).content.decode()
    assert '<label class="label" for="id_name">' in content
    assert 'class="button is-link" type="submit"' in content
