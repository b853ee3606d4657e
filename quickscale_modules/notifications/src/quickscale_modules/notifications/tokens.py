"""Signed one-click unsubscribe tokens: each names one address and one category, and nothing else.

The signature covers both, so changing either (to unsubscribe someone else) makes the token
invalid. Links do not expire: an old email's link still works.
"""

from __future__ import annotations

from django.core import signing

SALT = "quickscale_notifications.unsubscribe"


def make_unsubscribe_token(email: str, category: str) -> str:
    return signing.Signer(salt=SALT).sign_object({"e": email, "c": category}, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    """(email, category) of a valid token; None for anything altered or made up."""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("e"), str) or not isinstance(value.get("c"), str):
        return None
    return value["e"], value["c"]
