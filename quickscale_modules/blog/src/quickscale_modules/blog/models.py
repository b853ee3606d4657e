"""Posts, their categories and tags, and the revision number that names the cached pages."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from quickscale_modules.blog import rendering


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("quickscale_blog:category", args=[self.slug])


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("quickscale_blog:tag", args=[self.slug])


class PostQuerySet(models.QuerySet):
    def live(self, now=None) -> PostQuerySet:
        """Published posts whose publication time has come."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def for_listing(self) -> PostQuerySet:
        """With authors, categories and tags in one query each, whatever the number of posts."""
        return self.prefetch_related("authors", "categories", "tags")


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="The post's address: /blog/this-slug/.")
    body = models.TextField("body (Markdown)", blank=True)
    body_html = models.TextField(editable=False, default="")
    excerpt = models.TextField(
        blank=True, max_length=500, help_text="Shown in lists, feeds and link previews; empty takes the first words."
    )
    summary = models.TextField(editable=False, default="")
    cover = models.ImageField(upload_to="blog/covers/%Y/%m/", blank=True)
    cover_alt = models.CharField(
        "cover description", max_length=200, blank=True, help_text="What the cover image shows, for screen readers."
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="posts")
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="blog_posts", limit_choices_to={"is_staff": True}
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="A future time schedules the post; empty takes the moment it is published.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="quickscale_blog_live")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quickscale_blog:post", args=[self.slug])

    def clean(self) -> None:
        if self.cover and not self.cover_alt.strip():
            raise ValidationError({"cover_alt": "Describe the cover image for people who cannot see it."})

    def save(self, *args, **kwargs) -> None:
        self.body_html = rendering.render_markdown(self.body)
        self.summary = self.excerpt.strip() or rendering.excerpt(self.body_html)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "summary", "published_at"}
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        """draft, scheduled (published with a future time) or published."""
        if self.status == self.Status.DRAFT:
            return "draft"
        return "scheduled" if self.published_at and self.published_at > timezone.now() else "published"


class Revision(models.Model):
    """One row whose number grows with every change of a post, category or tag: the cached pages are kept under
    it, so a change reaches every process at once. next_publish_at is the next scheduled post's time, when the
    number grows too."""

    number = models.PositiveBigIntegerField(default=0)
    next_publish_at = models.DateTimeField(null=True, blank=True)
