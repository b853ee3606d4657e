"""/api/v1/blog/posts: the blog module's posts; everyone reads the live ones, staff read every post and write.

    GET    /blog/posts              live posts, newest first, paginated (staff: every post, drafts included)
    GET    /blog/posts/{slug}       one of them
    POST   /blog/posts              staff: a new post (the author is the key's or session's user)
    PATCH  /blog/posts/{slug}       staff: change it (PUT replaces it)
    DELETE /blog/posts/{slug}       staff: delete it

Posts are the site's public content, no team's data: a team key reads them as any client does.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.generics import get_object_or_404

from quickscale_modules.blog import services
from quickscale_modules.blog.models import Category, Post, Tag
from quickscale_modules.blog.seo import absolute, byline


class StaffWrite(permissions.IsAdminUser):
    message = "Only staff may write blog posts."


class PostSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The post's page.")
    state = serializers.CharField(read_only=True, help_text="draft, scheduled or published.")
    authors = serializers.SerializerMethodField(help_text="The names of its authors.")
    categories = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Category.objects.all(), required=False
    )
    tags = serializers.SlugRelatedField(slug_field="slug", many=True, queryset=Tag.objects.all(), required=False)

    class Meta:
        model = Post
        fields = [
            "id", "slug", "title", "url", "excerpt", "summary", "body", "body_html", "status", "state",
            "published_at", "updated_at", "authors", "categories", "tags",
        ]  # fmt: skip
        read_only_fields = ["id", "url", "summary", "body_html", "state", "updated_at", "authors"]

    def get_url(self, post: Post) -> str:
        return absolute(self.context["request"], post.get_absolute_url())

    def get_authors(self, post: Post) -> list[str]:
        return byline(post)


@extend_schema_view(
    list=extend_schema(tags=["blog"], description="Live posts, newest first; staff get every post."),
    retrieve=extend_schema(tags=["blog"], description="One post by its slug."),
    create=extend_schema(tags=["blog"], description="Staff: a new post, written by the requesting user."),
    update=extend_schema(tags=["blog"], description="Staff: replace a post."),
    partial_update=extend_schema(tags=["blog"], description="Staff: change some of a post's fields."),
    destroy=extend_schema(tags=["blog"], description="Staff: delete a post."),
)
class PostViewSet(viewsets.ModelViewSet):
    team_keys = "no_team_data"  # quickscale_modules.api.teamkeys: posts are no team's data
    serializer_class = PostSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_permissions(self):
        # Reading is open to anyone (AllowAny, so the schema says no authentication is needed); writing is staff's.
        return [permissions.AllowAny()] if self.action in ("list", "retrieve") else [StaffWrite()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_staff:
            return services.live_posts()
        return Post.objects.for_listing().order_by("-published_at", "-id")

    def get_object(self) -> Post:
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def perform_create(self, serializer) -> None:
        post = serializer.save()
        post.authors.add(self.request.user)


def register(router) -> None:
    router.register("blog/posts", PostViewSet, basename="blog-post")
