"""Settings shaped like the starter's base.py, then wired exactly as `quickscale create` wires module.toml."""

import tomllib
from pathlib import Path

import environ

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

ROOT_URLCONF = "blog_testproject.urls"

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
LOGIN_URL = "/admin/login/"

# What `quickscale create` does with the manifest: apps, middleware, context processors, then the settings block.
MANIFEST = tomllib.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
INSTALLED_APPS += MANIFEST["installed_apps"]
MIDDLEWARE += MANIFEST["middleware"]
TEMPLATES[0]["OPTIONS"]["context_processors"] += MANIFEST.get("context_processors", [])
exec(MANIFEST["settings"])

# Uploaded covers of the tests go to a folder of their own (the `media` fixture points it at a temporary one).
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
