"""Rendered blog pages in the cache, named by the blog's revision number.

Every save or deletion of a post, category or tag (and every change of their links, or of an author's name)
adds one to the number in the database, so every process reads the new number on its next page and renders
afresh: nothing is ever served stale, with one cache or many. When a scheduled post's time comes the number grows too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F, Min
from django.utils import timezone

from quickscale_modules.blog.conf import blog_settings
from quickscale_modules.blog.models import Post, Revision

ROW = 1


def revision() -> int:
    """The blog's current revision number (one query; a scheduled post that went live moves it on)."""
    row = Revision.objects.filter(pk=ROW).values_list("number", "next_publish_at").first()
    if row is None or (row[1] is not None and row[1] <= timezone.now()):
        return bump()
    return row[0]


def bump() -> int:
    """Move the revision on: every cached page is out of date."""
    next_publish_at = (
        Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
        .aggregate(next=Min("published_at"))["next"]
    )  # fmt: skip
    updated = Revision.objects.filter(pk=ROW).update(number=F("number") + 1, next_publish_at=next_publish_at)
    if not updated:
        try:
            with transaction.atomic():
                Revision.objects.create(pk=ROW, number=1, next_publish_at=next_publish_at)
        except IntegrityError:  # another request created it first
            return bump()
    return Revision.objects.values_list("number", flat=True).get(pk=ROW)


def content_changed(sender, **kwargs) -> None:
    """Receiver of post_save, post_delete and m2m_changed of the blog's models (connected in apps.py)."""
    if kwargs.get("raw"):  # loaddata
        return
    if kwargs.get("action", "post_").startswith("post_"):
        bump()


# Saves of a user that change nothing a page shows (a sign-in, a new password).
UNSHOWN_USER_FIELDS = frozenset({"last_login", "password"})


def author_changed(sender, instance, created: bool = False, update_fields=None, raw: bool = False, **kwargs) -> None:
    """Receiver of the user model's post_save (connected in apps.py): an author's new name shows at once."""
    if raw or created or (update_fields is not None and set(update_fields) <= UNSHOWN_USER_FIELDS):
        return
    if Post.objects.filter(authors=instance).exists():
        bump()


def cached_page(parts: tuple[Any, ...], render: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The rendered page named by `parts` at the current revision, rendered by `render` when not cached."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"quickscale_blog:{revision()}:{digest}"
    cache = caches[blog_settings.CACHE_ALIAS]
    page = cache.get(key)
    if page is None:
        page = render()
        cache.set(key, page, blog_settings.CACHE_SECONDS)
    return page
