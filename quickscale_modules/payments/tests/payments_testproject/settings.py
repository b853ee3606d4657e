"""Settings shaped like the starter's base.py, then wired exactly as `quickscale create` wires the manifests of
auth and billing (which payments requires), teams and notifications (team purchases, receipt emails) and
payments."""

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

ROOT_URLCONF = "payments_testproject.urls"
WSGI_APPLICATION = "payments_testproject.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The billing test project's base.html (the same page shell), then this project's own pages.
        "DIRS": [BASE_DIR / "templates", MODULES_DIR / "billing" / "tests" / "billing_testproject" / "templates"],
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

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///:memory:")}
DATABASES["default"].update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
AUTH_USER_MODEL = "users.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
STATIC_URL = "static/"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "noreply@example.com"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "CRITICAL"}}

# What `quickscale create --modules auth,teams,notifications,billing,payments` does with the manifests: apps,
# middleware, context processors, settings block, required modules first.
MANIFESTS = {
    name: tomllib.loads((MODULES_DIR / name / "module.toml").read_text())
    for name in ("auth", "teams", "notifications", "billing", "payments")
}
for manifest in MANIFESTS.values():
    INSTALLED_APPS += manifest["installed_apps"]
    MIDDLEWARE += manifest["middleware"]
    TEMPLATES[0]["OPTIONS"]["context_processors"] += manifest.get("context_processors", [])
    exec(manifest["settings"])

# The templates of the modules the test venv installs beside payments, by path: in this venv the repository's
# folder quickscale_modules/<m>, on sys.path for testsupport, stands for the app's package, so APP_DIRS misses them.
for name in ("teams", "notifications", "billing"):
    TEMPLATES[0]["DIRS"].append(MODULES_DIR / name / "src" / "quickscale_modules" / name / "templates")

# The tests' Stripe: the billing module's local fake server (billing/tests/fakestripe.py), and test-mode keys.
STRIPE_API_HOST = env("STRIPE_API_HOST", default="http://127.0.0.1:9")
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="sk_test_quickscaleFakeServerKey000001")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="whsec_quickscale_test")
# The tests run with DEBUG off and test keys, which the billing module warns about in production.
SILENCED_SYSTEM_CHECKS = ["djstripe.W002", "quickscale_billing.W002"]
QUICKSCALE_PAYMENTS_SELF_REFUND_DAYS = 14
