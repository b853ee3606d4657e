"""A person sends the contact form in headless Chromium, with JavaScript (the proof of work is solved by pow.js)
and without it (held to the stricter limit); the page has no WCAG 2.1 AA violation at 390 and 1280 px."""

from __future__ import annotations

import pytest

from quickscale_modules.forms.models import Submission
from testsupport.projects import accessibility_violations

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def site(live_server, contact, settings):
    settings.QUICKSCALE_FORMS_MIN_SECONDS = 1
    return live_server.url


def fill_in(page) -> None:
    page.fill("#id_name", "Ada")
    page.fill("#id_email", "ada@example.com")
    page.fill("#id_message", "Hello from a browser")
    page.select_option("#id_topic", "Support")
    page.wait_for_timeout(1200)  # a person takes longer than MIN_SECONDS to fill a form


def test_with_javascript_the_proof_of_work_is_sent(browser, site, settings, artifacts_dir):
    settings.QUICKSCALE_FORMS_NO_JS_RATE_LIMIT = "0/h"  # only a submission with the proof of work can pass
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors = []
    # The test project has no favicon: its 404 is the one resource error allowed.
    page.on(
        "console", lambda m: m.type == "error" and "Failed to load resource" not in m.text and errors.append(m.text)
    )
    page.goto(f"{site}/forms/contact/")
    page.wait_for_function("() => document.querySelector('input[name=qs_pow]').value !== ''", timeout=30_000)
    fill_in(page)
    page.click("form.qs-forms-form button[type=submit]")
    page.wait_for_url("**/forms/contact/thanks/")
    assert "Thank you" in page.locator(".qs-forms-thanks").text_content()
    assert Submission.objects.get().data["message"] == "Hello from a browser"
    page.screenshot(path=str(artifacts_dir / "forms-thanks-390.png"), full_page=True)
    assert errors == []
    page.close()


def test_sending_before_the_proof_of_work_is_done_waits_for_it(browser, site, settings):
    settings.QUICKSCALE_FORMS_NO_JS_RATE_LIMIT = "0/h"
    settings.QUICKSCALE_FORMS_MIN_SECONDS = 0
    settings.QUICKSCALE_FORMS_POW_MAX_NUMBER = 400_000  # slow enough to click before it is solved
    page = browser.new_page()
    page.goto(f"{site}/forms/contact/")
    page.fill("#id_name", "Ada")
    page.fill("#id_email", "ada@example.com")
    page.fill("#id_message", "Quick")
    page.select_option("#id_topic", "Sales")
    page.click("form.qs-forms-form button[type=submit]")
    page.wait_for_url("**/forms/contact/thanks/", timeout=60_000)
    assert Submission.objects.count() == 1
    page.close()


def test_without_javascript_the_form_still_works(browser, site, artifacts_dir):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/forms/contact/")
    assert page.locator("input[name=qs_pow]").get_attribute("value") == ""
    fill_in(page)
    page.click("form.qs-forms-form button[type=submit]")
    page.wait_for_url("**/forms/contact/thanks/")
    assert Submission.objects.get().data["topic"] == "Support"
    page.screenshot(path=str(artifacts_dir / "forms-thanks-nojs-1280.png"), full_page=True)
    context.close()


def test_a_bot_filling_every_input_is_refused(browser, site):
    page = browser.new_page()
    page.goto(f"{site}/forms/contact/")
    page.wait_for_function("() => document.querySelector('input[name=qs_pow]').value !== ''", timeout=30_000)
    page.evaluate("() => { document.querySelector('input[name=qs_website]').value = 'http://spam.example'; }")
    fill_in(page)
    page.click("form.qs-forms-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "We could not accept this submission" in page.content()
    assert Submission.objects.count() == 0
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_form_page_is_accessible(browser, site, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site}/forms/contact/")
    assert accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
