"""An embedded project installed for real: quickscale_core comes from the embedded copy and Django is happy."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import pytest

from quickscale_core.sharing import embed_core
from testsupport.git import client_project
from testsupport.projects import InstalledProject, install_project, new_venv, uv_pip_install

pytestmark = pytest.mark.slow

# Everything project-independent from quickscale_core.settings; only the project's own wiring from the project.
CORE_BASED_SETTINGS = """\
from quickscale_core.settings.base import *
from quickscale_core.settings.production import *

from acme.settings import base as _project

for _name in ("INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF", "TEMPLATES", "DATABASES", "AUTH_USER_MODEL",
              "STATIC_ROOT", "STATICFILES_DIRS", "WSGI_APPLICATION"):
    globals()[_name] = getattr(_project, _name)

SECRET_KEY = {secret!r}
ALLOWED_HOSTS = ["client.example.com"]
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory, git_env, upstream_seed) -> InstalledProject:
    with pytest.MonkeyPatch.context() as patch:
        for key, value in git_env.items():
            patch.setenv(key, value)
        client = client_project(tmp_path_factory.mktemp("embedded"))
        embed_core(client, repo=str(upstream_seed))
    return install_project(client)


def test_quickscale_core_is_imported_from_the_embedded_copy(project):
    result = project.run(project.python, "-c", "import quickscale_core; print(quickscale_core.__file__)")
    expected = project.path / "quickscale" / "quickscale_core" / "src" / "quickscale_core" / "__init__.py"
    assert Path(result.stdout.strip()) == expected


def test_manage_py_check_passes(project):
    result = project.manage("check")
    assert "System check identified no issues" in result.stdout


def test_core_settings_alone_pass_the_deployment_checks(project):
    settings = project.path / "acme" / "settings" / "core_based.py"
    settings.write_text(CORE_BASED_SETTINGS.format(secret=secrets.token_urlsafe(50)), encoding="utf-8")
    result = project.manage("check", "--deploy", "--fail-level", "WARNING", "--settings", "acme.settings.core_based")
    assert "System check identified no issues" in result.stdout


def test_the_documented_opt_in_line_keeps_the_project_working(project):
    base = project.path / "acme" / "settings" / "base.py"
    original = base.read_text(encoding="utf-8")
    try:
        base.write_text("from quickscale_core.settings.base import *  # noqa: F403\n" + original, encoding="utf-8")
        assert "no issues" in project.manage("check").stdout
    finally:
        base.write_text(original, encoding="utf-8")


def test_a_production_install_has_neither_the_generator_nor_jinja2(project):
    """`pip install .` without groups (uv pip reads the path sources as uv sync --no-dev would)."""
    venv = new_venv(project.path.parent / "venv-production")
    uv_pip_install(venv, ".", cwd=project.path)
    probe = "import importlib.util as u; print([n for n in ('quickscale_core', 'jinja2', 'django') if u.find_spec(n)])"
    result = subprocess.run([str(venv / "bin" / "python"), "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['django']"  # the project's own runtime dependencies only
