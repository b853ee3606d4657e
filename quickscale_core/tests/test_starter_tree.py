"""Fast, in-process checks of the starter as rendered: the contract other code relies on, and clean output."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from quickscale_core.scaffold import render_project

NAMES = ["acme", "x", "my_app", "a_very_long_client_name_of_forty_chars_x"]

RUNTIME_PINS = {
    "Django": "5.2.19",
    "django-csp": "4.0",
    "django-environ": "0.14.0",
    "django-permissions-policy": "4.34.0",
    "gunicorn": "27.0.1",
    "psycopg[binary]": "3.3.9",
    "redis": "8.1.0",
    "whitenoise": "6.12.0",
}
DEV_PINS = {
    "django-debug-toolbar": "8.0.0",
    "djlint": "1.54.0",
    "factory-boy": "3.3.3",
    "pre-commit": "4.7.0",
    "pytest": "9.2.0",
    "pytest-cov": "7.1.0",
    "pytest-django": "4.14.0",
    "ruff": "0.17.6",
}

CONTRACT_FILES = [
    "manage.py",
    "acme/__init__.py",
    "acme/urls.py",
    "acme/wsgi.py",
    "acme/asgi.py",
    "acme/views.py",
    "acme/settings/__init__.py",
    "acme/settings/base.py",
    "acme/settings/local.py",
    "acme/settings/production.py",
    "acme/settings/test.py",
    "users/__init__.py",
    "users/models.py",
    "users/admin.py",
    "users/apps.py",
    "users/migrations/__init__.py",
    "users/migrations/0001_initial.py",
    "tests/factories.py",
    "tests/conftest.py",
    "tests/urlaccess.py",
    "tests/authorization.py",
    "tests/test_authorization.py",
    "templates/base.html",
    "templates/index.html",
    "templates/404.html",
    "templates/500.html",
    "static/css/style.css",
    "static/js/main.js",
    "static/images/favicon.svg",
    "pyproject.toml",
    "Dockerfile",
    ".dockerignore",
    "docker-compose.yml",
    "deploy/haproxy.cfg",
    "docs/deployment.md",
    ".env.example",
    ".github/workflows/ci.yml",
    ".github/workflows/deploy.yml",
    ".pre-commit-config.yaml",
    "README.md",
    ".gitignore",
    ".editorconfig",
]

# Files in which neither Jinja nor anything that looks like it belongs.
NO_BRACE_PAIRS = re.compile(r"(\.py|\.toml|\.md|\.cfg|\.css|\.js|\.svg|Dockerfile|\.env\.example|ignore|config)$")


@pytest.fixture(scope="module")
def acme() -> dict[str, str]:
    return {str(path): text for path, text in render_project("acme").items()}


def pins(requirements: list[str]) -> dict[str, str]:
    return dict(requirement.split("==") for requirement in requirements)


def test_the_tree_has_every_file_of_the_contract(acme):
    assert sorted(set(CONTRACT_FILES) - set(acme)) == []


def test_the_template_stays_small(acme):
    assert len(acme) <= 50  # 47, and the authorization table: its walker, the project's rows and the test


def test_settings_modules_default_per_entry_point(acme):
    assert '"DJANGO_SETTINGS_MODULE", "acme.settings.local"' in acme["manage.py"]
    assert '"DJANGO_SETTINGS_MODULE", "acme.settings.production"' in acme["acme/wsgi.py"]
    assert '"DJANGO_SETTINGS_MODULE", "acme.settings.production"' in acme["acme/asgi.py"]


def test_pyproject_pins_exactly_and_configures_the_tools(acme):
    pyproject = tomllib.loads(acme["pyproject.toml"])

    assert pyproject["project"]["name"] == "acme"
    assert pins(pyproject["project"]["dependencies"]) == RUNTIME_PINS
    assert pins(pyproject["dependency-groups"]["dev"]) == DEV_PINS
    assert [r.split("==")[0] for r in pyproject["project"]["optional-dependencies"]["sentry"]] == ["sentry-sdk"]
    assert pyproject["build-system"]["build-backend"] == "setuptools.build_meta"
    pytest_options = pyproject["tool"]["pytest"]["ini_options"]
    assert pytest_options["DJANGO_SETTINGS_MODULE"] == "acme.settings.test"
    assert "--cov-fail-under=90" in pytest_options["addopts"]
    assert "I" in pyproject["tool"]["ruff"]["lint"]["select"]


def test_base_template_offers_the_blocks_other_apps_extend(acme):
    base = acme["templates/base.html"]

    for block in ("title", "nav", "content", "extra_head", "extra_js"):
        assert f"{{% block {block} %}}" in base
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in base
    assert "{% for message in messages %}" in base
    assert "Welcome to acme" in acme["templates/index.html"]


def test_env_example_documents_every_variable_the_settings_read(acme):
    settings = "".join(text for path, text in acme.items() if path.startswith("acme/settings/"))
    read = set(re.findall(r'(?:env(?:\.\w+)?|required)\(\s*"([A-Z_]+)"', settings))
    documented = set(re.findall(r"^# ([A-Z_]+)=", acme[".env.example"], flags=re.MULTILINE))

    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SENTRY_DSN"} <= read
    assert read - documented == set()


@pytest.mark.parametrize("name", NAMES)
def test_no_template_syntax_survives_rendering(name):
    for path, text in render_project(name).items():
        assert "project_name" not in text, path
        assert not re.search(r"\{%-?\s*(raw|endraw)", text), path
        if NO_BRACE_PAIRS.search(str(path)):
            assert "{{" not in text and "{%" not in text, path
        if path.suffix == ".yml":
            assert not re.search(r"(?<!\$)\{\{", text), f"{path}: a {{{{ that is not a GitHub expression"


@pytest.mark.parametrize("name", NAMES)
def test_python_files_compile_and_yaml_files_parse(name):
    for path, text in render_project(name).items():
        if path.suffix == ".py":
            compile(text, str(path), "exec")
        elif path.suffix in (".yml", ".yaml"):
            assert isinstance(yaml.safe_load(text), dict), path


@pytest.mark.parametrize("name", NAMES)
def test_every_file_ends_with_exactly_one_newline(name):
    for path, text in render_project(name).items():
        if text:
            assert text.endswith("\n") and not text.endswith("\n\n"), path
