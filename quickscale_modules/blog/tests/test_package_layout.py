"""The module's shape: PEP 420 namespace, a manifest in the contract's format, and a wheel that carries its files."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template

import quickscale_modules.blog

MODULE_DIR = Path(__file__).resolve().parents[1]
MANIFEST = tomllib.loads((MODULE_DIR / "module.toml").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((MODULE_DIR / "pyproject.toml").read_text(encoding="utf-8"))


def test_quickscale_modules_stays_a_namespace_package():
    assert not (MODULE_DIR / "src" / "quickscale_modules" / "__init__.py").exists()


def test_manifest_follows_the_contract():
    assert MANIFEST["name"] == MODULE_DIR.name == "blog"
    assert MANIFEST["requires"] == []
    assert MANIFEST["version"] == PYPROJECT["project"]["version"] == quickscale_modules.blog.__version__
    assert PYPROJECT["project"]["name"] == "quickscale-module-blog"
    assert PYPROJECT["project"]["dependencies"] == ["Django>=5.2,<6", *MANIFEST["dependencies"]]
    assert MANIFEST["url_prefix"] == "blog/" and MANIFEST["urls"] == "quickscale_modules.blog.urls"
    assert len(MANIFEST["description"]) <= 90 and "\n" not in MANIFEST["description"]


def test_manifest_wiring_points_at_things_that_exist():
    assert set(MANIFEST["installed_apps"]) <= set(settings.INSTALLED_APPS)
    assert get_template(MANIFEST["nav"])


def test_every_variable_the_settings_read_is_documented():
    read = set(__import__("re").findall(r'env\(\s*"([A-Z_]+)"', MANIFEST["settings"]))
    assert read == set(MANIFEST["env"])


@pytest.mark.slow
def test_wheel_ships_templates_static_files_and_migrations(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "uv", "build", "--wheel", "--quiet", "--out-dir", str(tmp_path), str(MODULE_DIR)],
        check=True,
    )
    (wheel,) = tmp_path.glob("quickscale_module_blog-0.1.0-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "quickscale_modules/__init__.py" not in names
    for expected in (
        "quickscale_modules/blog/__init__.py",
        "quickscale_modules/blog/migrations/0001_initial.py",
        "quickscale_modules/blog/templates/quickscale_blog/post.html",
        "quickscale_modules/blog/templates/quickscale_blog/sitemap.xml",
        "quickscale_modules/blog/static/quickscale_blog/admin-preview.js",
    ):
        assert expected in names
