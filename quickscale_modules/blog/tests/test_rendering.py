"""Markdown rendered safely: every OWASP cheat-sheet vector and Markdown's own link syntax come out harmless."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from xss_vectors import PAYLOADS

from quickscale_modules.blog.rendering import excerpt, render_markdown

DANGEROUS_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "link", "meta", "base", "form", "input",
    "button", "svg", "math", "body", "bgsound", "video", "source", "details", "textarea", "title", "xmp",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto", ""}
# What a browser's URL parser drops: tabs and newlines anywhere ("jav\tascript:" is javascript:), control
# characters and spaces at either end.
IGNORED_ANYWHERE = re.compile(r"[\t\n\r]")
AT_THE_ENDS = "".join(chr(code) for code in range(0x21))


class Elements(HTMLParser):
    """Every element of a fragment with its attributes, as a browser's parser sees them."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def problems(fragment: str) -> list[str]:
    found = []
    for tag, attributes in Elements(fragment).found:
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        for name, value in attributes.items():
            if name.startswith("on") or name in {"style", "id", "name", "srcdoc", "formaction", "xlink:href"}:
                found.append(f"<{tag} {name}>")
            if name == "class" and not re.fullmatch(r"language-[\w+-]+", value):
                found.append(f"<{tag} class={value!r}>")
            if name in {"href", "src", "action", "background", "dynsrc", "lowsrc", "data"}:
                url = IGNORED_ANYWHERE.sub("", html.unescape(value)).strip(AT_THE_ENDS)
                scheme = urlsplit(url).scheme.lower()
                if scheme not in SAFE_SCHEMES:
                    found.append(f"<{tag} {name}={value!r}>")
    return found


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_no_xss_vector_survives(payload):
    rendered = render_markdown(payload)
    assert problems(rendered) == [], rendered
    # Nothing the browser could run as a script outside an element either (the text is escaped).
    assert "<script" not in rendered.lower()


def test_the_checker_sees_what_an_unsanitised_fragment_would_do():
    """The checker itself finds each kind of problem, so a passing test means the sanitiser removed them."""
    raw = '<script>x</script><a href="jav&#x09;ascript:1" onclick="y">a</a><p style="z" class="c">p</p>'
    assert problems(raw) == ["<script>", "<a href='jav\\tascript:1'>", "<a onclick>", "<p style>", "<p class='c'>"]


def test_markdown_still_renders_what_writers_use():
    rendered = render_markdown(
        "# Title\n\nSome **bold**, *em*, `code` and a [link](/about/).\n\n"
        "```python\nprint('hi')\n```\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n> quote\n\n![A cat](/media/cat.png)\n"
    )
    assert "<h1>Title</h1>" in rendered
    assert "<strong>bold</strong>" in rendered and "<em>em</em>" in rendered
    assert '<a href="/about/">link</a>' in rendered
    assert '<code class="language-python">' in rendered and "print('hi')" in rendered
    assert '<th align="left">a</th>' in rendered and '<td align="right">2</td>' in rendered
    assert "<blockquote>" in rendered
    assert '<img alt="A cat" src="/media/cat.png">' in rendered


def test_links_to_other_sites_get_rel_and_own_links_do_not(settings):
    settings.QUICKSCALE_BLOG_SITE_URL = "https://www.acme.example"
    rendered = render_markdown(
        "[out](https://other.example/page) [home](https://www.acme.example/x) [rel](/y) "
        '[mail](mailto:a@b.example) <a href="http://other.example" rel="opener">raw</a>'
    )
    assert '<a href="https://other.example/page" rel="noopener noreferrer">out</a>' in rendered
    assert '<a href="https://www.acme.example/x">home</a>' in rendered
    assert '<a href="/y">rel</a>' in rendered
    assert '<a href="mailto:a@b.example">mail</a>' in rendered
    assert '<a href="http://other.example" rel="noopener noreferrer">raw</a>' in rendered


def test_text_with_markup_characters_stays_text():
    rendered = render_markdown('Use 1 < 2 && "quotes" in <code>x</code> > everything')
    assert rendered == '<p>Use 1 &lt; 2 &amp;&amp; "quotes" in <code>x</code> &gt; everything</p>'


def test_excerpt_is_the_first_words_of_the_text():
    fragment = render_markdown("A **bold** start &amp; " + " ".join(f"w{i}" for i in range(100)))
    assert excerpt(fragment, words=5) == "A bold start & w0…"
    assert excerpt("<p>Short one.</p>", words=5) == "Short one."
