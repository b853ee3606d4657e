"""/api/v1/notifications: the user's in-app notifications, newest first, marked read one by one or all at once."""

from __future__ import annotations

import pytest
from apiflows import error_of, make_user, with_key

from quickscale_modules.notifications import services
from quickscale_modules.notifications.models import Notification


@pytest.fixture
def notes(user):
    return [services.create_notification(user, f"Note {n}", body=f"Body {n}", link=f"/things/{n}/") for n in range(3)]


@pytest.fixture
def others(db):
    return services.create_notification(make_user("eve@example.com"), "Eve's", body="secret")


def test_the_list_is_the_users_newest_first_and_paginated(client, api_key, notes, others):
    body = client.get("/api/v1/notifications?page_size=2", **with_key(api_key)).json()
    assert body["count"] == 3 and [n["title"] for n in body["results"]] == ["Note 2", "Note 1"]
    assert body["results"][0] == {
        "id": notes[2].pk,
        "title": "Note 2",
        "body": "Body 2",
        "link": "/things/2/",
        "read": False,
        "read_at": None,
        "created_at": body["results"][0]["created_at"],
    }
    rest = client.get(body["next"], **with_key(api_key)).json()
    assert [n["title"] for n in rest["results"]] == ["Note 0"]


def test_another_users_notification_is_a_404_and_stays_unread(client, api_key, others):
    for response in (
        client.get(f"/api/v1/notifications/{others.pk}", **with_key(api_key)),
        client.post(f"/api/v1/notifications/{others.pk}/read", **with_key(api_key)),
        client.post(f"/api/v1/notifications/{2**63}/read", **with_key(api_key)),
    ):
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    others.refresh_from_db()
    assert others.read_at is None


def test_marking_one_read_and_again(client, api_key, notes):
    first = client.post(f"/api/v1/notifications/{notes[0].pk}/read", **with_key(api_key)).json()
    assert first["read"] is True and first["read_at"] is not None
    again = client.post(f"/api/v1/notifications/{notes[0].pk}/read", **with_key(api_key)).json()
    assert again["read_at"] == first["read_at"]
    assert client.get(f"/api/v1/notifications/{notes[0].pk}", **with_key(api_key)).json()["read"] is True
    assert client.get("/api/v1/notifications/unread-count", **with_key(api_key)).json() == {"unread": 2}


def test_marking_all_read_answers_how_many_and_leaves_others_alone(client, api_key, notes, others):
    assert client.get("/api/v1/notifications/unread-count", **with_key(api_key)).json() == {"unread": 3}
    assert client.post("/api/v1/notifications/read-all", **with_key(api_key)).json() == {"marked": 3}
    assert client.post("/api/v1/notifications/read-all", **with_key(api_key)).json() == {"marked": 0}
    assert client.get("/api/v1/notifications/unread-count", **with_key(api_key)).json() == {"unread": 0}
    assert Notification.objects.get(pk=others.pk).read_at is None


def test_the_email_preferences_are_read_and_chosen(client, user, api_key):
    body = client.get("/api/v1/notifications/preferences", **with_key(api_key)).json()
    assert body["email"] == user.email and body["paused"] is False
    assert {c["name"]: (c["essential"], c["enabled"]) for c in body["categories"]} == {
        "security": (True, True),
        "billing": (True, True),
        "activity": (False, True),
        "news": (False, True),
    }
    chosen = client.put(
        "/api/v1/notifications/preferences",
        {"categories": ["activity"]},
        content_type="application/json",
        **with_key(api_key),
    )
    assert chosen.status_code == 200
    enabled = {c["name"] for c in chosen.json()["categories"] if c["enabled"]}
    assert enabled == {"security", "billing", "activity"}  # essential ones stay on
    assert services.is_blocked(user.email, "news") and not services.is_blocked(user.email, "activity")


def test_an_unknown_category_changes_nothing(client, user, api_key):
    answer = client.put(
        "/api/v1/notifications/preferences",
        {"categories": ["activity", "gossip"]},
        content_type="application/json",
        **with_key(api_key),
    )
    assert answer.status_code == 400
    assert error_of(answer)["details"] == {"categories": {"1": ['"gossip" is not a valid choice.']}}
    assert not services.is_blocked(user.email, "news")
