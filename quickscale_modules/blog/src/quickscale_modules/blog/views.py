"""The blog's public pages. Each is rendered once per revision of the blog and kept in the cache (caching.py);
the site's own parts of the page (navigation, account menu) come from base.html around it, per request."""

from __future__ import annotations

from django.core.paginator import Page
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from quickscale_modules.blog import caching, seo, services
from quickscale_modules.blog.conf import blog_settings
from quickscale_modules.blog.models import Post


@require_safe
def index(request):
    number = request.GET.get("page")
    return _page(request, ("index", number), lambda: _listing(request, services.live_posts(), number, None, None))


@require_safe
def category(request, slug: str):
    number = request.GET.get("page")

    def build():
        category = services.category_or_404(slug)
        posts = services.live_posts().filter(categories=category)
        return _listing(request, posts, number, category.name, category.description)

    return _page(request, ("category", slug, number), build)


@require_safe
def tag(request, slug: str):
    number = request.GET.get("page")

    def build():
        tag = services.tag_or_404(slug)
        return _listing(request, services.live_posts().filter(tags=tag), number, f"Posts tagged {tag.name}", "")

    return _page(request, ("tag", slug, number), build)


@require_safe
def post(request, slug: str):
    return _page(request, ("post", slug), lambda: _post(request, services.live_post(slug)))


def _page(request, name: tuple, build) -> object:
    """The page wrapped in the site's base.html; its title, head tags and body from the cache or from `build`."""
    parts = (request.scheme, request.get_host(), *name)
    page = caching.cached_page(parts, build)
    context = {"blog_title": page["title"], "blog_head": mark_safe(page["head"]), "blog_body": mark_safe(page["body"])}
    return render(request, "quickscale_blog/page.html", context)


def _listing(request, posts, number: str | None, heading: str | None, lead: str | None) -> dict[str, str]:
    page = services.page_of(posts, number)
    url = seo.absolute(request, request.path + (f"?page={page.number}" if page.number > 1 else ""))
    title = heading or blog_settings.TITLE
    description = lead or blog_settings.DESCRIPTION
    context = {
        "heading": title,
        "lead": description,
        "page": page,
        "posts": [_card(request, post) for post in page.object_list],
        "pages": _neighbours(request, page),
        "blog_title": blog_settings.TITLE,
    }
    head = {
        "canonical": url,
        "title": title,
        "description": description,
        "og_type": "website",
        "feeds": _feeds(request),
        "twitter_card": "summary",
        "twitter_site": blog_settings.TWITTER_SITE,
        "site_name": blog_settings.TITLE,
    }
    return {
        "title": title if page.number == 1 else f"{title} (page {page.number})",
        "head": render_to_string("quickscale_blog/_head.html", head),
        "body": render_to_string("quickscale_blog/index.html", context),
    }


def _post(request, post: Post) -> dict[str, str]:
    url = seo.absolute(request, post.get_absolute_url())
    cover = seo.absolute(request, post.cover.url) if post.cover else ""
    head = {
        "canonical": url,
        "title": post.title,
        "description": post.summary,
        "og_type": "article",
        "image": cover,
        "image_alt": post.cover_alt,
        "published": post.published_at.isoformat(),
        "modified": post.updated_at.isoformat(),
        "tags": [tag.name for tag in post.tags.all()],
        "feeds": _feeds(request),
        "twitter_card": "summary_large_image" if cover else "summary",
        "twitter_site": blog_settings.TWITTER_SITE,
        "site_name": blog_settings.TITLE,
        "json_ld": seo.json_ld(seo.posting(post, url, cover, request)),
    }
    context = {"post": _card(request, post), "body": mark_safe(post.body_html), "blog_title": blog_settings.TITLE}
    return {
        "title": post.title,
        "head": render_to_string("quickscale_blog/_head.html", head),
        "body": render_to_string("quickscale_blog/post.html", context),
    }


def _card(request, post: Post) -> dict:
    """What a template shows of a post, read from the prefetched relations only."""
    return {
        "title": post.title,
        "url": post.get_absolute_url(),
        "summary": post.summary,
        "published_at": post.published_at,
        "cover": post.cover.url if post.cover else "",
        "cover_alt": post.cover_alt,
        "authors": seo.byline(post) or [blog_settings.TITLE],
        "categories": [{"name": c.name, "url": c.get_absolute_url()} for c in post.categories.all()],
        "tags": [{"name": t.name, "url": t.get_absolute_url()} for t in post.tags.all()],
    }


def _neighbours(request, page: Page) -> dict[str, str]:
    def link(number: int) -> str:
        return request.path if number == 1 else f"{request.path}?page={number}"

    return {
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
        "number": page.number,
        "count": page.paginator.num_pages,
    }


def _feeds(request) -> dict[str, str]:
    return {
        "rss": seo.absolute(request, reverse("quickscale_blog:feed_rss")),
        "atom": seo.absolute(request, reverse("quickscale_blog:feed_atom")),
    }
