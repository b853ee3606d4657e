"""What the auth module exports about a user and removes when the account is deleted (the lifecycle hooks that
quickscale_modules.auth.hooks collects; docs/modules/auth.md, "Your data and deleting your account").

allauth's rows (email addresses, two-factor authenticators, social accounts and their tokens) have foreign keys
to the user with on_delete=CASCADE: they would go with the user's row anyway. delete_user_data removes them
first, inside the same transaction, so the deletion record says what went.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

# The user model's fields a person would recognise as theirs; never the password hash or permission flags.
ACCOUNT_FIELDS = ("email", "first_name", "last_name", "date_joined", "last_login")


def export_user_data(user) -> dict[str, Any]:
    """The account, its email addresses, which kinds of two-factor are on (never their secrets or recovery
    codes) and the connected social accounts."""
    return {
        "account": _account_fields(user),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "two_factor": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
        "social_accounts": [
            {"provider": account.provider, "uid": account.uid}
            for account in SocialAccount.objects.filter(user=user).order_by("provider", "uid")
        ],
    }


def _account_fields(user) -> dict[str, Any]:
    present = {field.name for field in get_user_model()._meta.concrete_fields}
    return {name: _plain(getattr(user, name)) for name in ACCOUNT_FIELDS if name in present}


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def delete_user_data(user) -> list[str]:
    """Remove allauth's rows for the user; a line for each kind there was (none the second time). The lines
    name no address: they go into the deletion record."""
    done = []
    if addresses := _remove(EmailAddress.objects.filter(user=user), "email"):
        done.append(f"{len(addresses)} email address(es) deleted")
    if kinds := _remove(Authenticator.objects.filter(user=user), "type"):
        done.append(f"two-factor authentication removed ({', '.join(kinds)})")
    if providers := _remove(SocialAccount.objects.filter(user=user), "provider"):
        done.append(f"connected account(s) removed ({', '.join(providers)})")
    return done


def _remove(rows, field: str) -> list[str]:
    """Delete `rows`; the values of `field` they had, sorted."""
    values = sorted(rows.values_list(field, flat=True))
    if values:
        rows.delete()
    return values
