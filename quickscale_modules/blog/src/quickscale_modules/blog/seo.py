"""What search engines and link previews read: canonical URLs, Open Graph and Twitter card tags, JSON-LD."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from django.utils.safestring import SafeString, mark_safe

from quickscale_modules.blog.conf import blog_settings

# As django.utils.html.json_script: nothing in the data can close the script element or open a comment.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
HEADLINE_LENGTH = 110  # schema.org BlogPosting headlines longer than this are cut by search engines


def absolute(request, path: str) -> str:
    """`path` as an absolute URL: under SITE_URL when set, else the address the request came to."""
    if blog_settings.SITE_URL:
        return urljoin(blog_settings.SITE_URL.rstrip("/") + "/", path.lstrip("/"))
    return request.build_absolute_uri(path)


def site_root(request) -> str:
    return absolute(request, "/")


def byline(post) -> list[str]:
    """The names of the post's authors (users with a name); empty when none is left."""
    return [name for author in post.authors.all() if (name := author.get_full_name().strip())]


def posting(post, url: str, cover_url: str, request) -> dict[str, Any]:
    """The JSON-LD BlogPosting of a post."""
    publisher = {"@type": "Organization", "name": blog_settings.TITLE, "url": site_root(request)}
    names = byline(post)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title[:HEADLINE_LENGTH],
        "description": post.summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": post.published_at.isoformat(),
        "dateModified": post.updated_at.isoformat(),
        "author": [{"@type": "Person", "name": name} for name in names] or publisher,
        "publisher": publisher,
    }
    if cover_url:
        data["image"] = [cover_url]
    if tags := [tag.name for tag in post.tags.all()]:
        data["keywords"] = tags
    if categories := [category.name for category in post.categories.all()]:
        data["articleSection"] = categories
    return data


def json_ld(data: dict[str, Any]) -> SafeString:
    """A <script type="application/ld+json"> element: data for crawlers, never run, so the CSP allows it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
