"""The public pages: what a visitor sees, what search engines read, drafts and scheduled posts kept out."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from quickscale_modules.blog import services
from quickscale_modules.blog.models import Post

pytestmark = pytest.mark.django_db

# The smallest valid PNG (1x1 pixel), as an uploaded cover image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


class Head(HTMLParser):
    """The meta and link tags of a page, and its JSON-LD blocks."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, list[str]] = {}
        self.json_ld: list[dict] = []
        self._in_ld = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and (key := values.get("property") or values.get("name")):
            self.meta[key] = values.get("content", "")
        if tag == "link":
            self.links.setdefault(values["rel"], []).append(values["href"])
        self._in_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_ld = False


def test_the_index_lists_live_posts_newest_first_and_leaves_out_drafts_and_scheduled(client, make_post):
    make_post("Older", at=timezone.now() - timedelta(days=2))
    make_post("Newer", at=timezone.now() - timedelta(days=1))
    make_post("Draft", live=False)
    make_post("Tomorrow", at=timezone.now() + timedelta(days=1))
    page = client.get("/blog/").content.decode()
    titles = re.findall(r'<h2><a href="/blog/[^"]+/">([^<]+)</a></h2>', page)
    assert titles == ["Newer", "Older"]


def test_the_index_pages_through_the_posts(client, make_post, settings):
    settings.QUICKSCALE_BLOG_PAGE_SIZE = 2
    for number in range(5):
        make_post(f"P{number}")
    first = client.get("/blog/").content.decode()
    assert first.count('data-testid="post"') == 2 and 'href="/blog/?page=2" rel="next"' in first
    last = client.get("/blog/?page=3").content.decode()
    assert last.count('data-testid="post"') == 1 and 'href="/blog/?page=2" rel="prev"' in last
    assert "Page 3 of 3" in last
    assert client.get("/blog/?page=4").status_code == 404
    assert client.get("/blog/?page=x").status_code == 404


def test_a_post_shows_its_rendered_body_authors_categories_and_tags(client, make_post, author, news, release):
    make_post("Hello", body="Hi **there**.", slug="hello", categories=[news], tags=[release], authors=[author])
    page = client.get("/blog/hello/").content.decode()
    assert "<h1>Hello</h1>" in page
    assert "<p>Hi <strong>there</strong>.</p>" in page
    assert "Ada Lovelace" in page
    assert '<a href="/blog/category/news/">News</a>' in page and '<a href="/blog/tag/release/">Release</a>' in page


@pytest.mark.parametrize("kind", ["draft", "scheduled", "missing"])
def test_drafts_scheduled_and_missing_posts_are_not_found(client, make_post, kind):
    if kind == "draft":
        make_post(slug="hidden", live=False)
    elif kind == "scheduled":
        make_post(slug="hidden", at=timezone.now() + timedelta(hours=1))
    assert client.get("/blog/hidden/").status_code == 404


def test_category_and_tag_pages_list_their_posts(client, make_post, news, release):
    make_post("In news", categories=[news])
    make_post("Tagged", tags=[release])
    make_post("Neither")
    category = client.get("/blog/category/news/").content.decode()
    assert "In news" in category and "Tagged" not in category and "What is new." in category
    tag = client.get("/blog/tag/release/").content.decode()
    assert "Tagged" in tag and "In news" not in tag and "Posts tagged Release" in tag
    assert client.get("/blog/category/none/").status_code == 404
    assert client.get("/blog/tag/none/").status_code == 404


def test_pages_answer_get_and_head_only(client, make_post):
    make_post(slug="hello")
    for path in ("/blog/", "/blog/hello/", "/blog/sitemap.xml", "/blog/feed/rss/", "/blog/feed/atom/"):
        assert client.post(path).status_code == 405 and client.delete(path).status_code == 405
        assert client.head(path).status_code == 200


def test_a_post_page_carries_canonical_open_graph_twitter_and_json_ld(
    client, make_post, author, news, release, settings, media
):
    settings.QUICKSCALE_BLOG_SITE_URL = "https://www.acme.example"
    settings.QUICKSCALE_BLOG_TITLE = "Acme blog"
    settings.QUICKSCALE_BLOG_TWITTER_SITE = "@acme"
    cover = SimpleUploadedFile("cover.png", PNG, content_type="image/png")
    post = make_post(
        "Launch day", slug="launch", excerpt="We launched.", categories=[news], tags=[release], authors=[author],
        cover=cover, cover_alt="A rocket",
    )  # fmt: skip
    head = Head(client.get("/blog/launch/").content.decode())
    url = "https://www.acme.example/blog/launch/"
    assert head.links["canonical"] == [url]
    assert head.links["alternate"] == [
        "https://www.acme.example/blog/feed/rss/",
        "https://www.acme.example/blog/feed/atom/",
    ]
    assert head.meta["description"] == head.meta["og:description"] == "We launched."
    assert head.meta["og:type"] == "article" and head.meta["og:url"] == url and head.meta["og:title"] == "Launch day"
    assert (
        head.meta["og:image"] == f"https://www.acme.example{post.cover.url}" and head.meta["og:image:alt"] == "A rocket"
    )
    assert head.meta["article:tag"] == "Release"
    assert head.meta["twitter:card"] == "summary_large_image" and head.meta["twitter:site"] == "@acme"
    (data,) = head.json_ld
    assert data["@context"] == "https://schema.org" and data["@type"] == "BlogPosting"
    assert data["headline"] == "Launch day" and data["url"] == url and data["mainEntityOfPage"]["@id"] == url
    assert data["author"] == [{"@type": "Person", "name": "Ada Lovelace"}]
    assert data["publisher"] == {"@type": "Organization", "name": "Acme blog", "url": "https://www.acme.example/"}
    assert data["image"] == [head.meta["og:image"]] and data["keywords"] == ["Release"]
    assert data["articleSection"] == ["News"]
    assert timezone.datetime.fromisoformat(data["datePublished"]) == post.published_at
    assert timezone.datetime.fromisoformat(data["dateModified"]) >= post.published_at


def test_without_site_url_links_name_the_address_the_request_came_to(client, make_post):
    make_post("Hello", slug="hello")
    head = Head(client.get("/blog/hello/", headers={"host": "localhost"}).content.decode())
    assert head.links["canonical"] == ["http://localhost/blog/hello/"]
    assert head.meta["twitter:card"] == "summary" and "og:image" not in head.meta
    (data,) = head.json_ld
    assert data["author"] == {"@type": "Organization", "name": "Blog", "url": "http://localhost/"}
    assert "image" not in data and "keywords" not in data


def test_json_ld_cannot_be_broken_out_of(client, make_post):
    make_post("</script><script>alert(1)</script> & <!--", slug="evil", excerpt="</SCRIPT>")
    page = client.get("/blog/evil/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["headline"] == "</script><script>alert(1)</script> & <!--"
    assert page.lower().count("<script") == 1


def test_a_listing_page_has_canonical_and_social_tags_too(client, make_post, settings):
    settings.QUICKSCALE_BLOG_PAGE_SIZE = 1
    settings.QUICKSCALE_BLOG_DESCRIPTION = "News from Acme."
    make_post()
    make_post()
    head = Head(client.get("/blog/?page=2", headers={"host": "localhost"}).content.decode())
    assert head.links["canonical"] == ["http://localhost/blog/?page=2"]
    assert head.meta["og:type"] == "website" and head.meta["description"] == "News from Acme."
    assert head.json_ld == []


def test_an_edited_post_shows_at_once_on_its_page_and_in_the_index(client, make_post, news):
    post = make_post("First title", slug="p")
    assert "First title" in client.get("/blog/p/").content.decode()
    assert "First title" in client.get("/blog/").content.decode()
    post.title = "Second title"
    post.save()
    assert "Second title" in client.get("/blog/p/").content.decode()
    assert "Second title" in client.get("/blog/").content.decode()
    post.categories.add(news)  # a link changed: the category page shows it at once
    assert "Second title" in client.get("/blog/category/news/").content.decode()
    news.name = "Announcements"
    news.save()
    assert "Announcements" in client.get("/blog/p/").content.decode()
    services.unpublish(post)
    assert client.get("/blog/p/").status_code == 404
    assert "Second title" not in client.get("/blog/").content.decode()


def test_an_author_who_changes_their_name_is_shown_under_it_at_once(client, make_post, author):
    make_post("Hello", slug="hello", authors=[author])
    assert "Ada Lovelace" in client.get("/blog/hello/").content.decode()
    author.last_name = "King"
    author.save()
    page = client.get("/blog/hello/").content.decode()
    assert "Ada King" in page and "Ada Lovelace" not in page
    assert "Ada King" in client.get("/blog/").content.decode()


def test_a_sign_in_leaves_the_cached_pages_alone(client, make_post, author):
    """Signing in saves the user's last_login: no reason to render the whole blog again."""
    from quickscale_modules.blog.caching import revision

    make_post("Hello", slug="hello", authors=[author])
    before = revision()
    client.force_login(author)
    assert revision() == before


def test_a_deleted_post_leaves_the_cached_pages(client, make_post):
    post = make_post("Going", slug="going")
    assert client.get("/blog/going/").status_code == 200
    post.delete()
    assert client.get("/blog/going/").status_code == 404
    assert "Going" not in client.get("/blog/").content.decode()


def test_a_scheduled_post_appears_when_its_time_comes(client, make_post):
    make_post("Soon", slug="soon", at=timezone.now() + timedelta(hours=1))
    assert "Soon" not in client.get("/blog/").content.decode()
    Post.objects.filter(slug="soon").update(published_at=timezone.now() - timedelta(seconds=1))  # time passes
    # The revision row still names the old time: the next page read moves the revision on.
    from quickscale_modules.blog.models import Revision

    Revision.objects.update(next_publish_at=timezone.now() - timedelta(seconds=1))
    assert "Soon" in client.get("/blog/").content.decode()
    assert client.get("/blog/soon/").status_code == 200


def test_the_nav_links_the_blog(client):
    assert '<a class="qs-blog-nav-link" href="/blog/">Blog</a>' in client.get("/").content.decode()


def test_a_post_without_an_author_left_is_signed_with_the_blogs_name(client, make_post, author, settings):
    settings.QUICKSCALE_BLOG_TITLE = "Acme blog"
    make_post("Hello", slug="hello", authors=[author])
    author.delete()
    page = client.get("/blog/hello/").content.decode()
    assert "Ada Lovelace" not in page and "Acme blog" in page


def test_cover_alt_is_required_with_a_cover(media):
    from django.core.exceptions import ValidationError

    post = Post(title="x", slug="x", cover=SimpleUploadedFile("c.png", PNG, content_type="image/png"))
    with pytest.raises(ValidationError, match="Describe the cover image"):
        post.full_clean()
