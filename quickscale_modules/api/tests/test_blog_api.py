"""/api/v1/blog/posts: live posts for everyone, every post and writing for staff."""

from __future__ import annotations

import json

import pytest
from apiflows import error_of, make_user, with_key
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quickscale_modules.api import services as api_services
from quickscale_modules.blog import services
from quickscale_modules.blog.models import Category, Post, Tag

pytestmark = pytest.mark.django_db
POSTS = "/api/v1/blog/posts"


@pytest.fixture
def news(db):
    return Category.objects.create(name="News", slug="news")


@pytest.fixture
def posts(db, news):
    live = services.publish(Post.objects.create(title="Live", slug="live", body="Hi *there*"))
    live.categories.add(news)
    Post.objects.create(title="Draft", slug="draft", body="Not yet")
    return live


@pytest.fixture
def staff_key(db) -> str:
    return api_services.create_key(make_user("root@example.com", is_staff=True, is_superuser=True), "cms")[1]


def test_anyone_reads_the_live_posts(client, posts):
    body = client.get(POSTS).json()
    assert body["count"] == 1
    (post,) = body["results"]
    assert post["slug"] == "live" and post["body_html"] == "<p>Hi <em>there</em></p>"
    assert post["url"] == "http://testserver/blog/live/" and post["state"] == "published"
    assert post["categories"] == ["news"] and post["tags"] == [] and post["authors"] == []
    assert client.get(f"{POSTS}/live").json()["title"] == "Live"
    assert client.get(f"{POSTS}/draft").status_code == 404


def test_staff_read_drafts_too(client, posts, staff_key):
    body = client.get(POSTS, **with_key(staff_key)).json()
    assert {post["slug"] for post in body["results"]} == {"live", "draft"}
    assert client.get(f"{POSTS}/draft", **with_key(staff_key)).json()["state"] == "draft"


def test_staff_write_posts(client, news, staff_key):
    Tag.objects.create(name="Release", slug="release")
    new = {"title": "New", "slug": "new", "body": "<script>x</script>**Bold**", "status": "published",
           "categories": ["news"], "tags": ["release"]}  # fmt: skip
    created = client.post(POSTS, json.dumps(new), content_type="application/json", **with_key(staff_key))
    assert created.status_code == 201, created.content
    assert created.json()["body_html"].strip() == "<p><strong>Bold</strong></p>"
    post = Post.objects.get(slug="new")
    assert post.state == "published" and [a.email for a in post.authors.all()] == ["root@example.com"]
    changed = client.patch(f"{POSTS}/new", json.dumps({"title": "Renamed"}), content_type="application/json",
                           **with_key(staff_key))  # fmt: skip
    assert changed.status_code == 200 and Post.objects.get(slug="new").title == "Renamed"
    assert client.delete(f"{POSTS}/new", **with_key(staff_key)).status_code == 204
    assert not Post.objects.filter(slug="new").exists()


def test_others_may_not_write(client, posts, api_key):
    anonymous = client.post(POSTS, json.dumps({"title": "x", "slug": "x"}), content_type="application/json")
    assert anonymous.status_code == 401 and error_of(anonymous)["code"] == "not_authenticated"
    for response in (
        client.post(
            POSTS, json.dumps({"title": "x", "slug": "x"}), content_type="application/json", **with_key(api_key)
        ),
        client.delete(f"{POSTS}/live", **with_key(api_key)),
    ):
        assert response.status_code == 403 and error_of(response)["message"] == "Only staff may write blog posts."
    assert Post.objects.count() == 2


def test_bad_input_gets_one_clear_message(client, staff_key, posts):
    response = client.post(POSTS, json.dumps({"title": "Dup", "slug": "live", "categories": ["none"]}),
                           content_type="application/json", **with_key(staff_key))  # fmt: skip
    assert response.status_code == 400
    details = error_of(response)["details"]
    assert "slug" in details and "categories" in details


def test_the_list_reads_the_database_a_constant_number_of_times(client, news):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(POSTS).status_code == 200
        return len(captured)

    services.publish(Post.objects.create(title="One", slug="one")).categories.add(news)
    few = count()
    for number in range(15):
        services.publish(Post.objects.create(title=f"P{number}", slug=f"p{number}")).categories.add(news)
    assert count() == few
