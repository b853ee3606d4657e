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

import quickscale_modules.forms

MODULE_DIR = Path(__file__).resolve().parents[1]
MANIFEST = tomllib.loads((MODULE_DIR / "module.toml").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((MODULE_DIR / "pyproject.toml").read_text(encoding="utf-8"))


def test_quickscale_modules_stays_a_namespace_package():
    assert not (MODULE_DIR / "src" / "quickscale_modules" / "__init__.py").exists()


def test_manifest_follows_the_contract():
    assert MANIFEST["name"] == MODULE_DIR.name == "forms"
    assert MANIFEST["requires"] == []
    assert MANIFEST["version"] == PYPROJECT["project"]["version"] == quickscale_modules.forms.__version__
    assert PYPROJECT["project"]["name"] == "quickscale-module-forms"
    assert PYPROJECT["project"]["dependencies"] == ["Django>=5.2,<6", *MANIFEST["dependencies"]]
    assert MANIFEST["url_prefix"] == "forms/" and MANIFEST["urls"] == "quickscale_modules.forms.urls"
    assert len(MANIFEST["description"]) <= 90 and "\n" not in MANIFEST["description"]


def test_manifest_wiring_points_at_things_that_exist():
    assert set(MANIFEST["installed_apps"]) <= set(settings.INSTALLED_APPS)
    assert "nav" not in MANIFEST
    assert get_template("quickscale_forms/form.html") and get_template("quickscale_forms/_spam.html")


def test_every_variable_the_settings_read_is_documented():
    read = set(__import__("re").findall(r'env(?:\.int)?\(\s*"([A-Z_]+)"', MANIFEST["settings"]))
    # The proxy count is the auth module's variable, which the starter's docker-compose.yml already sets.
    assert read == {*MANIFEST["env"], "ALLAUTH_TRUSTED_PROXY_COUNT"}


@pytest.mark.slow
def test_wheel_ships_templates_static_files_and_migrations(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "uv", "build", "--wheel", "--quiet", "--out-dir", str(tmp_path), str(MODULE_DIR)],
        check=True,
    )
    (wheel,) = tmp_path.glob("quickscale_module_forms-0.1.0-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "quickscale_modules/__init__.py" not in names
    for expected in (
        "quickscale_modules/forms/__init__.py",
        "quickscale_modules/forms/migrations/0001_initial.py",
        "quickscale_modules/forms/templates/quickscale_forms/form.html",
        "quickscale_modules/forms/templates/quickscale_forms/email/body.txt",
        "quickscale_modules/forms/static/quickscale_forms/pow.js",
        "quickscale_modules/forms/management/commands/forms_purge.py",
    ):
        assert expected in names
