"""The module's shape: PEP 420 namespace, a manifest the CLI can read, and a wheel that carries its files."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import quickscale_modules.auth

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
    assert MANIFEST["name"] == MODULE_DIR.name == "auth"
    assert MANIFEST["urls"] == "quickscale_modules.auth.urls"
    assert MANIFEST["url_prefix"] == "accounts/"
    assert "\n" not in MANIFEST["description"]
    assert len(MANIFEST["description"]) <= 90, "one short line: `quickscale list` and the settings header show it"


def test_manifest_version_and_pins_match_the_distribution():
    assert MANIFEST["version"] == PYPROJECT["project"]["version"] == quickscale_modules.auth.__version__
    assert PYPROJECT["project"]["name"] == "quickscale-module-auth"
    for dependency in MANIFEST["dependencies"]:
        assert dependency in PYPROJECT["project"]["dependencies"]
    assert "django-allauth[mfa,socialaccount]==65.21.1" in MANIFEST["dependencies"]


def test_module_templates_come_before_allauths():
    apps = MANIFEST["installed_apps"]
    assert apps.index("quickscale_modules.auth") < apps.index("allauth")


def test_every_env_var_the_settings_read_is_documented():
    for variable in ("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"):
        assert f'"{variable}"' in MANIFEST["settings"]
        assert MANIFEST["env"][variable].strip()
    assert '"ALLAUTH_TRUSTED_PROXY_COUNT"' in MANIFEST["settings"]


@pytest.mark.slow
def test_wheel_ships_templates_static_and_migrations_but_no_namespace_init(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "uv", "build", "--wheel", "--quiet", "--out-dir", str(tmp_path), str(MODULE_DIR)],
        check=True,
    )
    (wheel,) = tmp_path.glob("quickscale_module_auth-0.1.0-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "quickscale_modules/__init__.py" not in names
    for expected in (
        "quickscale_modules/auth/__init__.py",
        "quickscale_modules/auth/migrations/0001_initial.py",
        "quickscale_modules/auth/templates/allauth/layouts/base.html",
        "quickscale_modules/auth/templates/account/email/email_confirmation_message.html",
        "quickscale_modules/auth/templates/quickscale_auth/account.html",
        "quickscale_modules/auth/static/quickscale_auth/auth.css",
    ):
        assert expected in names


def allauth_imports(source: str) -> set[str]:
    """Every allauth module a Python source imports from, by its dotted name."""
    import ast

    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name == "allauth" or name.startswith("allauth.")}


def test_only_allauths_public_modules_are_imported():
    sources = [*(MODULE_DIR / "src").rglob("*.py"), *(MODULE_DIR / "project").rglob("*.j2")]
    sources.append(MODULE_DIR / "module.toml")
    used: dict[str, set[str]] = {}
    for path in sources:
        text = MANIFEST["settings"] if path.name == "module.toml" else path.read_text(encoding="utf-8")
        try:
            found = allauth_imports(text)
        except SyntaxError:
            continue  # a template that is not Python
        for name in found:
            used.setdefault(name, set()).add(path.name)
    assert used, "the module uses allauth"
    private = {
        name: files
        for name, files in used.items()
        if any(part.startswith("_") or part == "internal" for part in name.split("."))
    }
    assert private == {}, "allauth's internal and underscore modules change without notice"
