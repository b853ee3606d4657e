"""What project code calls: email verification, two-factor status and the enabled social providers.

from quickscale_modules.auth.services import verified_email_required

@verified_email_required
def invoices(request): ...
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.decorators import verified_email_required
from allauth.account.utils import has_verified_email
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.http import HttpRequest
from django.urls import reverse
from django.utils.decorators import method_decorator

__all__ = [
    "SocialProvider",
    "VerifiedEmailRequiredMixin",
    "enabled_social_providers",
    "has_two_factor",
    "is_email_verified",
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
