"""The api module's Python API: create, list, revoke and check API keys.

from quickscale_modules.api import services
key, secret = services.create_key(user, "CI deploys")   # show `secret` once; it is never stored
services.revoke_key(user, key.prefix)
key, secret = services.create_key(user, "Acme's CI", team=team)   # a team key (teams module installed)
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string

from quickscale_modules.api.models import UserAPIKey

# How often last_used_at is written: at most once a minute per key, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)

# What the library's KeyGenerator makes: an 8-character prefix of letters and digits.
PREFIX_PATTERN = re.compile(r"[A-Za-z0-9]{8}")

# A hash no key has, checked when the prefix is unknown, so that a wrong prefix costs what a wrong secret does.
_UNKNOWN_KEY_HASH = UserAPIKey.objects.key_generator.hash(get_random_string(41))


def create_key(user, name: str, expires_at: datetime | None = None, team=None) -> tuple[UserAPIKey, str]:
    """Create a key for `user`; returns it and the full key, which only the caller ever sees.

    With `team`, a team key: one of key_teams(user), else ValueError."""
    if team is not None:
        allowed = key_teams(user)
        if allowed is None or not allowed.filter(pk=team.pk).exists():
            raise ValueError("You can make API keys only for the teams you manage.")
    team_id = None if team is None else team.pk
    return UserAPIKey.objects.create_key(user=user, name=name, expiry_date=expires_at, team_id=team_id)


def key_teams(user) -> QuerySet | None:
    """The teams `user` may make keys for (their role allows manage_api_keys); None without the teams app."""
    if not apps.is_installed("quickscale_modules.teams"):
        return None
    from quickscale_modules.teams.services import teams_allowing

    return teams_allowing(user, "manage_api_keys")


def team_slugs(user) -> dict[int, str]:
    """Team id -> slug of the user's teams, to show which team a key belongs to ({} without the teams app)."""
    if not apps.is_installed("quickscale_modules.teams") or not user.is_authenticated:
        return {}
    from quickscale_modules.teams.services import teams_for

    return dict(teams_for(user).values_list("pk", "slug"))


def revoke_team_keys(team_id: int, user=None) -> int:
    """Revoke the keys of a team (of one user only, with `user`): the team is gone or the user left it."""
    keys = UserAPIKey.objects.filter(team_id=team_id, revoked=False)
    return _revoke(keys.filter(user=user) if user is not None else keys)


def revoke_user_keys(user) -> int:
    """Revoke every usable key of the user (their account is going); how many."""
    return UserAPIKey.objects.filter(user=user, revoked=False).update(revoked=True)


def keys_of(user) -> QuerySet[UserAPIKey]:
    """The user's keys, newest first, revoked and expired ones included."""
    return UserAPIKey.objects.filter(user=user).order_by("-created")


def revoke_key(user, prefix: str) -> bool:
    """Revoke the user's key with this prefix for good; False when the user has no such usable key."""
    return bool(_revoke(UserAPIKey.objects.filter(user=user, prefix=prefix, revoked=False)))


def _revoke(keys: QuerySet[UserAPIKey]) -> int:
    """Revoke `keys` one save() each (not QuerySet.update), so that model signals (an audit log) see each one."""
    with transaction.atomic():
        revoked = list(keys.select_for_update())
        for key in revoked:
            key.revoked = True
            key.save(update_fields=["revoked"])
    return len(revoked)


def find_key(prefix: str) -> UserAPIKey | None:
    if not PREFIX_PATTERN.fullmatch(prefix):
        return None
    try:  # prefix is unique: get() spares first()'s ORDER BY and LIMIT
        return UserAPIKey.objects.select_related("user").get(prefix=prefix)
    except UserAPIKey.DoesNotExist:
        return None


def authenticate_key(raw_key: str) -> UserAPIKey | None:
    """The usable key that `raw_key` is, or None.

    Whether the prefix is unknown or the secret is wrong, the same work is done: one lookup by prefix and one
    constant-time comparison of SHA-512 hashes (the library's Sha512ApiKeyHasher.verify, hmac.compare_digest).
    """
    prefix, _, _ = raw_key.partition(".")
    key = find_key(prefix)
    matches = UserAPIKey.objects.key_generator.verify(raw_key, key.hashed_key if key else _UNKNOWN_KEY_HASH)
    if key is None or not matches or not is_usable(key):
        return None
    record_use(key)
    return key


def is_usable(key: UserAPIKey) -> bool:
    return not key.revoked and not key.has_expired and key.user.is_active


def record_use(key: UserAPIKey) -> None:
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        UserAPIKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
