"""The auth module's rows of the project's authorization table (authorization.py): one for every URL the module
serves (its own and allauth's), and a world whose staff user has a working second factor, as the rows about
two-factor pages expect."""

from __future__ import annotations

import fnmatch
import importlib
from types import SimpleNamespace

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from auth_testproject.settings import MANIFEST
from authflows import PASSWORD
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver

from quickscale_modules.auth import authorization


def row_keys(patterns, namespace: str = "", prefix: str = MANIFEST["url_prefix"]):
    """What the walk looks each URL up by: its name (with its namespace), and its route."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from row_keys(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern)


def has_row(name: str | None, route: str) -> bool:
    keys = [key for key in (name, route) if key]
    return any(fnmatch.fnmatchcase(key, row) for key in keys for row in authorization.ROWS)


def test_every_url_of_the_module_has_a_row():
    served = list(row_keys(importlib.import_module(MANIFEST["urls"]).urlpatterns))
    assert len(served) > 30  # allauth's pages are there
    assert [name or route for name, route in served if not has_row(name, route)] == []


@pytest.mark.django_db
def test_the_worlds_staff_user_signs_in_with_the_second_factor_it_was_given(client):
    users = get_user_model().objects
    staff = users.create_user(email="staff@example.com", password=PASSWORD, is_staff=True)
    world = SimpleNamespace(users={"anonymous": None, "user": users.create_user(email="u@example.com"), "staff": staff})
    authorization.populate(world)
    totp = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.RECOVERY_CODES).exists()
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    code = pyotp.TOTP(decrypt(totp.data["secret"])).now()
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
