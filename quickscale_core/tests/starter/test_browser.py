"""Proof 5: headless Chromium loads the home page from gunicorn and the stylesheet applies."""

from __future__ import annotations

import re

import pytest

from testsupport.projects import VIA_HTTPS_PROXY

pytestmark = pytest.mark.slow

PHONE = {"width": 375, "height": 667}


def declared_background(stylesheet: str) -> str:
    """The page background the stylesheet declares, as the rgb() string a browser computes."""
    hex_colour = re.search(r"--color-background:\s*#([0-9a-f]{6})", stylesheet)[1]
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"


def test_home_page_renders_styled_in_chromium(browser, production_server, acme, artifacts_dir):
    context = browser.new_context(extra_http_headers=VIA_HTTPS_PROXY)
    page = context.new_page()
    try:
        response = page.goto(f"{production_server.url}/")
        assert response.status == 200
        assert page.title() == "acme"
        assert page.locator("h1").inner_text() == "Welcome to acme"
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == declared_background((acme.path / "static" / "css" / "style.css").read_text())
        page.screenshot(path=artifacts_dir / "starter-home.png", full_page=True)
    finally:
        context.close()


def test_home_page_fits_a_phone_screen(browser, production_server):
    context = browser.new_context(extra_http_headers=VIA_HTTPS_PROXY, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{production_server.url}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
