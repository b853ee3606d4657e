"""Run in a fresh process (the provider switch is read from the environment at settings time): prints, as
JSON, what a visitor sees of social login - the login page, the enabled providers, and the provider URLs."""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auth_testproject.settings")
django.setup()

from authflows import make_user  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from quickscale_modules.auth.services import enabled_social_providers  # noqa: E402


def provider_urls(client: Client) -> dict:
    urls = {}
    for provider in ("google", "github"):
        page = client.get(f"/accounts/{provider}/login/")
        started = client.post(f"/accounts/{provider}/login/")
        urls[provider] = {"get": page.status_code, "page": page.content.decode(), "post": started.status_code}
        urls[provider]["location"] = started.get("Location")
    return urls


def main() -> None:
    call_command("migrate", verbosity=0)
    visitor = Client()
    member = Client()
    make_user()
    member.post("/accounts/login/", {"login": "ada@example.com", "password": "correct-horse-battery-staple"})
    result = {
        "login_page": visitor.get("/accounts/login/").content.decode(),
        "signup_page": visitor.get("/accounts/signup/").content.decode(),
        "account_page": member.get("/accounts/").content.decode(),
        "providers": [(p.id, p.name, p.login_url) for p in enabled_social_providers()],
        "urls": provider_urls(visitor),
        "form_action": settings.CSP_DIRECTIVES["form-action"],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
