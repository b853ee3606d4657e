"""RSS and Atom feeds parsed by feedparser, and the sitemap checked against the sitemap protocol."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timedelta

import feedparser
import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def blog(make_post, author, news, release, settings):
    settings.QUICKSCALE_BLOG_SITE_URL = "https://www.acme.example"
    settings.QUICKSCALE_BLOG_TITLE = "Acme blog"
    settings.QUICKSCALE_BLOG_FEED_SIZE = 3
    make_post("Old", slug="old", at=timezone.now() - timedelta(days=3), body="<b>Old</b> & news")
    make_post("Newest", slug="newest", excerpt="Fresh <news> & more", categories=[news], tags=[release],
              authors=[author])  # fmt: skip
    make_post("Middle", slug="middle", at=timezone.now() - timedelta(days=1))
    make_post("Ancient", slug="ancient", at=timezone.now() - timedelta(days=9))
    make_post("Draft", slug="draft", live=False)
    make_post("Future", slug="future", at=timezone.now() + timedelta(days=1))


@pytest.mark.parametrize(("path", "version"), [("/blog/feed/rss/", "rss20"), ("/blog/feed/atom/", "atom10")])
def test_feeds_are_valid_and_list_the_newest_live_posts(client, blog, path, version):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert feed.feed.title == "Acme blog" and feed.feed.link == "https://www.acme.example/blog/"
    assert [entry.title for entry in feed.entries] == ["Newest", "Middle", "Old"]
    newest = feed.entries[0]
    assert newest.link == "https://www.acme.example/blog/newest/"
    # Summaries are HTML to a feed reader: the text arrives escaped and shows as written.
    assert newest.summary_detail.type == "text/html"
    assert html.unescape(newest.summary) == "Fresh <news> & more"
    assert newest.author == "Ada Lovelace"
    assert [tag.term for tag in newest.tags] == ["News", "Release"]
    assert html.unescape(feed.entries[2].summary) == "Old & news"


def test_sitemap_follows_the_protocol_and_lists_every_live_post(client, blog):
    response = client.get("/blog/sitemap.xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SITEMAP_NS}urlset"
    entries = {}
    for url in root:
        assert url.tag == f"{SITEMAP_NS}url"
        assert {child.tag for child in url} <= {f"{SITEMAP_NS}loc", f"{SITEMAP_NS}lastmod"}
        lastmod = url.findtext(f"{SITEMAP_NS}lastmod")
        if lastmod:
            assert datetime.fromisoformat(lastmod).tzinfo is not None  # W3C datetime with a time zone
        entries[url.findtext(f"{SITEMAP_NS}loc")] = lastmod
    site = "https://www.acme.example/blog/"
    assert set(entries) == {site, f"{site}category/news/"} | {
        f"{site}{slug}/" for slug in ("newest", "middle", "old", "ancient")
    }
    assert entries[site] == entries[f"{site}newest/"]
