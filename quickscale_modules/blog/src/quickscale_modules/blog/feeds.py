"""RSS 2.0 and Atom 1.0 feeds of the newest live posts (Django's syndication framework)."""

from __future__ import annotations

import copy

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from quickscale_modules.blog import seo, services
from quickscale_modules.blog.conf import blog_settings


class RssFeed(Feed):
    feed_type = Rss201rev2Feed
    url_name = "quickscale_blog:feed_rss"

    def __call__(self, request, *args, **kwargs):
        # One Feed serves every request of its URL: each request gets a copy that knows it (for absolute links).
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self) -> str:
        return blog_settings.TITLE

    def description(self) -> str:
        return blog_settings.DESCRIPTION or f"The newest posts of {blog_settings.TITLE}."

    subtitle = description

    def link(self) -> str:
        return seo.absolute(self.request, reverse("quickscale_blog:index"))

    def feed_url(self) -> str:
        return seo.absolute(self.request, reverse(self.url_name))

    def items(self):
        return services.live_posts()[: blog_settings.FEED_SIZE]

    def item_title(self, post) -> str:
        return post.title

    def item_description(self, post) -> str:
        # Feed readers take a description as HTML: the summary is text, so "<" must reach them escaped.
        return escape(post.summary)

    def item_link(self, post) -> str:
        return seo.absolute(self.request, post.get_absolute_url())

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post) -> str:
        return ", ".join(seo.byline(post)) or blog_settings.TITLE

    def item_categories(self, post) -> list[str]:
        return [category.name for category in post.categories.all()] + [tag.name for tag in post.tags.all()]


class AtomFeed(RssFeed):
    feed_type = Atom1Feed
    url_name = "quickscale_blog:feed_atom"
