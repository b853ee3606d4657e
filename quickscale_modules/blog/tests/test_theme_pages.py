"""The blog's pages as the module renders them and as the starter theme's copies restyle them: the same posts,
links, pagination and head tags either way."""

from __future__ import annotations

import pytest

from testsupport.themepages import use_starter_theme

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["module", "starter theme"])
def pages(request, settings):
    """The module's own templates, or the starter theme's copies found first (as in a generated project)."""
    if request.param == "starter theme":
        use_starter_theme(settings)
    return request.param


def test_index_post_category_and_tag_pages(client, pages, make_post, author, news, release, settings):
    settings.QUICKSCALE_BLOG_PAGE_SIZE = 1
    make_post("Older", slug="older")
    make_post("Hello", slug="hello", body="Hi **there**", categories=[news], tags=[release], authors=[author],
              at=None)  # fmt: skip
    index = client.get("/blog/").content.decode()
    assert index.count('data-testid="post"') == 1 and '<a href="/blog/hello/">Hello</a>' in index
    assert 'href="/blog/?page=2" rel="next"' in index and 'rel="canonical"' in index
    post = client.get("/blog/hello/").content.decode()
    assert "<strong>there</strong>" in post and "Ada Lovelace" in post and "application/ld+json" in post
    assert 'href="/blog/category/news/"' in post and 'href="/blog/tag/release/"' in post
    assert ("is-link is-light" in post) is (pages == "starter theme")
    assert "Hello" in client.get("/blog/category/news/").content.decode()
    assert "Hello" in client.get("/blog/tag/release/").content.decode()
