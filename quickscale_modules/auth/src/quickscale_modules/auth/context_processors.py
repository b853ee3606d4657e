"""Template context for every page: the account links in the project's header (base.html's nav region)."""

from quickscale_modules.auth.conf import auth_settings


def navigation(request) -> dict[str, object]:
    return {"nav_templates": ["quickscale_auth/_nav.html"], "signup_open": bool(auth_settings.ALLOW_SIGNUP)}
