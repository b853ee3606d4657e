"""The module's pages extend the project's base.html and carry no inline script or style (a strict CSP)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import quickscale_modules.notifications

TEMPLATES = Path(quickscale_modules.notifications.__file__).parent / "templates" / "quickscale_notifications"
PAGES = sorted(TEMPLATES.glob("[!_]*.html"))
INLINE = re.compile(r"<script|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_every_page_is_checked():
    assert {page.name for page in PAGES} >= {"list.html", "preferences.html", "unsubscribe.html"}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_pages_extend_base_html(page):
    assert page.read_text().startswith('{% extends "base.html" %}')


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda template: template.name)
def test_no_inline_scripts_or_styles(template):
    assert not INLINE.search(template.read_text())
