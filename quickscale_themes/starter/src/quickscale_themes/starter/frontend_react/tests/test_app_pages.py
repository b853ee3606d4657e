"""The React app's document: served at each of the app's paths (the /app/ ones after sign-in), with the CSRF
cookie the app sends back, and the tags that load the app from Vite's server or from the build's manifest (the
test settings name tests/vite_manifest.json: the tests run without a build)."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from pages.templatetags import vite

pytestmark = pytest.mark.django_db

# What `npm run build` writes to static/app/.vite/manifest.json: an entry importing a shared chunk with a style.
MANIFEST = {
    "src/main.tsx": {"file": "assets/main-AbC123.js", "isEntry": True, "imports": ["_vendor-XyZ789.js"]},
    "_vendor-XyZ789.js": {"file": "assets/vendor-XyZ789.js", "css": ["assets/vendor-Q1w2E3.css"]},
}


@pytest.fixture
def built(tmp_path, settings):
    """A build of the app in the collected static files, as production finds it (no Vite server)."""
    folder = tmp_path / "app" / ".vite"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(MANIFEST))
    settings.STATIC_ROOT, settings.VITE_MANIFEST, settings.VITE_DEV_SERVER = tmp_path, None, ""
    vite.manifest.cache_clear()
    yield
    vite.manifest.cache_clear()


def test_the_landing_page_is_the_app_with_the_csrf_cookie(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b'<div id="root"></div>' in response.content
    assert "csrftoken" in response.cookies


def test_the_app_pages_ask_a_visitor_to_sign_in_first(client, django_user_model):
    response = client.get(reverse("app_keys"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(django_user_model.objects.create_user("ada@example.com", password="x" * 12))
    assert client.get(reverse("app_keys")).status_code == 200


def test_the_tests_page_loads_the_app_as_production_does_under_the_strict_csp(client):
    response = client.get(reverse("pricing"))
    assert '<script type="module" src="/static/app/assets/main-test.js"></script>' in response.content.decode()
    assert "nonce-" not in response.headers["Content-Security-Policy"]


def test_in_development_the_app_comes_from_vites_server_with_hot_reload(client):
    with override_settings(VITE_DEV_SERVER="http://localhost:5173"):
        content = client.get(reverse("pricing")).content.decode()
    assert '<script type="module" src="http://localhost:5173/static/app/@vite/client"></script>' in content
    assert 'src="http://localhost:5173/static/app/src/main.tsx"' in content


def test_in_production_the_built_files_are_loaded_from_the_manifest(client, built):
    content = client.get(reverse("home")).content.decode()
    assert '<link rel="stylesheet" href="/static/app/assets/vendor-Q1w2E3.css">' in content
    assert '<link rel="modulepreload" href="/static/app/assets/vendor-XyZ789.js">' in content
    assert '<script type="module" src="/static/app/assets/main-AbC123.js"></script>' in content
    assert "localhost:5173" not in content and "<script>" not in content and " style=" not in content


def test_without_a_build_the_error_says_how_to_make_one(tmp_path, settings):
    settings.STATIC_ROOT, settings.STATICFILES_DIRS, settings.VITE_MANIFEST = tmp_path, [], None
    vite.manifest.cache_clear()
    with pytest.raises(ImproperlyConfigured, match=r"run npm ci && npm run build in frontend/"):
        vite.vite_assets({}, "src/main.tsx")
    vite.manifest.cache_clear()


def test_an_entry_the_build_lacks_is_named(built):
    with pytest.raises(ImproperlyConfigured, match=r"no entry src/other\.tsx"):
        vite.vite_assets({}, "src/other.tsx")
