"""Every post page's JSON-LD is a schema.org BlogPosting that search engines accept: the properties Google's
article structured data reads, each in the form it asks for (a headline of at most 110 characters, ISO 8601
times with a time zone, absolute URLs, authors as a Person or an Organization with a name), and nothing else."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from jsonschema import Draft202012Validator

pytestmark = pytest.mark.django_db

DATE_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
ABSOLUTE_URL = r"^https?://[^\s/]+/\S*$"
NAME = {"type": "string", "minLength": 1, "pattern": r"\S"}
URL = {"type": "string", "pattern": ABSOLUTE_URL}
PERSON = {
    "type": "object",
    "properties": {"@type": {"const": "Person"}, "name": NAME, "url": URL},
    "required": ["@type", "name"],
    "additionalProperties": False,
}
ORGANIZATION = {
    "type": "object",
    "properties": {"@type": {"const": "Organization"}, "name": NAME, "url": URL},
    "required": ["@type", "name"],
    "additionalProperties": False,
}
BLOG_POSTING = {
    "type": "object",
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "BlogPosting"},
        "headline": {**NAME, "maxLength": 110},
        "description": {"type": "string"},
        "url": URL,
        "mainEntityOfPage": {
            "type": "object",
            "properties": {"@type": {"const": "WebPage"}, "@id": URL},
            "required": ["@type", "@id"],
            "additionalProperties": False,
        },
        "datePublished": {"type": "string", "pattern": DATE_TIME},
        "dateModified": {"type": "string", "pattern": DATE_TIME},
        "author": {"oneOf": [PERSON, ORGANIZATION, {"type": "array", "minItems": 1, "items": PERSON}]},
        "publisher": ORGANIZATION,
        "image": {"type": "array", "minItems": 1, "items": URL},
        "keywords": {"type": "array", "items": NAME},
        "articleSection": {"type": "array", "items": NAME},
    },
    "required": ["@context", "@type", "headline", "url", "datePublished", "dateModified", "author", "publisher"],
    "additionalProperties": False,
}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


def problems(client, path: str) -> list[str]:
    page = client.get(path, headers={"host": "localhost"}).content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    validator = Draft202012Validator(BLOG_POSTING)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(json.loads(block))]


def test_the_schema_refuses_what_search_engines_refuse():
    """The schema is not a formality: each of these is a mistake a crawler reports."""
    validator = Draft202012Validator(BLOG_POSTING)
    good = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": "Hello",
        "url": "https://acme.example/blog/hello/",
        "datePublished": "2026-12-07T10:00:00+00:00",
        "dateModified": "2026-12-07T10:00:00.123456+00:00",
        "author": [{"@type": "Person", "name": "Ada"}],
        "publisher": {"@type": "Organization", "name": "Acme"},
    }
    assert list(validator.iter_errors(good)) == []
    for change in (
        {"headline": "x" * 111},
        {"datePublished": "2026-12-07T10:00:00"},  # no time zone
        {"url": "/blog/hello/"},  # not absolute
        {"author": []},
        {"author": {"@type": "Person", "name": " "}},
        {"image": "https://acme.example/cover.png"},  # one URL where a list is read
        {"headline_": "typo"},
    ):
        assert list(validator.iter_errors({**good, **change})), change


def test_every_kind_of_post_page_carries_a_valid_blog_posting(client, make_post, author, news, release, media):
    cover = SimpleUploadedFile("cover.png", PNG, content_type="image/png")
    make_post("Launch day", slug="full", excerpt="We launched.", categories=[news], tags=[release], authors=[author],
              cover=cover, cover_alt="A rocket")  # fmt: skip
    make_post("Nobody signed this", slug="bare", body="")
    make_post("A title far longer than any search engine shows " * 4, slug="long", authors=[author])
    for slug in ("full", "bare", "long"):
        assert problems(client, f"/blog/{slug}/") == [], slug
