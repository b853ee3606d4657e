"""quickscale_core.settings: shared defaults a project may star-import (Django's own checks run in
test_embedded_project.py, inside a real project)."""

from __future__ import annotations

import importlib

import pytest

from quickscale_core.settings import base, production


def settings_of(module) -> dict[str, object]:
    """What `from module import *` gives a settings file."""
    return {name: getattr(module, name) for name in dir(module) if not name.startswith("_")}


def test_star_imports_give_only_settings():
    for module in (base, production):
        assert all(name.isupper() for name in settings_of(module)), module.__name__


def test_production_never_undoes_a_project_override_of_a_base_setting():
    assert set(settings_of(base)).isdisjoint(settings_of(production))


def test_safe_defaults():
    assert base.DEBUG is False
    assert base.X_FRAME_OPTIONS == "DENY"
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_HSTS_SECONDS >= 60 * 60 * 24 * 365


@pytest.mark.parametrize(("value", "redirect"), [(None, True), ("false", False), ("0", False), ("yes", True)])
def test_ssl_redirect_can_be_turned_off_from_the_environment(monkeypatch, value, redirect):
    if value is None:
        monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    else:
        monkeypatch.setenv("SECURE_SSL_REDIRECT", value)
    try:
        assert importlib.reload(production).SECURE_SSL_REDIRECT is redirect
    finally:
        monkeypatch.undo()
        importlib.reload(production)
