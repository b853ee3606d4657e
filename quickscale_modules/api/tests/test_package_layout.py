"""The module's shape: PEP 420 namespace, a manifest the CLI can read, and a wheel that carries its files."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import quickscale_modules.api

MODULE_DIR = Path(__file__).resolve().parents[1]
MANIFEST = tomllib.loads((MODULE_DIR / "module.toml").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((MODULE_DIR / "pyproject.toml").read_text(encoding="utf-8"))


def test_quickscale_modules_stays_a_namespace_package():
    assert not (MODULE_DIR / "src" / "quickscale_modules" / "__init__.py").exists(), (
        "quickscale_modules is a PEP 420 namespace shared by all modules; delete src/quickscale_modules/__init__.py"
    )


def test_manifest_has_every_field_the_cli_reads():
    expected = {"name", "description", "version", "core", "requires", "dependencies", "installed_apps"}
    assert expected <= MANIFEST.keys()
    assert MANIFEST["name"] == MODULE_DIR.name == "api"
    assert MANIFEST["urls"] == "quickscale_modules.api.urls"
    assert MANIFEST["url_prefix"] == "api/"
    assert "\n" not in MANIFEST["description"]
    assert len(MANIFEST["description"]) <= 90, "one short line: `quickscale list` and the settings header show it"


def test_manifest_version_and_pins_match_the_distribution():
    assert MANIFEST["version"] == PYPROJECT["project"]["version"] == quickscale_modules.api.__version__
    assert PYPROJECT["project"]["name"] == "quickscale-module-api"
    for dependency in MANIFEST["dependencies"]:
        assert dependency in PYPROJECT["project"]["dependencies"]
    assert sorted(MANIFEST["dependencies"]) == sorted(
        dependency for dependency in PYPROJECT["project"]["dependencies"] if not dependency.startswith("Django")
    )


def test_it_requires_auth_and_reads_only_variables_auth_documents():
    assert MANIFEST["requires"] == ["auth"]
    assert "env" not in MANIFEST  # ALLAUTH_TRUSTED_PROXY_COUNT, the one it reads, is in the auth manifest
    assert '"ALLAUTH_TRUSTED_PROXY_COUNT"' in MANIFEST["settings"]


def test_the_library_app_comes_before_the_module_whose_admin_replaces_its_admin():
    apps = MANIFEST["installed_apps"]
    assert apps.index("rest_framework_api_key") < apps.index("quickscale_modules.api")


@pytest.mark.slow
def test_wheel_ships_templates_static_and_migrations_but_no_namespace_init(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "uv", "build", "--wheel", "--quiet", "--out-dir", str(tmp_path), str(MODULE_DIR)],
        check=True,
    )
    (wheel,) = tmp_path.glob("quickscale_module_api-0.1.0-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "quickscale_modules/__init__.py" not in names
    for expected in (
        "quickscale_modules/api/__init__.py",
        "quickscale_modules/api/migrations/0001_initial.py",
        "quickscale_modules/api/resources/me.py",
        "quickscale_modules/api/templates/quickscale_api/keys.html",
        "quickscale_modules/api/templates/quickscale_api/swagger_ui.html",
        "quickscale_modules/api/static/quickscale_api/api.css",
        "quickscale_modules/api/static/quickscale_api/docs.css",
    ):
        assert expected in names
