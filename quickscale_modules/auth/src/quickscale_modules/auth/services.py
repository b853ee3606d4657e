"""What project code calls: email verification, two-factor status, the enabled social providers, a user's data
and deleting an account.

from quickscale_modules.auth.services import verified_email_required

@verified_email_required
def invoices(request): ...
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.decorators import verified_email_required
from allauth.account.utils import has_verified_email
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.decorators import method_decorator

from quickscale_modules.auth.hooks import DeletionRefused, delete_data, deletion_blockers, lifecycle_hooks
from quickscale_modules.auth.models import AccountDeletion, email_hash

__all__ = [
    "AccountDeletionBlocked",
    "SocialProvider",
    "VerifiedEmailRequiredMixin",
    "delete_account",
    "enabled_social_providers",
    "has_two_factor",
    "is_email_verified",
    "user_data",
    "verified_email_required",
]


def is_email_verified(user) -> bool:
    """True when `user` is logged in and owns at least one verified email address."""
    return bool(user is not None and user.is_authenticated and has_verified_email(user))


def has_two_factor(user) -> bool:
    """True when `user` has switched on two-factor authentication (an authenticator app)."""
    return bool(user is not None and user.is_authenticated and is_mfa_enabled(user))


class VerifiedEmailRequiredMixin:
    """Class-based views: anonymous users go to the login page, unverified users get a verification email
    and a page telling them to use it (what `verified_email_required` does for function views)."""

    @method_decorator(verified_email_required)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


@dataclass(frozen=True)
class SocialProvider:
    id: str
    name: str
    login_url: str


def enabled_social_providers(request: HttpRequest | None = None) -> list[SocialProvider]:
    """The social login providers users can pick now (Google, GitHub ...: those with credentials)."""
    return [
        SocialProvider(id=provider.id, name=provider.name, login_url=reverse(f"{provider.id}_login"))
        for provider in get_social_adapter().list_providers(request)
    ]


def user_data(user) -> dict[str, Any]:
    """What every installed app holds about `user`: its lifecycle.py's export_user_data(user), by app label."""
    return {label: export(user) for label, export in lifecycle_hooks("export_user_data")}


class AccountDeletionBlocked(DeletionRefused):
    """A module says what the user must do first (its user_deletion_blocker); `reasons` holds each sentence."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def delete_account(user) -> AccountDeletion | None:
    """Delete `user` and what every installed module keeps about them, and record it, in one transaction.

    Raises AccountDeletionBlocked when a module's blocker objects, and DeletionRefused when a module cannot do
    its part now (billing cannot cancel a subscription): then nothing is deleted. Returns the record, or None
    when the account is already gone (a second submit of the same form)."""
    with transaction.atomic():
        # Locking the row makes a concurrent second deletion wait, then find nothing to delete.
        user = get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if user is None:
            return None
        if reasons := deletion_blockers("user_deletion_blocker", user):
            raise AccountDeletionBlocked(reasons)
        actions = delete_data("delete_user_data", user)
        address = getattr(user, user.get_email_field_name(), "") or ""
        record = AccountDeletion.objects.create(user_id=str(user.pk), email_hash=email_hash(address), actions=actions)
        user.delete()
    return record
