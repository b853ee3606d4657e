"""Mounted under the project's url_prefix (blog/)."""

from django.urls import path
from django.views.decorators.http import require_safe

from quickscale_modules.blog import feeds, sitemaps, views

app_name = "quickscale_blog"
urlpatterns = [
    path("", views.index, name="index"),
    path("feed/rss/", require_safe(feeds.RssFeed()), name="feed_rss"),
    path("feed/atom/", require_safe(feeds.AtomFeed()), name="feed_atom"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
    path("<slug:slug>/", views.post, name="post"),
]
