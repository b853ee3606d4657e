"""Roles and what each may do: the one table the services, the views, the docs and the tests share."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")


OWNER, ADMIN, MEMBER = Role.OWNER, Role.ADMIN, Role.MEMBER

# Action -> the roles allowed to do it. docs/modules/teams.md shows this table; a test checks they agree.
# On top of it: only an owner may act on an owner (remove, demote) or make someone an owner.
PERMISSIONS: dict[str, frozenset[str]] = {
    "view": frozenset({OWNER, ADMIN, MEMBER}),
    "invite": frozenset({OWNER, ADMIN}),
    "remove_member": frozenset({OWNER, ADMIN}),
    "change_role": frozenset({OWNER, ADMIN}),
    "rename": frozenset({OWNER, ADMIN}),
    "leave": frozenset({OWNER, ADMIN, MEMBER}),
    "transfer_ownership": frozenset({OWNER}),
    "delete": frozenset({OWNER}),
    "manage_billing": frozenset({OWNER}),
    "manage_api_keys": frozenset({OWNER, ADMIN}),
}


def allows(role: str, action: str) -> bool:
    """Whether `role` may do `action` (a key of PERMISSIONS)."""
    return role in PERMISSIONS[action]


def may_invite_as(inviter_role: str | None, role: str) -> bool:
    """Whether a member with `inviter_role` (None: not a member) may invite someone as `role`: the roles allowed to
    invite, and only an owner invites an owner. An invitation lives only as long as this holds for its inviter."""
    return inviter_role is not None and allows(inviter_role, "invite") and (role != OWNER or inviter_role == OWNER)


RANK: dict[str, int] = {MEMBER: 1, ADMIN: 2, OWNER: 3}


def at_least(role: str, minimum: str) -> bool:
    """Whether `role` is `minimum` or above it (owner > admin > member)."""
    return RANK[role] >= RANK[minimum]
