"""Settings shaped like the starter's base.py, then wired exactly as `quickscale create` wires module.toml.

The delivery tests run this project in worker processes too; they pass DATABASE_URL, REDIS_URL, the queue,
EMAIL_URL (the SMTP catcher) and short leases through the environment.
"""

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

ROOT_URLCONF = "notifications_testproject.urls"

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
# As the starter's base.py: the email backend from EMAIL_URL (the delivery tests point it at their SMTP catcher).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="memorymail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST", "localhost")
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT", 25)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = "Acme <noreply@acme.example>"
LOGIN_URL = "/login/"

# What `quickscale create` does with the manifest: apps, middleware, context processors, then the settings block.
MANIFEST = tomllib.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
INSTALLED_APPS += MANIFEST["installed_apps"]
MIDDLEWARE += MANIFEST["middleware"]
TEMPLATES[0]["OPTIONS"]["context_processors"] += MANIFEST["context_processors"]
exec(MANIFEST["settings"])

# Per test run: its own Celery queue (the sweeper's too), short leases so a killed worker's deliveries come back
# quickly, and a sweeper that hands lost deliveries over within seconds.
QUICKSCALE_NOTIFICATIONS_QUEUE = env("QUICKSCALE_NOTIFICATIONS_QUEUE", default="celery")
QUICKSCALE_NOTIFICATIONS_SEND_LEASE = env.int("QUICKSCALE_NOTIFICATIONS_SEND_LEASE", default=300)
QUICKSCALE_NOTIFICATIONS_SWEEP_AFTER = env.int("QUICKSCALE_NOTIFICATIONS_SWEEP_AFTER", default=300)
CELERY_BEAT_SCHEDULE["quickscale-notifications-sweep"]["options"] = {"queue": QUICKSCALE_NOTIFICATIONS_QUEUE}  # noqa: F821
QUICKSCALE_NOTIFICATIONS_SITE_URL = "https://acme.example"
