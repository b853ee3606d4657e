"""Settings shaped like the starter's base.py, then wired exactly as `quickscale create` wires the auth and
teams manifests (teams requires auth)."""

import tomllib
from pathlib import Path

import environ

from testsupport.modulesettings import env_bool  # noqa: F401 (the auth manifest's settings use it)

# The starter's Content-Security-Policy directives, which the auth manifest's settings extend.
CSP_DIRECTIVES = {"default-src": ["'self'"], "form-action": ["'self'"]}

BASE_DIR = Path(__file__).resolve().parent
MODULES_DIR = BASE_DIR.parents[2]

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
    "notes",
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

ROOT_URLCONF = "teams_testproject.urls"

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

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
AUTH_USER_MODEL = "users.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
STATIC_URL = "static/"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "noreply@example.com"

# What `quickscale create` does with each manifest, required modules first.
MANIFESTS = {
    name: tomllib.loads((MODULES_DIR / name / "module.toml").read_text(encoding="utf-8")) for name in ("auth", "teams")
}
for MANIFEST in MANIFESTS.values():
    INSTALLED_APPS += MANIFEST["installed_apps"]
    MIDDLEWARE += MANIFEST["middleware"]
    TEMPLATES[0]["OPTIONS"]["context_processors"] += MANIFEST.get("context_processors", [])
    exec(MANIFEST["settings"])
