"""What the blog does when a user's data is exported and when a user is deleted (the lifecycle hooks that
quickscale_modules.auth.hooks collects; docs/modules/blog.md, "Deleting an author").

A deleted author's posts stay published: the user is taken off their authors, and a post left without any
author is signed with the blog's name (QUICKSCALE_BLOG_TITLE). The blog holds nothing about teams.
"""

from __future__ import annotations

from typing import Any

from quickscale_modules.blog import caching
from quickscale_modules.blog.models import Post


def export_user_data(user) -> dict[str, Any]:
    """The posts the user is an author of (title, address, state); nothing when there are none."""
    posts = Post.objects.filter(authors=user).order_by("created_at", "id")
    listed = [{"title": post.title, "url": post.get_absolute_url(), "state": post.state} for post in posts]
    return {"posts": listed} if listed else {}


def delete_user_data(user) -> list[str]:
    """Take the user off the authors of their posts; the posts stay."""
    authored = Post.authors.through.objects.filter(**{Post.authors.field.m2m_reverse_field_name(): user.pk})
    count, _ = authored.delete()
    if not count:
        return []
    caching.bump()  # bylines change: no cached page may keep the name
    return [f"kept {count} post{'s' if count != 1 else ''} without this author"]


def user_deleted(sender, instance, **kwargs) -> None:
    """pre_delete of the user model (connected in apps.py): the same as delete_user_data, for any path."""
    delete_user_data(instance)
