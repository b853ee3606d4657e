"""The blog's Python API: what is live, and the pages of the index, a category, a tag and a post.

from quickscale_modules.blog import services
services.live_posts()[:3]            # the three newest published posts (for a landing page)
services.publish(post)               # publish now (or at post.published_at when it is in the future)
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from quickscale_modules.blog.conf import blog_settings
from quickscale_modules.blog.models import Category, Post, Tag


def live_posts() -> QuerySet[Post]:
    """Published posts whose time has come, newest first, with their authors, categories and tags."""
    return Post.objects.live().for_listing().order_by("-published_at", "-id")


def live_post(slug: str) -> Post:
    """The live post `slug`; Http404 for a draft, a scheduled post or none."""
    post = live_posts().filter(slug=slug).first()
    if post is None:
        raise Http404("No such post.")
    return post


def page_of(posts: QuerySet[Post], number: str | None) -> Page:
    """Page `number` (1 when absent) of `posts`; Http404 for a page that does not exist."""
    try:
        return Paginator(posts, blog_settings.PAGE_SIZE, allow_empty_first_page=True).page(number or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such page.") from error


def category_or_404(slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise Http404("No such category.")
    return category


def tag_or_404(slug: str) -> Tag:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("No such tag.")
    return tag


def publish(post: Post, at=None) -> Post:
    """Publish `post` at `at` (a future time schedules it) or now."""
    post.status = Post.Status.PUBLISHED
    post.published_at = at or post.published_at or timezone.now()
    post.save()
    return post


def unpublish(post: Post) -> Post:
    post.status = Post.Status.DRAFT
    post.save()
    return post
