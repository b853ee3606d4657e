"""A deleted author's posts stay published without them; export lists a user's posts."""

from __future__ import annotations

import pytest

from quickscale_modules.blog import lifecycle
from quickscale_modules.blog.models import Post

pytestmark = pytest.mark.django_db


def test_export_lists_the_posts_a_user_wrote(make_post, author):
    make_post("Mine", slug="mine", authors=[author])
    make_post("Draft", slug="draft", authors=[author], live=False)
    make_post("Not mine", slug="other")
    assert lifecycle.export_user_data(author) == {
        "posts": [
            {"title": "Mine", "url": "/blog/mine/", "state": "published"},
            {"title": "Draft", "url": "/blog/draft/", "state": "draft"},
        ]
    }


def test_export_of_a_user_without_posts_is_empty(author):
    assert lifecycle.export_user_data(author) == {}


def test_deleting_the_user_data_keeps_the_posts_and_is_idempotent(make_post, author, staff):
    make_post("One", authors=[author, staff])
    make_post("Two", authors=[author])
    assert lifecycle.delete_user_data(author) == ["kept 2 posts without this author"]
    assert lifecycle.delete_user_data(author) == []
    assert Post.objects.count() == 2
    assert list(Post.objects.get(title="One").authors.all()) == [staff]


def test_deleting_a_user_anywhere_keeps_their_posts(client, make_post, author, staff):
    make_post("Kept", slug="kept", authors=[author])
    client.get("/blog/kept/")  # cached with the byline
    client.force_login(staff)
    client.post(f"/admin/auth/user/{author.pk}/delete/", {"post": "yes"})
    assert Post.objects.filter(slug="kept").exists()
    assert "Ada Lovelace" not in client.get("/blog/kept/").content.decode()


def test_the_auth_modules_collector_would_find_the_hooks():
    assert {"export_user_data", "delete_user_data"} <= set(dir(lifecycle))
    assert not hasattr(lifecycle, "delete_team_data")  # the blog holds nothing about teams
