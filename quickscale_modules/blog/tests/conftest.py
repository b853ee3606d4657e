from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from quickscale_modules.blog import services
from quickscale_modules.blog.models import Category, Post, Tag


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def author(db):
    return get_user_model().objects.create_user(
        "ada", "ada@example.com", "pw-12345-long", first_name="Ada", last_name="Lovelace", is_staff=True
    )


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long")


@pytest.fixture
def make_post(db):
    """make_post(title, body=..., categories=[...], tags=[...], authors=[...], status=..., at=...)."""
    counter = iter(range(1, 1_000_000))

    def make(title: str | None = None, body: str = "Some *text*.", categories=(), tags=(), authors=(), **fields):
        number = next(counter)
        title = title or f"Post {number}"
        live = fields.pop("live", True)
        at = fields.pop("at", timezone.now() - timedelta(minutes=number))
        post = Post.objects.create(title=title, slug=fields.pop("slug", f"post-{number}"), body=body, **fields)
        post.categories.add(*categories)
        post.tags.add(*tags)
        post.authors.add(*authors)
        if live:
            services.publish(post, at=at)
        return post

    return make


@pytest.fixture
def news(db):
    return Category.objects.create(name="News", slug="news", description="What is new.")


@pytest.fixture
def release(db):
    return Tag.objects.create(name="Release", slug="release")
