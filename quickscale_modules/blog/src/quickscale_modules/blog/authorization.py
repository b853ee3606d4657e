"""Who may reach the blog module's URLs, for the project's authorization test (tests/urlaccess.py in a generated
project explains the format). The world has one live post, in a category and with a tag, and a draft."""

from quickscale_modules.blog import services
from quickscale_modules.blog.models import Category, Post, Tag

# Posts, categories and tags belong to no user or team: there is no other side to try.
PUBLIC_PAGE = {"GET": "public", "other": None}

ROWS = {
    "quickscale_blog:index": {"GET": "public"},
    "quickscale_blog:feed_rss": {"GET": "public"},
    "quickscale_blog:feed_atom": {"GET": "public"},
    "quickscale_blog:sitemap": {"GET": "public"},
    "quickscale_blog:post": {**PUBLIC_PAGE, "kwargs": lambda target: {"slug": target.world.blog_post.slug}},
    "quickscale_blog:category": {**PUBLIC_PAGE, "kwargs": lambda target: {"slug": target.world.blog_category.slug}},
    "quickscale_blog:tag": {**PUBLIC_PAGE, "kwargs": lambda target: {"slug": target.world.blog_tag.slug}},
    # The admin's live preview of a post's Markdown: staff only, POST only.
    "admin:quickscale_blog_post_preview": {"POST": "staff", "data": {"markdown": "# Preview"}, "other": None},
}


def populate(world) -> None:
    world.blog_category = Category.objects.create(name="News", slug="news")
    world.blog_tag = Tag.objects.create(name="Release", slug="release")
    world.blog_post = services.publish(Post.objects.create(title="Hello", slug="hello", body="Hello, *world*."))
    world.blog_post.categories.add(world.blog_category)
    world.blog_post.tags.add(world.blog_tag)
    world.blog_draft = Post.objects.create(title="Draft", slug="draft", body="Not yet.")
