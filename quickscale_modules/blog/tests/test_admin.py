"""Writing posts in the admin: the live preview's endpoint, publishing from the list, categories and tags."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import apply_limit_choices_to_to_formfield

from quickscale_modules.blog.models import Post

pytestmark = pytest.mark.django_db
PREVIEW = "/admin/quickscale_blog/post/preview/"


def test_the_preview_renders_and_sanitises_like_a_saved_post(client, staff):
    client.force_login(staff)
    answer = client.post(PREVIEW, {"markdown": "# Hi\n\n<script>alert(1)</script>[x](javascript:alert(1))"})
    assert answer.status_code == 200
    assert answer.json() == {"html": "<h1>Hi</h1>\n\n<p><a>x</a></p>"}


def test_the_preview_refuses_what_is_too_long(client, staff):
    client.force_login(staff)
    answer = client.post(PREVIEW, {"markdown": "x" * 200_001})
    assert answer.status_code == 400 and "200000 characters" in answer.json()["error"]


def test_the_preview_is_for_staff_who_may_edit_posts(client, author):
    assert client.post(PREVIEW, {"markdown": "x"}).status_code == 302  # to the admin's sign-in
    client.force_login(author)  # staff, but without the blog's permissions
    assert client.post(PREVIEW, {"markdown": "x"}).status_code == 403


def test_the_preview_answers_post_only(client, staff):
    client.force_login(staff)
    assert client.get(PREVIEW).status_code == 405


def test_the_change_page_shows_the_preview_and_loads_its_script(client, staff, make_post):
    post = make_post(body="**Bold**")
    client.force_login(staff)
    page = client.get(f"/admin/quickscale_blog/post/{post.pk}/change/").content.decode()
    assert f'data-preview-url="{PREVIEW}"' in page and "<strong>Bold</strong>" in page
    assert "quickscale_blog/admin-preview.js" in page
    assert client.get("/admin/quickscale_blog/post/add/").status_code == 200


def test_publish_and_back_to_draft_actions(client, staff, make_post):
    drafts = [make_post(live=False), make_post(live=False)]
    client.force_login(staff)
    ids = [str(post.pk) for post in drafts]
    client.post("/admin/quickscale_blog/post/", {"action": "publish_now", "_selected_action": ids})
    assert {post.state for post in Post.objects.all()} == {"published"}
    client.post("/admin/quickscale_blog/post/", {"action": "back_to_draft", "_selected_action": ids})
    assert {post.state for post in Post.objects.all()} == {"draft"}


def test_a_post_saved_in_the_admin_is_rendered_and_published(client, staff, news):
    client.force_login(staff)
    response = client.post(
        "/admin/quickscale_blog/post/add/",
        {
            "title": "From the admin",
            "slug": "from-the-admin",
            "status": "published",
            "body": "Hello <em onclick='x()'>there</em>",
            "categories": [news.pk],
            "authors": [staff.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(slug="from-the-admin")
    assert post.body_html == "<p>Hello <em>there</em></p>" and post.state == "published"
    assert client.get("/blog/from-the-admin/").status_code == 200


def test_only_staff_can_be_authors(author):
    visitor = get_user_model().objects.create_user("bob", "bob@example.com")
    field = Post._meta.get_field("authors").formfield()
    apply_limit_choices_to_to_formfield(field)
    choices = field.queryset
    assert author in choices and visitor not in choices


def test_categories_and_tags_have_search_for_the_autocomplete(client, staff, news, release):
    client.force_login(staff)
    for model in ("category", "tag"):
        assert client.get(f"/admin/quickscale_blog/{model}/?q=e").status_code == 200
