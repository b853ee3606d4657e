"""Every error under /api/ is the documented JSON shape, whether REST framework or Django answers it."""

from __future__ import annotations

import pytest
from apiflows import PASSWORD, error_of, with_key
from django.test import Client, override_settings


def test_an_unknown_url_under_api_is_a_json_404(client, db):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "message": "Not Found.", "details": {}}


@override_settings(DEBUG=True)
def test_the_json_404_does_not_depend_on_debug(client, db):
    response = client.get("/api/v2/")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_pages_outside_api_keep_django_html_errors(client, db):
    response = client.get("/elsewhere/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_bug_in_a_view_is_a_json_500_and_is_still_logged(db, caplog):
    response = Client(raise_request_exception=False).get("/api/broken")
    assert response.status_code == 500
    assert error_of(response) == {"code": "server_error", "message": "Internal Server Error.", "details": {}}
    assert "a bug in a view" in caplog.text


def test_another_users_key_is_404_not_403(client, user, api_key):
    from apiflows import make_user

    from quickscale_modules.api import services

    other, _ = services.create_key(make_user("eve@example.com"), "eve's")
    response = client.get(f"/api/v1/keys/{other.prefix}", **with_key(api_key))
    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "message": "Not found.", "details": {}}


def test_invalid_input_is_a_400_with_field_details(client, api_key):
    response = client.post("/api/v1/notes", {"text": ""}, content_type="application/json", **with_key(api_key))
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid" and error["details"] == {"text": ["This field may not be blank."]}


def test_malformed_json_is_a_400(client, api_key):
    response = client.post("/api/v1/notes", "{not json", content_type="application/json", **with_key(api_key))
    assert response.status_code == 400 and error_of(response)["code"] == "parse_error"


def test_a_wrong_method_is_a_405_naming_the_allowed_ones(client, api_key):
    response = client.delete("/api/v1/me", **with_key(api_key))
    assert response.status_code == 405 and error_of(response)["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_a_non_json_body_is_a_415(client, api_key):
    response = client.post("/api/v1/notes", {"text": "hi"}, **with_key(api_key))
    assert response.status_code == 415 and error_of(response)["code"] == "unsupported_media_type"


@pytest.fixture
def session(user):
    browser = Client(enforce_csrf_checks=True)
    browser.login(email=user.email, password=PASSWORD)
    return browser


def test_the_session_authenticates_reads(session):
    assert session.get("/api/v1/me").json()["email"] == "ada@example.com"


def test_a_session_write_without_the_csrf_token_is_a_403(session):
    response = session.post("/api/v1/notes", {"text": "hi"}, content_type="application/json")
    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "permission_denied" and "CSRF" in error["message"]


def test_a_session_write_with_the_csrf_token_passes(session):
    session.get("/api/keys/")  # the page sets the CSRF cookie, as a browser's first visit does
    token = session.cookies["csrftoken"].value
    response = session.post("/api/v1/notes", {"text": "hi"}, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201 and response.json() == {"text": "hi", "length": 2}


def test_an_api_key_needs_no_csrf_token(api_key):
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/notes", {"text": "hi"}, content_type="application/json", **with_key(api_key)
    )
    assert response.status_code == 201


def test_a_csrf_failure_on_the_keys_page_is_json_too(session):
    response = session.post("/api/keys/", {"name": "x"})
    assert response.status_code == 403 and error_of(response)["code"] == "permission_denied"
