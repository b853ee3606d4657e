"""Settings shaped like the starter's base.py, then wired exactly as `quickscale create` wires auth and admin
(and the modules of QS_TEST_MODULES, which scripts/test-suite.sh sets: teams, api, billing, notifications)."""

import sys
import tomllib
from pathlib import Path

import environ
from csp.constants import NONCE, SELF

from testsupport.modulesettings import env_bool  # noqa: F401 (the auth manifest's settings use it)

BASE_DIR = Path(__file__).resolve().parent
MODULES_DIR = BASE_DIR.parents[2]


def manifest(name: str) -> dict:
    return tomllib.loads((MODULES_DIR / name / "module.toml").read_text(encoding="utf-8"))


env = environ.Env()

SECRET_KEY = "test-only-not-secret"
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "users",
    "admin_testproject",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "admin_testproject.urls"
WSGI_APPLICATION = "admin_testproject.wsgi.application"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
AUTH_USER_MODEL = "users.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "support@example.com"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# The starter's Content-Security-Policy: nothing inline without the nonce.
CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, NONCE],
    "img-src": [SELF],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": ["'none'"],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": ["'none'"],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}

TEST_MODULES = [name for name in env("QS_TEST_MODULES", default="").split(",") if name]
# The other modules' src/ folders before the repository root (which scripts/test-suite.sh puts on sys.path for
# testsupport): otherwise quickscale_modules/<name>/ of the checkout is found first, as an empty namespace
# package, and their templates are not found.
sys.path[:0] = [str(MODULES_DIR / name / "src") for name in ("auth", *TEST_MODULES)]
AUTH_MANIFEST = manifest("auth")
MANIFEST = manifest("admin")
MODULE_MANIFESTS = {name: manifest(name) for name in TEST_MODULES}

# What `quickscale create` does with each manifest, in its order (required modules, then by name).
ORDER = ["auth", *(name for name in ("notifications",) if name in MODULE_MANIFESTS), "admin"]
ORDER += [name for name in sorted(MODULE_MANIFESTS) if name not in ORDER]
for name in ORDER:
    wiring = {"auth": AUTH_MANIFEST, "admin": MANIFEST}.get(name) or MODULE_MANIFESTS[name]
    INSTALLED_APPS += wiring["installed_apps"]
    MIDDLEWARE += wiring.get("middleware", [])
    TEMPLATES[0]["OPTIONS"]["context_processors"] += wiring.get("context_processors", [])
    exec(wiring["settings"].replace("{{ project_name }}", "testproject"))

if "notifications" in MODULE_MANIFESTS:
    # Tasks run in-process unless a test starts a worker (it sets REDIS_URL and CELERY_BROKER_URL itself).
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
    CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
