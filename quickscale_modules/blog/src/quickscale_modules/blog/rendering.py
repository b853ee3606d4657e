"""Markdown to safe HTML: Markdown renders the body, nh3 (the Ammonia sanitiser) keeps only the tags, attributes
and URL schemes listed here, and links to other sites get a rel attribute.

No script, no event handler, no style attribute (the site's Content-Security-Policy would block it anyway),
no javascript:, vbscript: or data: URL: only http, https and mailto links, and relative ones.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings

from quickscale_modules.blog.conf import blog_settings

EXTENSIONS = ["fenced_code", "tables", "sane_lists"]
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol", "p", "pre", "s",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "code": {"class"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Fenced code blocks say their language as class="language-python"; no other class is kept.
LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+-]{1,40}")
EXTERNAL_REL = "noopener noreferrer"


def render_markdown(text: str) -> str:
    """The safe HTML of a Markdown text."""
    rendered = markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    cleaned = sanitise(rendered)
    marked = mark_external_links(cleaned, site_hosts())
    # Once more, now letting rel through on links: whatever the marking wrote is held to the same rules.
    return sanitise(marked, {**ATTRIBUTES, "a": ATTRIBUTES["a"] | {"rel"}})


def sanitise(fragment: str, attributes: dict[str, set[str]] = ATTRIBUTES) -> str:
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_keep_attribute,
    )


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return value if LANGUAGE_CLASS.fullmatch(value) else None
    return value


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, without tags, on one line."""
    return " ".join(html.unescape(nh3.clean(fragment, tags=set())).split())


def excerpt(fragment: str, words: int | None = None) -> str:
    """The first `words` words of an HTML fragment's text, with an ellipsis when there are more."""
    limit = words or blog_settings.EXCERPT_WORDS
    text = plain_text(fragment).split()
    return " ".join(text[:limit]) + ("…" if len(text) > limit else "")


def site_hosts() -> set[str]:
    """The host names of this site: SITE_URL's and ALLOWED_HOSTS' exact entries; links elsewhere are external."""
    hosts = {host.lower() for host in settings.ALLOWED_HOSTS if host and not host.startswith(".") and host != "*"}
    if blog_settings.SITE_URL:
        hosts.add((urlsplit(blog_settings.SITE_URL).hostname or "").lower())
    return hosts


def is_external(href: str, hosts: set[str]) -> bool:
    parts = urlsplit(href.strip())
    if parts.scheme not in ("http", "https", "") or not parts.netloc:
        return False
    return (parts.hostname or "").lower() not in hosts


def mark_external_links(fragment: str, hosts: set[str]) -> str:
    """`fragment` (already sanitised) with rel="noopener noreferrer" on each link to another site."""
    writer = _LinkMarker(hosts)
    writer.feed(fragment)
    writer.close()
    return "".join(writer.out)


class _LinkMarker(HTMLParser):
    """Writes a sanitised fragment back out tag by tag, escaping every text and attribute value again."""

    def __init__(self, hosts: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.hosts = hosts
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and is_external(dict(attrs).get("href") or "", self.hosts):
            attrs = [*[(name, value) for name, value in attrs if name != "rel"], ("rel", EXTERNAL_REL)]
        written = "".join(f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs)
        self.out.append(f"<{tag}{written}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))
