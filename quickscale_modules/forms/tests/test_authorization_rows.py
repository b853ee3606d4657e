"""The module's rows of the project's authorization table (authorization.py): one for every URL of the module,
and each row's arguments point at objects populate() made. The generated project's test walks them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import URLResolver, get_resolver, reverse

from quickscale_modules.forms import authorization

pytestmark = pytest.mark.django_db


def module_url_names() -> set[str]:
    (resolver,) = [
        p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "quickscale_forms"
    ]
    names = {f"quickscale_forms:{pattern.name}" for pattern in resolver.url_patterns}
    return names


def test_every_url_of_the_module_has_a_row():
    assert set(authorization.ROWS) == module_url_names()


def test_the_rows_arguments_reverse_to_live_pages(client):
    world = SimpleNamespace(users={"anonymous": None})
    authorization.populate(world)
    for name, row in authorization.ROWS.items():
        kwargs = row["kwargs"](SimpleNamespace(world=world)) if "kwargs" in row else {}
        path = reverse(name, kwargs=kwargs)
        if "GET" in row or "GET,POST" in row:
            assert client.get(path).status_code == 200, path
        if "GET,POST" in row:
            # The walk's POST is a visitor's submission without JavaScript: accepted, then thanked.
            assert client.post(path, row["data"](SimpleNamespace(world=world))).status_code == 302, path
