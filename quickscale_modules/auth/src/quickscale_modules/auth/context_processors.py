"""Template context for every page: whether the header's account links (quickscale_auth/_nav.html) offer sign-up."""

from quickscale_modules.auth.conf import auth_settings


def navigation(request) -> dict[str, object]:
    return {"signup_open": bool(auth_settings.ALLOW_SIGNUP)}
