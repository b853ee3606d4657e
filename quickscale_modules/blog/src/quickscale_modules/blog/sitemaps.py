"""The blog's sitemap: the index, each category with a live post, and each live post, with when it changed."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from quickscale_modules.blog import seo
from quickscale_modules.blog.models import Category, Post

# The sitemap protocol's limit of URLs in one file; the newest posts come first.
LIMIT = 50_000


@require_safe
def sitemap(request):
    xml = render_to_string("quickscale_blog/sitemap.xml", {"urlset": urls(request)})
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


def urls(request) -> list[dict]:
    """Each URL of the sitemap with its last change: one query for the posts, one for the categories."""
    posts = list(Post.objects.live().order_by("-published_at", "-id").values("slug", "updated_at")[:LIMIT])
    categories = (
        Category.objects.filter(posts__in=Post.objects.live())
        .values_list("slug", flat=True)
        .distinct()
        .order_by("slug")
    )
    entries = [entry(request, reverse("quickscale_blog:index"), posts[0]["updated_at"] if posts else None)]
    entries += [entry(request, reverse("quickscale_blog:category", args=[slug])) for slug in categories]
    room = LIMIT - len(entries)
    entries += [
        entry(request, reverse("quickscale_blog:post", args=[p["slug"]]), p["updated_at"]) for p in posts[:room]
    ]
    return entries


def entry(request, path: str, lastmod=None) -> dict:
    return {"location": seo.absolute(request, path), "lastmod": lastmod}
