"""Proof 4: collectstatic, then gunicorn with production settings on 127.0.0.1, seen over HTTP."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from testsupport.projects import VIA_HTTPS_PROXY, fetch, gunicorn

pytestmark = pytest.mark.slow

ONE_YEAR = 60 * 60 * 24 * 365


def test_home_page_is_served_with_the_security_headers(production_server):
    response = fetch(f"{production_server.url}/", VIA_HTTPS_PROXY)

    assert response.status == 200
    assert "Welcome to acme" in response.text
    headers = response.headers
    assert headers["Strict-Transport-Security"] == f"max-age={ONE_YEAR}; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(production_server):
    response = fetch(f"{production_server.url}/")

    assert response.status == 301
    assert response.headers["Location"].startswith("https://127.0.0.1:")


def test_stylesheet_is_served_by_whitenoise_hashed_compressed_and_cached_for_a_year(acme, production_server):
    home = fetch(f"{production_server.url}/", VIA_HTTPS_PROXY).text
    href = re.search(r'href="(/static/css/style\.[0-9a-f]{12}\.css)"', home)
    assert href, "the page links no hashed stylesheet"

    plain = fetch(f"{production_server.url}{href[1]}", VIA_HTTPS_PROXY)
    compressed = fetch(f"{production_server.url}{href[1]}", {**VIA_HTTPS_PROXY, "Accept-Encoding": "gzip"})

    assert plain.status == 200
    assert plain.headers["Content-Type"].startswith("text/css")
    max_age = int(re.search(r"max-age=(\d+)", plain.headers["Cache-Control"])[1])
    assert max_age >= ONE_YEAR
    assert "immutable" in plain.headers["Cache-Control"]
    assert plain.text == (acme.path / "static" / "css" / "style.css").read_text()
    assert compressed.headers["Content-Encoding"] == "gzip"


def test_health_check_reports_a_working_database(production_server):
    response = fetch(f"{production_server.url}/healthz", VIA_HTTPS_PROXY)

    assert response.status == 200
    assert json.loads(response.body) == {"status": "ok"}


def test_unknown_host_is_rejected(production_server):
    response = fetch(f"{production_server.url}/", {**VIA_HTTPS_PROXY, "Host": "evil.example.com"})

    assert response.status == 400


def test_admin_login_page_is_available(production_server):
    response = fetch(f"{production_server.url}/admin/login/", VIA_HTTPS_PROXY)

    assert response.status == 200
    assert 'name="password"' in response.text


def test_missing_page_gets_the_custom_404_and_a_json_log_line(production_server):
    response = fetch(f"{production_server.url}/no-such-page/", VIA_HTTPS_PROXY)

    assert response.status == 404
    assert "Page not found" in response.text
    entries = [json.loads(line) for line in production_server.log.read_text().splitlines() if line.startswith("{")]
    assert any(entry["logger"] == "django.request" and "/no-such-page/" in entry["message"] for entry in entries)


def test_health_check_reports_503_when_the_database_is_down(acme):
    nothing_listens_here = "postgres://app:secret@127.0.0.1:1/app"

    with gunicorn(acme, acme.production_env(nothing_listens_here)) as server:
        response = fetch(f"{server.url}/healthz", VIA_HTTPS_PROXY)

    assert response.status == 503
    assert json.loads(response.body) == {"status": "unavailable"}


def test_redis_url_gives_every_process_the_same_cache(acme, tmp_path, redis_url):
    env = acme.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", REDIS_URL=redis_url)
    key = f"starter-test-{uuid.uuid4().hex}"

    acme.manage(
        "shell", "--no-imports", "-c", f"from django.core.cache import cache; cache.set({key!r}, 'shared', 60)", env=env
    )
    read = acme.manage(
        "shell", "--no-imports", "-c", f"from django.core.cache import cache; print(cache.get({key!r}))", env=env
    )

    assert read.stdout.strip() == "shared"
