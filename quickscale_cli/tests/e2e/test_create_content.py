"""What `quickscale create demo --modules blog` and `--modules forms` give beyond the checks every combination
passes (test_module_combinations.py): each module alone, without a theme, served by gunicorn with production
settings. The themed pages in Chromium are in test_theme_starter.py."""

from __future__ import annotations

import json

import pytest

from testsupport.projects import fetch, free_port, gunicorn

pytestmark = pytest.mark.slow

PROXY = {"X-Forwarded-Proto": "https"}

PUBLISH = """
from quickscale_modules.blog.models import Post
from quickscale_modules.blog.services import publish
publish(Post.objects.create(title="Hello <world>", slug="hello", body="A [link](https://example.com) & *text*"))
"""

# A visitor without JavaScript sends the contact form through the test client, as the browser would; the form
# has no notifications module to send through, so Django's mail (the console here) carries the email.
SUBMIT = """
import re, time
from django.core import mail
from django.test import Client
from django.test.utils import setup_test_environment
from quickscale_modules.forms import background, spam
from quickscale_modules.forms.models import Field, Form, Submission
setup_test_environment()
form = Form.objects.create(slug="contact", title="Contact", recipients="sales@acme.example")
Field.objects.create(form=form, name="email", label="Email", kind="email")
client = Client()
page = client.get("/forms/contact/", headers={"host": "localhost"}).content.decode()
token = re.search(r'name="qs_token" value="([^"]+)"', page).group(1)
data = {"email": "ada@example.com", "qs_token": spam.issue("contact", now=time.time() - 60).token}
print(client.post("/forms/contact/", data, headers={"host": "localhost"}).status_code)
print(client.post("/forms/contact/", {**data, "qs_website": "x"}, headers={"host": "localhost"}).status_code)
background.wait()
print(Submission.objects.count(), [m.to for m in mail.outbox], bool(token))
"""


@pytest.mark.xdist_group("blog")
def test_the_blog_alone_serves_its_pages_feeds_and_sitemap(created, tmp_path):
    project = created("blog")
    port = free_port()
    env = project.production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", SITE_URL="https://www.acme.example")
    project.manage("migrate", "--noinput", env=env)
    project.manage("shell", "--no-imports", "-c", PUBLISH, env=env)
    with gunicorn(project, env=env, port=port) as server:
        index = fetch(f"{server.url}/blog/", headers=PROXY)
        assert index.status == 200 and 'href="/blog/hello/"' in index.text and "Hello &lt;world&gt;" in index.text
        post = fetch(f"{server.url}/blog/hello/", headers=PROXY).text
        assert '<link rel="canonical" href="https://www.acme.example/blog/hello/">' in post
        assert '<a href="https://example.com" rel="noopener noreferrer">link</a>' in post
        data = json.loads(post.split('<script type="application/ld+json">')[1].split("</script>")[0])
        assert data["headline"] == "Hello <world>" and data["url"] == "https://www.acme.example/blog/hello/"
        for path in ("/blog/feed/rss/", "/blog/feed/atom/", "/blog/sitemap.xml"):
            answer = fetch(f"{server.url}{path}", headers=PROXY)
            assert answer.status == 200 and "https://www.acme.example/blog/hello/" in answer.text, path
        assert 'class="qs-blog-nav-link"' in fetch(f"{server.url}/", headers=PROXY).text


@pytest.mark.xdist_group("forms")
def test_the_forms_alone_take_a_submission_and_email_it_with_djangos_mail(created, tmp_path):
    project = created("forms")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "EMAIL_URL": "consolemail://"}
    project.manage("migrate", "--noinput", env=env)
    lines = project.manage("shell", "--no-imports", "-c", SUBMIT, env=env).stdout.strip().splitlines()
    assert lines[-3:] == ["302", "400", "1 [['sales@acme.example']] True"]
