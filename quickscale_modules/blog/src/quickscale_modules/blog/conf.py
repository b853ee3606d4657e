"""The blog module's settings, each read from Django settings as QUICKSCALE_BLOG_<NAME>.

from quickscale_modules.blog.conf import blog_settings
blog_settings.PAGE_SIZE
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

PREFIX = "QUICKSCALE_BLOG_"

DEFAULTS: dict[str, Any] = {
    # The blog's name: the index page's title, the feeds' title, the publisher in JSON-LD, the byline of a post
    # whose authors were all deleted.
    "TITLE": "Blog",
    "DESCRIPTION": "",
    # Absolute address of the site (https://www.example.com): canonical URLs, feeds and social tags start with it.
    # Empty: the address the request came to (one of ALLOWED_HOSTS).
    "SITE_URL": "",
    # Posts per page of the index, category and tag pages; posts in each feed.
    "PAGE_SIZE": 10,
    "FEED_SIZE": 20,
    # Seconds a rendered page stays in the cache; any change to a post, category or tag replaces it sooner.
    "CACHE_SECONDS": 3600,
    # The cache (a CACHES alias) that holds the rendered pages.
    "CACHE_ALIAS": "default",
    # Words of the automatic excerpt (when a post has none of its own).
    "EXCERPT_WORDS": 40,
    # "@handle" of the site on X/Twitter for the twitter:site tag; empty leaves the tag out.
    "TWITTER_SITE": "",
}


class BlogSettings:
    """Attribute access to the module's settings; read on every access so override_settings works."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"{PREFIX}{name} is not a setting of the blog module")
        return getattr(settings, PREFIX + name, DEFAULTS[name])


blog_settings = BlogSettings()
