"""The module's rows of the project's authorization table (authorization.py): one for every URL of the module,
and each row's arguments point at objects populate() made. The generated project's test walks them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import URLResolver, get_resolver, reverse

from quickscale_modules.blog import authorization

pytestmark = pytest.mark.django_db


def module_url_names() -> set[str]:
    (resolver,) = [
        p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "quickscale_blog"
    ]
    names = {f"quickscale_blog:{pattern.name}" for pattern in resolver.url_patterns}
    return names | {"admin:quickscale_blog_post_preview"}


def test_every_url_of_the_module_has_a_row():
    assert set(authorization.ROWS) == module_url_names()


def test_the_rows_arguments_reverse_to_live_pages(client):
    world = SimpleNamespace(users={"anonymous": None})
    authorization.populate(world)
    for name, row in authorization.ROWS.items():
        kwargs = row["kwargs"](SimpleNamespace(world=world)) if "kwargs" in row else {}
        path = reverse(name, kwargs=kwargs)
        if "GET" in row:
            assert client.get(path).status_code == 200, path
