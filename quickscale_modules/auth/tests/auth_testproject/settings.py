"""Settings shaped like the starter's base.py, then wired exactly as `quickscale create` wires module.toml."""

import tomllib
from pathlib import Path

import environ

from testsupport.modulesettings import env_bool  # noqa: F401 (the manifest's settings use it)

BASE_DIR = Path(__file__).resolve().parent
MANIFEST_PATH = BASE_DIR.parents[1] / "module.toml"

env = environ.Env()


SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "users",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "auth_testproject.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The starter's Content-Security-Policy directives, which the settings block extends.
CSP_DIRECTIVES = {"default-src": ["'self'"], "form-action": ["'self'"]}

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
AUTH_USER_MODEL = "users.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
USE_TZ = True
STATIC_URL = "static/"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "noreply@example.com"

# What `quickscale generate` does with the manifest: append its apps, middleware and context processors,
# then its settings block.
MANIFEST = tomllib.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
INSTALLED_APPS += MANIFEST["installed_apps"]
MIDDLEWARE += MANIFEST["middleware"]
TEMPLATES[0]["OPTIONS"]["context_processors"] += MANIFEST.get("context_processors", [])
exec(MANIFEST["settings"])
# A project app of its own with user data and lifecycle hooks, after the module's apps (as a project's are
# when it adds them below the modules): its delete hook runs after the auth module's.
INSTALLED_APPS += ["notes"]
