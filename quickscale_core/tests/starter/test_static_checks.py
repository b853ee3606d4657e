"""Proof 6: the generated tree passes the linters and validators its users and CI would run, offline."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from testsupport.services import require

pytestmark = pytest.mark.slow

# This repository's tool venv (scripts/setup.sh --dev): poetry, hadolint, check-jsonschema, pre-commit.
TOOLS = Path(sys.executable).parent
# Any attempt to reach the network fails fast, so a passing check proves it works offline.
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}


def tool(acme, name: str, *args: str | Path, cwd: Path | None = None):
    return acme.run(TOOLS / name, *args, env=OFFLINE, cwd=cwd)


def test_ruff_lint_and_format_pass_with_the_projects_own_ruff(acme):
    acme.run(acme.bin("ruff"), "check", ".")
    acme.run(acme.bin("ruff"), "format", "--check", ".")


def test_pre_commit_config_is_valid(acme):
    tool(acme, "pre-commit", "validate-config", ".pre-commit-config.yaml")


def test_pre_commit_hooks_pass_offline_on_a_fresh_repository(acme, tmp_path):
    repository = tmp_path / "acme"
    shutil.copytree(acme.path, repository, ignore=shutil.ignore_patterns("staticfiles", "*.sqlite3", "__pycache__"))
    git = ["git", "-c", "user.name=QuickScale", "-c", "user.email=tests@example.com"]
    for command in (["init", "--quiet"], ["add", "."]):
        subprocess.run([*git, *command], cwd=repository, check=True)

    result = acme.run(
        acme.bin("pre-commit"),
        "run",
        "--all-files",
        env={**OFFLINE, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")},
        cwd=repository,
    )

    hooks = (
        "ruff check",
        "ruff format",
        "djlint (Django templates)",
        "no trailing whitespace",
        "files end with exactly",
    )
    for hook in hooks:
        assert any(line.startswith(hook) and line.endswith("Passed") for line in result.stdout.splitlines()), hook


def test_djlint_finds_nothing_in_the_templates_with_the_projects_own_djlint(acme):
    result = acme.run(acme.bin("djlint"), "templates", "--lint", env=OFFLINE)

    assert re.search(r"Linted [1-9]\d* files, found 0 errors", result.stdout), result.stdout


def test_no_template_has_inline_scripts_styles_or_event_handlers(acme):
    inline_code = re.compile(r"""\sstyle=|\son[a-z]+=|<style|<script(?![^>]*\ssrc=)""", re.IGNORECASE)
    templates = sorted((acme.path / "templates").glob("*.html"))

    assert [path.name for path in templates] == ["404.html", "500.html", "base.html", "index.html"]
    offenders = {path.name: inline_code.findall(path.read_text()) for path in templates}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_poetry_accepts_the_pyproject(acme, tmp_path):
    result = acme.run(TOOLS / "poetry", "check", env={**OFFLINE, "POETRY_CACHE_DIR": str(tmp_path)})

    assert "All set!" in result.stdout


def test_hadolint_finds_nothing_in_the_dockerfile(acme):
    tool(acme, "hadolint", "Dockerfile")


def test_github_workflows_match_the_workflow_schema(acme):
    workflows = sorted((acme.path / ".github" / "workflows").glob("*.yml"))
    assert [path.name for path in workflows] == ["ci.yml", "deploy.yml"]

    tool(acme, "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)


def test_compose_file_matches_the_compose_spec(acme):
    tool(acme, "check-jsonschema", "--builtin-schema", "vendor.compose-spec", "docker-compose.yml")


def test_compose_runs_the_scaled_out_topology(acme):
    services = yaml.safe_load((acme.path / "docker-compose.yml").read_text())["services"]

    assert set(services) == {"proxy", "web", "migrate", "db", "redis"}
    assert services["web"]["deploy"]["replicas"] >= 2
    assert "ports" not in services["web"]  # reached through the proxy only
    # Migrations run once, before any replica starts; never from each replica.
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    assert services["web"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["web"]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    for name in ("proxy", "db", "redis"):
        assert "healthcheck" in services[name], name
    for name in ("proxy", "web", "db", "redis"):
        assert services[name]["restart"] == "unless-stopped", name


def test_haproxy_accepts_the_proxy_configuration(acme):
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    require("HAProxy", Path(haproxy).exists())
    result = acme.run(haproxy, "-c", "-f", acme.path / "deploy" / "haproxy.cfg", check=False)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration file is valid" in result.stdout


def test_tools_really_run_offline():
    """The OFFLINE environment does cut the network: the checks above cannot have fetched anything."""
    probe = "import urllib.request; urllib.request.urlopen('http://example.com', timeout=5)"
    result = subprocess.run(
        [sys.executable, "-c", probe], env={**os.environ, **OFFLINE}, capture_output=True, text=True
    )

    assert result.returncode != 0
