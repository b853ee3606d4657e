"""What people do in the admin module's test project, as helpers: users of each kind, signing in, the audit
entries that resulted."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str = "ada@example.com", *, password: str = PASSWORD, **fields):
    user = get_user_model().objects.create_user(email=email, password=password, **fields)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def make_superuser(email: str = "root@example.com"):
    return make_user(email, is_staff=True, is_superuser=True)


def sign_in(client, email: str, password: str = PASSWORD, **headers):
    """Sign in through allauth's login form, as a person does."""
    return client.post("/accounts/login/", {"login": email, "password": password}, headers=headers)


def entries():
    """Every audit entry as (event, actor email, object text), oldest first."""
    from quickscale_modules.admin.models import AuditEntry

    return [
        (entry.event, entry.actor_email or "", entry.object_repr)
        for entry in AuditEntry.objects.order_by("timestamp", "pk")
    ]
