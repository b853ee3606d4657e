"""Posts, categories and tags in the Django admin; a post's Markdown is previewed as it is typed."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from quickscale_modules.blog import rendering, services
from quickscale_modules.blog.models import Category, Post, Tag

# Markdown longer than this is not previewed (the saved post has no such limit).
PREVIEW_LIMIT = 200_000


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "state", "published_at", "updated_at")
    list_filter = ("status", "categories", "tags")
    search_fields = ("title", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("categories", "tags")
    readonly_fields = ("preview",)
    actions = ("publish_now", "back_to_draft")
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "published_at", "authors")}),
        ("Content", {"fields": ("body", "preview", "excerpt", "cover", "cover_alt")}),
        ("Filing", {"fields": ("categories", "tags")}),
    )

    class Media:
        css = {"all": ("quickscale_blog/admin-preview.css",)}
        js = ("quickscale_blog/admin-preview.js",)

    def get_autocomplete_fields(self, request):
        """Authors are searched as they are typed when the project's user admin can search (the starter's can)."""
        users = self.admin_site._registry.get(get_user_model())
        return (*self.autocomplete_fields, "authors") if users and users.search_fields else self.autocomplete_fields

    @admin.display(description="state")
    def state(self, post: Post) -> str:
        return post.state

    @admin.display(description="preview")
    def preview(self, post: Post) -> str:
        """The rendered body, refreshed by admin-preview.js from the preview URL while the Markdown is edited."""
        return format_html(
            '<div class="qs-blog-preview" data-preview-url="{}" aria-live="polite">{}</div>',
            reverse("admin:quickscale_blog_post_preview"),
            mark_safe(post.body_html if post.pk else ""),  # sanitised when it was saved
        )

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name="quickscale_blog_post_preview"), *super().get_urls()]

    def preview_view(self, request):
        """POST markdown=...: the sanitised HTML the post would show, as JSON."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return JsonResponse({"error": "You may not edit posts."}, status=403)
        text = request.POST.get("markdown", "")
        if len(text) > PREVIEW_LIMIT:
            return JsonResponse({"error": f"The preview stops at {PREVIEW_LIMIT} characters."}, status=400)
        return JsonResponse({"html": rendering.render_markdown(text)})

    @admin.action(description="Publish the selected posts now")
    def publish_now(self, request, queryset) -> None:
        for post in queryset:
            services.publish(post)
        self.message_user(request, f"{queryset.count()} posts published.", messages.SUCCESS)

    @admin.action(description="Take the selected posts back to draft")
    def back_to_draft(self, request, queryset) -> None:
        for post in queryset:
            services.unpublish(post)
        self.message_user(request, f"{queryset.count()} posts back to draft.", messages.SUCCESS)
