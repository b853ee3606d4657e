"""In headless Chromium: no XSS vector of the sanitiser's list runs on a published post, and the admin's preview
follows the Markdown as it is typed."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from xss_vectors import PAYLOADS

from quickscale_modules.blog import services
from quickscale_modules.blog.models import Post

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Every element of the page that still carries an event handler, a style or a script URL.
LEFTOVERS = """() => [...document.body.querySelectorAll("*")].flatMap((element) =>
  [...element.attributes]
    .filter((a) => a.name.startsWith("on") || a.name === "style" || /^\\s*(javascript|vbscript|data):/i.test(a.value))
    .map((a) => `${element.tagName} ${a.name}`))"""


def only_the_live_server(page, live_server) -> None:
    """Requests elsewhere (the payloads name outside hosts) are refused before they leave the machine."""
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
    )


def test_no_payload_runs_in_a_browser(browser, live_server, monkeypatch, artifacts_dir):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    services.publish(Post.objects.create(title="Payloads", slug="payloads", body="\n\n".join(PAYLOADS)))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    only_the_live_server(page, live_server)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server.url}/blog/payloads/")
    page.wait_for_load_state("networkidle")
    # Move over every element of the post, as a reader's pointer would (links are not followed: a script URL
    # in one would be a leftover below).
    for element in page.locator(".qs-blog-body *").all():
        if element.is_visible():
            element.hover(timeout=2000)
    page.screenshot(path=str(artifacts_dir / "blog-payloads.png"), full_page=True)
    assert dialogs == []
    assert page.evaluate(LEFTOVERS) == []
    assert page.locator("script").count() == 1  # the page's JSON-LD block, never run
    page.close()


def test_the_admin_preview_follows_the_markdown(browser, live_server, monkeypatch, artifacts_dir):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    get_user_model().objects.create_superuser("root", "root@example.com", "a-long-test-passphrase")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    only_the_live_server(page, live_server)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/quickscale_blog/post/add/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "a-long-test-passphrase")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/quickscale_blog/post/add/")
    page.fill("#id_body", "## Live\n\nSome **bold** text <img src=x onerror=alert(1)>")
    preview = page.locator(".qs-blog-preview")
    preview.locator("h2").wait_for(timeout=10_000)
    assert preview.locator("h2").text_content() == "Live"
    assert preview.locator("strong").text_content() == "bold"
    assert preview.locator("img").get_attribute("onerror") is None
    page.fill("#id_body", "Changed")
    page.wait_for_function("() => document.querySelector('.qs-blog-preview').textContent.trim() === 'Changed'")
    page.screenshot(path=str(artifacts_dir / "blog-admin-preview.png"), full_page=True)
    page.close()
