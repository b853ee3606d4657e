"""Settings shaped like the starter's base.py, then wired exactly as `quickscale create` wires module.toml, with
the notifications module too when scripts/test-suite.sh says so (QS_TEST_MODULES, from pyproject.toml's
[tool.quickscale] test-modules): submissions are then emailed through it."""

import tomllib
from pathlib import Path

import environ

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

ROOT_URLCONF = "forms_testproject.urls"

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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
STATIC_URL = "static/"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "Acme <noreply@acme.example>"
LOGIN_URL = "/admin/login/"

TEST_MODULES = [name for name in env("QS_TEST_MODULES", default="").split(",") if name]
MANIFESTS = [
    tomllib.loads((MODULES_DIR / name / "module.toml").read_text(encoding="utf-8")) for name in [*TEST_MODULES, "forms"]
]
for MANIFEST in MANIFESTS:
    INSTALLED_APPS += MANIFEST["installed_apps"]
    MIDDLEWARE += MANIFEST["middleware"]
    TEMPLATES[0]["OPTIONS"]["context_processors"] += MANIFEST.get("context_processors", [])
    exec(MANIFEST["settings"])
if "notifications" in TEST_MODULES:
    QUICKSCALE_NOTIFICATIONS_EMAIL_BACKEND = EMAIL_BACKEND
    QUICKSCALE_NOTIFICATIONS_QUEUE = "celery"

# The webhook tests' receiver is a real HTTP server on 127.0.0.1.
QUICKSCALE_FORMS_WEBHOOK_ALLOW_HTTP = True
QUICKSCALE_FORMS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
