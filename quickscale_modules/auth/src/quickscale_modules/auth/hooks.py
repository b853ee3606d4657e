"""The installed modules' lifecycle hooks, for exporting and deleting a user's or a team's data.

Any installed app may ship a `lifecycle.py` with some of these functions (docs/modules.md, "Deleting and
exporting data"):

    export_user_data(user) -> dict              what the app holds about the user (JSON-serialisable, no secrets)
    user_deletion_blocker(user) -> str | None   one sentence saying what to do first, or None
    delete_user_data(user) -> list[str]         cancel, revoke, anonymise; what it did, a line each
    team_deletion_blocker(team) -> str | None
    delete_team_data(team) -> list[str]

The delete hooks run inside the deletion's transaction, before the row goes, and must be idempotent; one that
cannot do its part raises DeletionRefused (or a subclass) with one sentence, and nothing is deleted.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

from django.apps import apps


class DeletionRefused(Exception):
    """A delete hook cannot do its part now (a subscription Stripe did not cancel ...): the deletion stops and
    rolls back. The message is one sentence saying what to do."""


HOOK_NAMES = frozenset(
    {"export_user_data", "user_deletion_blocker", "delete_user_data", "team_deletion_blocker", "delete_team_data"}
)


def lifecycle_hooks(name: str) -> list[tuple[str, Callable]]:
    """(app label, function) for each installed app whose lifecycle.py defines `name`, in INSTALLED_APPS order."""
    if name not in HOOK_NAMES:
        raise ValueError(f"Unknown lifecycle hook {name!r}; use one of {sorted(HOOK_NAMES)}.")
    found = []
    for config in apps.get_app_configs():
        module = _lifecycle_module(config.name)
        if module is not None and hasattr(module, name):
            found.append((config.label, getattr(module, name)))
    return found


def _lifecycle_module(app_name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"{app_name}.lifecycle")
    except ModuleNotFoundError as error:
        if error.name != f"{app_name}.lifecycle":
            raise
        return None


def deletion_blockers(name: str, subject) -> list[str]:
    """Every sentence the installed apps' `name` hooks (user_ or team_deletion_blocker) give for `subject`."""
    return [reason for _, hook in lifecycle_hooks(name) if (reason := hook(subject))]


def delete_data(name: str, subject) -> list[str]:
    """Run every installed app's `name` hook (delete_user_data or delete_team_data); what they did, a line each."""
    done: list[str] = []
    for label, hook in lifecycle_hooks(name):
        done.extend(f"{label}: {line}" for line in hook(subject) or [])
    return done
