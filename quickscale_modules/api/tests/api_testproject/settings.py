"""Settings shaped like the starter's base.py, then wired exactly as `quickscale create` wires auth and api."""

import tomllib
from pathlib import Path

import environ

from testsupport.modulesettings import env_bool  # noqa: F401 (the auth manifest's settings use it)

# The starter's Content-Security-Policy directives, which the auth manifest's settings extend.
CSP_DIRECTIVES = {"default-src": ["'self'"], "form-action": ["'self'"]}

BASE_DIR = Path(__file__).resolve().parent
MODULES_DIR = BASE_DIR.parents[2]
MANIFEST = tomllib.loads((BASE_DIR.parents[1] / "module.toml").read_text(encoding="utf-8"))
AUTH_MANIFEST = tomllib.loads((MODULES_DIR / "auth" / "module.toml").read_text(encoding="utf-8"))

env = environ.Env()

SECRET_KEY = "test-only-not-secret"
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "users",
    "api_testproject",
    # The bench's baseline authenticates with REST framework's own tokens.
    "rest_framework.authtoken",
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

ROOT_URLCONF = "api_testproject.urls"
WSGI_APPLICATION = "api_testproject.wsgi.application"

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

# As the generated project's base.py: a shared Redis cache when REDIS_URL is set (the bench sets it).
if REDIS_URL := env("REDIS_URL", default=""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
AUTH_USER_MODEL = "users.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
STATIC_URL = "static/"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# The contract tests and the bench serve this project and raise the rates from the environment.
for rate in ("KEY_RATE", "USER_RATE", "ANON_RATE"):
    if f"QUICKSCALE_API_{rate}" in env:
        vars()[f"QUICKSCALE_API_{rate}"] = env(f"QUICKSCALE_API_{rate}")

# The modules installed beside auth and api, whose API resources (resources/<module>.py) are tested here:
# QS_TEST_MODULES, which scripts/test-suite.sh sets from pyproject.toml's [tool.quickscale] test-modules
# (teams, billing, notifications). Without it (the bench, which serves this project), auth and api alone.
TEST_MODULES = [name for name in env("QS_TEST_MODULES", default="").split(",") if name]
MODULE_MANIFESTS = {
    name: tomllib.loads((MODULES_DIR / name / "module.toml").read_text(encoding="utf-8")) for name in TEST_MODULES
}

# What `quickscale create` does with each manifest, required modules first: apps, middleware, context
# processors, settings block.
for manifest in (AUTH_MANIFEST, *MODULE_MANIFESTS.values(), MANIFEST):
    INSTALLED_APPS += manifest["installed_apps"]
    MIDDLEWARE += manifest.get("middleware", [])
    TEMPLATES[0]["OPTIONS"]["context_processors"] += manifest.get("context_processors", [])
    exec(manifest["settings"])

# The modules whose emails the tests send (a team invitation, through notifications), with their pages for the
# links in them (urls.py). Their templates by path: in this venv the repository's folder quickscale_modules/<m>,
# on sys.path for testsupport, stands for the app's package (a namespace portion), so APP_DIRS misses them.
EMAIL_MODULES = [name for name in ("teams", "notifications") if name in MODULE_MANIFESTS]
for name in EMAIL_MODULES:
    TEMPLATES[0]["DIRS"].append(MODULES_DIR / name / "src" / "quickscale_modules" / name / "templates")

if "billing" in MODULE_MANIFESTS:
    # Billing without Stripe keys: the API only reads the local summary rows, never Stripe (the fake Stripe of
    # the billing tests is not needed). What the test plans grant:
    QUICKSCALE_BILLING_ENTITLEMENTS = {
        "pro_monthly": {"export": True, "projects": 10},
        "basic_monthly": {"projects": 3},
    }
    QUICKSCALE_BILLING_CUSTOMER = env("QUICKSCALE_BILLING_CUSTOMER", default="user")
