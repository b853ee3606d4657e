"""What a client and a person do with the API, as test helpers."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str = "ada@example.com", **extra):
    return get_user_model().objects.create_user(email=email, password=PASSWORD, **extra)


def with_key(key: str) -> dict[str, str]:
    """The header a client sends its API key in, as the Django test client takes it."""
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


def error_of(response) -> dict:
    """The documented error body's `error` object; fails unless the response is that JSON shape."""
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    body = json.loads(response.content)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    return body["error"]
