"""Signed tokens of the links in emails.

Unsubscribe tokens name one address and one category, and nothing else. The signature covers both, so
changing either (to unsubscribe someone else) makes the token invalid. They do not expire: an old email's
link still works.

Resume tokens name one address and the suppression that stops its mail; they expire after
RESUME_LINK_MAX_AGE seconds, and the page that reads them also wants that address's owner signed in.
"""

from __future__ import annotations

from typing import Any

from django.core import signing

SALT = "quickscale_notifications.unsubscribe"
RESUME_SALT = "quickscale_notifications.resume"
RESUME_LINK_MAX_AGE = 24 * 3600


def make_unsubscribe_token(email: str, category: str) -> str:
    return signing.Signer(salt=SALT).sign_object({"e": email, "c": category}, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    """(email, category) of a valid token; None for anything altered or made up."""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    return pair(value, "c", str)


def make_resume_token(email: str, suppression: Any) -> str:
    return signing.TimestampSigner(salt=RESUME_SALT).sign_object({"e": email, "s": suppression.pk}, compress=True)


def read_resume_token(token: str) -> tuple[str, int] | None:
    """(email, suppression id) of a valid token not older than RESUME_LINK_MAX_AGE; None otherwise."""
    try:
        value = signing.TimestampSigner(salt=RESUME_SALT).unsign_object(token, max_age=RESUME_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return pair(value, "s", int)


def pair(value: object, key: str, kind: type) -> tuple[str, Any] | None:
    """(value["e"], value[key]) when the signed value has that shape."""
    if not isinstance(value, dict) or not isinstance(value.get("e"), str) or not isinstance(value.get(key), kind):
        return None
    return value["e"], value[key]
