"""API keys as their owner meets them: made on the page, shown once, stored hashed, revoked or expired -> 401."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from datetime import timedelta
from unittest import mock

import pytest
from apiflows import PASSWORD, error_of, make_user, with_key
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import crypto as django_crypto
from django.utils import timezone
from rest_framework_api_key import crypto

from quickscale_modules.api import services
from quickscale_modules.api.models import UserAPIKey

KEY_PATTERN = re.compile(r'<code class="qs-api-key">([A-Za-z0-9]{8}\.[A-Za-z0-9]+)</code>')


@pytest.fixture
def signed_in(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def create_on_page(client, name="deploys", expires_on="") -> str:
    response = client.post("/api/keys/", {"name": name, "expires_on": expires_on})
    assert response.status_code == 200
    return KEY_PATTERN.search(response.content.decode())[1]


def test_a_key_made_on_the_page_is_shown_once_and_then_authenticates(signed_in, user):
    key = create_on_page(signed_in)
    later = signed_in.get("/api/keys/").content.decode()
    assert key.split(".")[0] in later and key.split(".")[1] not in later  # the prefix identifies it, no more
    signed_in.logout()
    response = signed_in.get("/api/v1/me", **with_key(key))
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "email": "ada@example.com",
        "first_name": "",
        "last_name": "",
        "date_joined": response.json()["date_joined"],
    }


def test_the_created_page_is_never_cached(signed_in):
    response = signed_in.post("/api/keys/", {"name": "deploys"})
    assert "no-store" in response["Cache-Control"]


def test_the_stored_value_is_a_sha512_hash_not_the_key(api_key):
    stored = UserAPIKey.objects.get()
    assert api_key not in stored.hashed_key and api_key.split(".")[1] not in stored.id
    assert stored.hashed_key == "sha512$$" + hashlib.sha512(api_key.encode()).hexdigest()
    assert stored.is_valid(api_key)
    assert not stored.is_valid(api_key[:-1] + ("A" if api_key[-1] != "A" else "B"))
    assert stored.prefix == api_key.split(".")[0]


def test_the_page_lists_name_prefix_expiry_and_last_use(signed_in, user):
    key = create_on_page(signed_in, name="nightly export", expires_on=str(timezone.now().date() + timedelta(days=30)))
    signed_in.get("/api/v1/me", **with_key(key))
    row = re.search(r'<tr data-testid="key-[^"]+">(.*?)</tr>', signed_in.get("/api/keys/").content.decode(), re.S)[1]
    assert "nightly export" in row and key.split(".")[0] in row and "active" in row
    assert (timezone.now().date() + timedelta(days=30)).isoformat() in row
    assert row.count("never") == 0  # it expires, and it was used


def test_a_past_expiry_day_is_refused_with_a_reason(signed_in):
    response = signed_in.post("/api/keys/", {"name": "x", "expires_on": "2000-01-01"})
    assert "Pick today or a later day" in response.content.decode()
    assert not UserAPIKey.objects.exists()


def test_the_page_needs_a_signed_in_user(client, db):
    response = client.get("/api/keys/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_page_has_no_inline_script_or_style(signed_in):
    html = signed_in.get("/api/keys/").content.decode()
    assert not re.search(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=", html)
    assert re.search(r'<link rel="stylesheet" href="/static/quickscale_api/api.css">', html)


def test_a_revoked_key_gets_401_with_the_error_shape(signed_in, user):
    key = create_on_page(signed_in)
    response = signed_in.post(f"/api/keys/{key.split('.')[0]}/revoke/", follow=True)
    assert "is revoked" in response.content.decode()
    signed_in.logout()
    response = signed_in.get("/api/v1/me", **with_key(key))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert error_of(response)["code"] == "authentication_failed"


def test_nobody_revokes_another_users_key(signed_in, db):
    other_key = services.create_key(make_user("eve@example.com"), "eve's")[1]
    response = signed_in.post(f"/api/keys/{other_key.split('.')[0]}/revoke/")
    assert response.status_code == 404
    assert signed_in.get("/api/v1/me", **with_key(other_key)).json()["email"] == "eve@example.com"


def test_an_expired_key_gets_401(client, user):
    key = services.create_key(user, "old", expires_at=timezone.now() - timedelta(seconds=1))[1]
    response = client.get("/api/v1/me", **with_key(key))
    assert response.status_code == 401 and error_of(response)["code"] == "authentication_failed"


def test_the_key_of_a_deactivated_user_gets_401(client, user, api_key):
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me", **with_key(api_key)).status_code == 401


@pytest.mark.parametrize("header", ["Api-Key nonsense", "Api-Key ", "Api-Key abcdefgh.wrong", "Api-Key a.b.c"])
def test_malformed_or_unknown_keys_get_401(client, db, header):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401 and error_of(response)["code"] == "authentication_failed"


def test_without_credentials_the_api_answers_401(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and error_of(response)["code"] == "not_authenticated"


def test_the_key_never_reaches_logs_queries_or_later_responses(client, user, api_key, caplog):
    secret = api_key.split(".")[1]
    revoked = services.create_key(user, "gone")
    services.revoke_key(user, revoked[0].prefix)
    with caplog.at_level(logging.DEBUG), CaptureQueriesContext(connection) as queries:
        bodies = [
            client.get("/api/v1/me", **with_key(api_key)).content,
            client.get("/api/v1/keys", **with_key(api_key)).content,
            client.get(f"/api/v1/keys/{api_key.split('.')[0]}", **with_key(api_key)).content,
            client.get("/api/v1/me", **with_key(revoked[1])).content,
            client.get("/api/v1/me", **with_key(api_key[:-2])).content,
        ]
    logged = caplog.text + "".join(str(query) for query in queries.captured_queries)
    assert "Unauthorized: /api/v1/me" in caplog.text  # the 401s were logged ...
    for text in (logged, b"".join(bodies).decode()):
        assert secret not in text and revoked[1].split(".")[1] not in text  # ... without a secret
    assert revoked[0].hashed_key not in b"".join(bodies).decode()


def test_last_used_is_written_at_most_once_a_minute(client, api_key):
    client.get("/api/v1/me", **with_key(api_key))
    first_use = UserAPIKey.objects.get().last_used_at
    assert first_use is not None
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/me", **with_key(api_key))
    assert UserAPIKey.objects.get().last_used_at == first_use
    assert not any(query["sql"].startswith("UPDATE") for query in queries.captured_queries)
    UserAPIKey.objects.update(last_used_at=first_use - timedelta(minutes=2))
    client.get("/api/v1/me", **with_key(api_key))
    assert UserAPIKey.objects.get().last_used_at > first_use


def test_a_wrong_secret_and_an_unknown_prefix_take_the_same_path(api_key):
    """Constant time: both run one prefix lookup and one hmac.compare_digest of two SHA-512 hashes."""
    prefix, secret = api_key.split(".")
    wrong_secret = f"{prefix}.{'x' * len(secret)}"
    unknown_prefix = f"{'z' * len(prefix)}.{'x' * len(secret)}"
    comparisons = {}
    for raw_key in (wrong_secret, unknown_prefix):
        with (
            mock.patch.object(crypto, "constant_time_compare", wraps=crypto.constant_time_compare) as compare,
            CaptureQueriesContext(connection) as queries,
        ):
            assert services.authenticate_key(raw_key) is None
        (call,) = compare.call_args_list
        comparisons[raw_key] = [len(argument) for argument in call.args]
        (query,) = queries.captured_queries
        lookups = comparisons.setdefault("lookups", set())
        lookups.add(query["sql"].replace(prefix, "?").replace("z" * len(prefix), "?"))
    assert comparisons[wrong_secret] == comparisons[unknown_prefix] == [len("sha512$$") + 128] * 2
    assert len(comparisons["lookups"]) == 1, "the same query, whatever the prefix"
    # The library's comparison is Django's constant_time_compare, which is secrets/hmac.compare_digest.
    assert crypto.constant_time_compare is django_crypto.constant_time_compare
    assert django_crypto.secrets.compare_digest is hmac.compare_digest


def test_without_teams_to_choose_from_the_form_has_no_team_field():
    from quickscale_modules.api.forms import NewKeyForm

    assert "team" not in NewKeyForm(teams=None).fields


def test_a_signed_in_person_makes_a_key_through_the_api_and_sees_it_once(signed_in, user, client):
    response = signed_in.post("/api/v1/keys", {"name": "Deploys"}, content_type="application/json")
    assert response.status_code == 201
    made = response.json()
    assert made["name"] == "Deploys" and made["key"].startswith(made["prefix"] + ".")
    assert "key" not in signed_in.get(f"/api/v1/keys/{made['prefix']}").json()
    assert client.get("/api/v1/me", **with_key(made["key"])).json()["email"] == user.email


def test_a_key_made_through_the_api_follows_the_pages_rules(signed_in):
    response = signed_in.post(
        "/api/v1/keys", {"name": "x", "expires_on": "2000-01-01"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert error_of(response)["details"]["expires_on"][0].startswith("Pick today or a later day")
    assert signed_in.post("/api/v1/keys", {"name": ""}, content_type="application/json").status_code == 400


def test_a_signed_in_person_revokes_a_key_through_the_api(signed_in, user, client):
    _, key = services.create_key(user, "Laptop")
    prefix = key.split(".")[0]
    assert signed_in.post(f"/api/v1/keys/{prefix}/revoke").status_code == 204
    assert client.get("/api/v1/me", **with_key(key)).status_code == 401
    assert signed_in.post(f"/api/v1/keys/{prefix}/revoke").status_code == 404  # no usable key any more
    _, theirs = services.create_key(make_user("grace@example.com"), "Theirs")
    assert signed_in.post(f"/api/v1/keys/{theirs.split('.')[0]}/revoke").status_code == 404


def test_a_key_can_neither_make_nor_revoke_keys(client, user):
    _, key = services.create_key(user, "Leaked")
    made = client.post("/api/v1/keys", {"name": "Successor"}, content_type="application/json", **with_key(key))
    assert made.status_code == 403 and "signed-in person" in error_of(made)["message"]
    revoked = client.post(f"/api/v1/keys/{key.split('.')[0]}/revoke", **with_key(key))
    assert revoked.status_code == 403 and UserAPIKey.objects.filter(revoked=False).count() == 1
