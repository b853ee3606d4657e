"""What `quickscale create demo --modules blog` and `--modules forms` give beyond the checks every combination
passes (test_module_combinations.py): each module alone, without a theme, served by gunicorn with production
settings, its public pages in Chromium at 390 and 1280 px (strict CSP, no violation, 0 axe violations), and each
removed through quickscale.yml. The themed pages in Chromium are in test_theme_starter.py."""

from __future__ import annotations

import json
import subprocess
from contextlib import contextmanager

import pytest
import yaml

from quickscale_core.project.generate import generate
from testsupport.git import git
from testsupport.projects import PageWatch, accessibility_violations, fetch, free_port, gunicorn

from .conftest import CONTACT_FORM, VIEWS, fill_contact_form

pytestmark = pytest.mark.slow

PROXY = {"X-Forwarded-Proto": "https"}

PUBLISH = """
from quickscale_modules.blog.models import Category, Post, Tag
from quickscale_modules.blog.services import publish
post = publish(Post.objects.create(title="Hello <world>", slug="hello", body="A [link](https://example.com) & *text*"))
post.categories.add(Category.objects.create(name="News", slug="news", description="What is new."))
post.tags.add(Tag.objects.create(name="Release", slug="release"))
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
page = client.get("/forms/contact/").content.decode()
token = re.search(r'name="qs_token" value="([^"]+)"', page).group(1)
data = {"email": "ada@example.com", "qs_token": spam.issue("contact", now=time.time() - 60).token}
print(client.post("/forms/contact/", data).status_code)
print(client.post("/forms/contact/", {**data, "qs_website": "x"}).status_code)
background.wait()
print(Submission.objects.count(), [m.to for m in mail.outbox], bool(token))
"""


BLOG_PAGES = (("/blog/", 200), ("/blog/hello/", 200), ("/blog/category/news/", 200), ("/blog/tag/release/", 200),
              ("/blog/no-such-post/", 404))  # fmt: skip


@contextmanager
def serving(project, tmp_path, seed: str, **extra: str):
    """The project under gunicorn with production settings and its static files collected, seeded by `seed`."""
    port = free_port()
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    extra = {"CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}", "EMAIL_URL": "consolemail://", **extra}
    env = project.production_env(database, **extra)
    project.manage("migrate", "--noinput", env=env)
    project.manage("collectstatic", "--noinput", env=env)
    project.manage("shell", "--no-imports", "-c", seed, env=env)
    with gunicorn(project, env=env, port=port) as server:
        yield server


@pytest.mark.xdist_group("blog")
def test_the_blog_alone_serves_its_pages_feeds_and_sitemap(created, tmp_path):
    with serving(created("blog"), tmp_path, PUBLISH, SITE_URL="https://www.acme.example") as server:
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


@pytest.mark.xdist_group("blog")
def test_the_blog_alone_pages_are_strict_clean_and_accessible(created, browser, tmp_path):
    with serving(created("blog"), tmp_path, PUBLISH) as server:
        for width, scheme in VIEWS:
            watch = PageWatch(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
            try:
                for path, status in BLOG_PAGES:
                    watch.check(f"{server.url}{path}", status)
                    assert watch.page.evaluate("document.documentElement.scrollWidth") <= width, path
            finally:
                watch.close()


def send_contact_form(watch: PageWatch, honeypot: str = "") -> None:
    if honeypot:
        watch.page.evaluate(f"() => {{ document.querySelector('input[name=qs_website]').value = {honeypot!r}; }}")
    fill_contact_form(watch.page)
    watch.page.click("form.qs-forms-form button[type=submit]")
    watch.page.wait_for_load_state("networkidle")


@pytest.mark.xdist_group("forms")
def test_the_forms_alone_take_a_submission_in_chromium_and_refuse_a_bot(created, browser, tmp_path):
    """The form, the thanks page and the refusal are strict-CSP clean with 0 axe violations at both widths; the
    proof of work goes with the form."""
    with serving(created("forms"), tmp_path, CONTACT_FORM) as server:
        for width, scheme in VIEWS:
            watch = PageWatch(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
            try:
                watch.check(f"{server.url}/forms/contact/")
                watch.page.wait_for_function("() => document.querySelector('input[name=qs_pow]').value !== ''")
                send_contact_form(watch)
                assert watch.page.url.endswith("/forms/contact/thanks/")
                assert "Thank you" in watch.page.locator(".qs-forms-thanks").text_content()
                assert watch.problems() == [] and accessibility_violations(watch.page) == []
                watch.goto(f"{server.url}/forms/contact/")
                send_contact_form(watch, honeypot="http://spam.example")
                assert watch.page.url.endswith("/forms/contact/")
                assert "We could not accept this submission" in watch.page.content()
                assert watch.problems() == [] and accessibility_violations(watch.page) == []
                assert watch.page.evaluate("document.documentElement.scrollWidth") <= width
            finally:
                watch.close()


@pytest.mark.xdist_group("forms")
def test_without_javascript_the_form_alone_still_goes(created, browser, tmp_path):
    # No axe here: with JavaScript off its run never ends (the page's timers do not fire); the page is the same.
    with serving(created("forms"), tmp_path, CONTACT_FORM) as server:
        watch = PageWatch(browser, viewport={"width": 390, "height": 844}, java_script_enabled=False)
        try:
            watch.goto(f"{server.url}/forms/contact/")
            assert watch.page.locator("input[name=qs_pow]").get_attribute("value") == ""
            fill_contact_form(watch.page)
            watch.page.click("form.qs-forms-form button[type=submit]")
            watch.page.wait_for_url("**/forms/contact/thanks/")
            assert "Thank you" in watch.page.locator(".qs-forms-thanks").text_content()
        finally:
            watch.close()


@pytest.mark.parametrize("module", [pytest.param(m, marks=pytest.mark.xdist_group(m)) for m in ("blog", "forms")])
def test_removing_it_through_quickscale_yml_gives_back_the_project_it_was_added_to(created, module, tmp_path):
    project = created(module)
    clone = tmp_path / "demo"
    subprocess.run(["git", "clone", "--quiet", str(project.path), str(clone)], check=True)
    log = git(clone, "log", "--format=%H %s").splitlines()
    added = next(line.split()[0] for line in log if f" Add the {module} module" in line)
    config = yaml.safe_load((clone / "quickscale.yml").read_text())
    del config["modules"][module]
    (clone / "quickscale.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    git(clone, "commit", "--quiet", "-am", f"Remove the {module} module from quickscale.yml")
    assert generate(clone, keep_data=True).commits == (f"Remove the {module} module",)
    changed = git(clone, "diff", "--name-only", f"{added}~1", "HEAD", "--", ".", ":(exclude)quickscale.yml")
    assert changed == ""
    result = project.run(project.python, "manage.py", "check", "--fail-level", "WARNING", cwd=clone)
    assert "System check identified no issues" in result.stdout
