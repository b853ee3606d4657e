"""The module's shape: PEP 420 namespace, a manifest the CLI can read, and a wheel that carries its files."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import quickscale_modules.admin

MODULE_DIR = Path(__file__).resolve().parents[1]
MANIFEST = tomllib.loads((MODULE_DIR / "module.toml").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((MODULE_DIR / "pyproject.toml").read_text(encoding="utf-8"))


def test_quickscale_modules_stays_a_namespace_package():
    assert not (MODULE_DIR / "src" / "quickscale_modules" / "__init__.py").exists()


def test_manifest_version_and_pins_match_the_distribution():
    assert MANIFEST["name"] == MODULE_DIR.name == "admin"
    assert MANIFEST["version"] == PYPROJECT["project"]["version"] == quickscale_modules.admin.__version__
    assert PYPROJECT["project"]["name"] == "quickscale-module-admin"
    assert sorted(MANIFEST["dependencies"]) == sorted(
        dependency for dependency in PYPROJECT["project"]["dependencies"] if not dependency.startswith("Django")
    )
    assert all("==" in dependency for dependency in MANIFEST["dependencies"])
    assert len(MANIFEST["description"]) <= 90


def test_it_requires_auth_and_its_settings_put_the_module_before_djangos_admin():
    assert MANIFEST["requires"] == ["auth"]
    apps = ["django.contrib.admin", "django.contrib.auth", *MANIFEST["installed_apps"]]
    namespace = {"INSTALLED_APPS": apps, "env": _Env(), "DEFAULT_FROM_EMAIL": "a@example.com"}
    exec(MANIFEST["settings"].replace("{{ project_name }}", "acme"), namespace)
    assert apps.index("quickscale_modules.admin") < apps.index("django.contrib.admin")
    assert apps.count("quickscale_modules.admin") == 1
    assert namespace["CONSTANCE_CONFIG"]["SITE_NAME"][0] == "acme"


class _Env:
    def __call__(self, name, default=None):
        return default

    def int(self, name, default=None):
        return default


def test_the_system_checks_name_the_missing_settings(settings):
    from quickscale_modules.admin.checks import check_settings

    assert check_settings() == []
    settings.AUDITLOG_LOGENTRY_MODEL = "auditlog.LogEntry"
    settings.WAFFLE_FLAG_MODEL = "waffle.Flag"
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "quickscale_modules.admin"] + [
        "quickscale_modules.admin"
    ]
    assert [problem.id for problem in check_settings()] == [
        "quickscale_admin.E001",
        "quickscale_admin.E002",
        "quickscale_admin.E003",
    ]


@pytest.mark.slow
def test_wheel_ships_templates_static_and_migrations_but_no_namespace_init(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "uv", "build", "--wheel", "--quiet", "--out-dir", str(tmp_path), str(MODULE_DIR)],
        check=True,
    )
    (wheel,) = tmp_path.glob("quickscale_module_admin-0.1.0-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "quickscale_modules/__init__.py" not in names
    for expected in (
        "quickscale_modules/admin/migrations/0002_append_only_audit_log.py",
        "quickscale_modules/admin/templates/admin/index.html",
        "quickscale_modules/admin/templates/hijack/notification.html",
        "quickscale_modules/admin/static/quickscale_admin/admin.css",
        "quickscale_modules/admin/management/commands/purge_audit_log.py",
    ):
        assert expected in names
