"""Pages read the database a constant number of times however many posts, categories, tags and authors there
are, and a cached page reads only the revision number."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quickscale_modules.blog.models import Category, Tag

pytestmark = pytest.mark.django_db


def grow(make_post, posts: int, start: int = 0) -> None:
    """`posts` more posts, each in its own category with its own two tags and two authors of its own."""
    users = get_user_model().objects
    for number in range(start, start + posts):
        category = Category.objects.create(name=f"C{number}", slug=f"c{number}")
        tags = [Tag.objects.create(name=f"T{number}-{i}", slug=f"t{number}-{i}") for i in range(2)]
        authors = [users.create_user(f"u{number}-{i}", first_name=f"A{number}{i}", is_staff=True) for i in range(2)]
        make_post(categories=[category, Category.objects.get_or_create(name="All", slug="all")[0]], tags=tags,
                  authors=authors)  # fmt: skip


def queries(client, path: str) -> int:
    cache.clear()  # measure the rendering, not the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


# (page, posts at first): at first each list page shows fewer posts than a full page (1 of 10, or 1 on page 2),
# then 40 more posts fill it; the count must not change.
PAGES = [
    ("/blog/", 1),
    ("/blog/?page=2", 11),
    ("/blog/post-1/", 1),
    ("/blog/category/all/", 1),
    ("/blog/tag/t0-0/", 1),
    ("/blog/feed/rss/", 1),
    ("/blog/feed/atom/", 1),
    ("/blog/sitemap.xml", 1),
]


@pytest.mark.parametrize(("path", "first"), PAGES)
def test_query_count_does_not_grow_with_the_blog(client, make_post, settings, path, first):
    settings.QUICKSCALE_BLOG_PAGE_SIZE = 10
    grow(make_post, first)
    small = queries(client, path)
    grow(make_post, 40, start=first)
    assert queries(client, path) == small


def test_a_cached_page_reads_the_revision_number_alone(client, make_post):
    grow(make_post, 3)
    client.get("/blog/post-1/")
    client.get("/blog/")
    for path in ("/blog/post-1/", "/blog/"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        assert [query["sql"] for query in captured] == [
            query["sql"] for query in captured if "quickscale_blog_revision" in query["sql"]
        ]
        assert len(captured) == 1
