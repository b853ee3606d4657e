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

import quickscale_modules.teams

MODULE_DIR = Path(__file__).resolve().parents[1]
MANIFEST = tomllib.loads((MODULE_DIR / "module.toml").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((MODULE_DIR / "pyproject.toml").read_text(encoding="utf-8"))


def test_quickscale_modules_stays_a_namespace_package():
    assert not (MODULE_DIR / "src" / "quickscale_modules" / "__init__.py").exists()


def test_manifest_follows_the_contract():
    assert MANIFEST["name"] == MODULE_DIR.name == "teams"
    assert MANIFEST["requires"] == ["auth"]
    assert MANIFEST["version"] == PYPROJECT["project"]["version"] == quickscale_modules.teams.__version__
    assert PYPROJECT["project"]["name"] == "quickscale-module-teams"
    assert MANIFEST["dependencies"] == [] and PYPROJECT["project"]["dependencies"] == ["Django>=5.2,<6"]
    assert MANIFEST["url_prefix"] == "t/" and MANIFEST["urls"] == "quickscale_modules.teams.urls"
    assert len(MANIFEST["description"]) <= 90 and "\n" not in MANIFEST["description"]


def test_manifest_wiring_points_at_things_that_exist():
    """The test project is wired from the manifest, so its apps, middleware and context processor load."""
    assert set(MANIFEST["installed_apps"]) <= set(settings.INSTALLED_APPS)
    assert set(MANIFEST["middleware"]) <= set(settings.MIDDLEWARE)
    assert set(MANIFEST["context_processors"]) <= set(settings.TEMPLATES[0]["OPTIONS"]["context_processors"])
    assert get_template(MANIFEST["nav"])


@pytest.mark.slow
def test_wheel_ships_templates_and_migrations_but_no_namespace_init(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "uv", "build", "--wheel", "--quiet", "--out-dir", str(tmp_path), str(MODULE_DIR)],
        check=True,
    )
    (wheel,) = tmp_path.glob("quickscale_module_teams-0.1.0-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "quickscale_modules/__init__.py" not in names
    for expected in (
        "quickscale_modules/teams/__init__.py",
        "quickscale_modules/teams/migrations/0001_initial.py",
        "quickscale_modules/teams/templates/quickscale_teams/_switcher.html",
        "quickscale_modules/teams/templates/quickscale_teams/email/invitation.html",
    ):
        assert expected in names
