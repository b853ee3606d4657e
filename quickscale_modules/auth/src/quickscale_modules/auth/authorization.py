"""Who may reach the auth module's URLs (its own and django-allauth's), for the project's authorization test
(tests/urlaccess.py in a generated project explains the format)."""

import base64
import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.conf import settings

# allauth's pages are forms: GET shows one, POST sends it, and PUT is taken as POST (Django's form views).
FORM = "GET,POST,PUT"

# The steps of a sign-in in progress (a code to enter, a second factor): without one pending, visitors are
# sent back to the sign-in page and a signed-in user on to the site.
SIGN_IN_STEP = "signed in"
# A social sign-up without a social sign-in in progress: back to the sign-in page, whoever asks.
NO_SOCIAL_SIGN_UP = {"level": "staff", "staff": "login"}

BROWSER_ACTORS = ("anonymous", "user", "member", "admin", "owner", "staff")
# Pages about a second factor: only the user who has one (the world's staff user) gets past the 404.
TWO_FACTOR = {"level": "signed in", "user": "404", "member": "404", "admin": "404", "owner": "404"}


def _social_login() -> str | dict:
    """Google and GitHub sign-in: a 404 until the provider's keys are set (SOCIALACCOUNT_PROVIDERS)."""
    if getattr(settings, "SOCIALACCOUNT_PROVIDERS", None):
        return "public"
    return {"level": "public", **dict.fromkeys(BROWSER_ACTORS, "404")}


def _email_link(**kwargs) -> dict:
    """A link from an email, here with a made-up key: its page says the link is invalid, to whoever opens it."""
    return {"kwargs": lambda target: kwargs, "other": None}


ROWS = {
    "quickscale_auth:account": {"GET": "signed in"},
    "quickscale_auth:export_data": {"GET": "signed in"},
    # Deleting asks for the password again first (a redirect to allauth's reauthentication).
    "quickscale_auth:delete_account": {"GET,POST": "signed in"},
    # The admin's sign-in goes through allauth's (apps.py): visitors to it, signed-in users without staff status
    # are refused.
    "admin:login": {FORM: {"level": "staff", "user": "403", "member": "403", "admin": "403", "owner": "403"}},
    # Signing in, signing up and resetting a password: open to everyone (a signed-in user is sent on).
    "account_login": {FORM: "public"},
    "account_signup": {FORM: "public"},
    "account_logout": {"GET,POST": "public"},
    "account_inactive": {"GET": "public"},
    "account_email_verification_sent": {"GET": "public"},
    "account_confirm_email": {
        "GET": "public",
        "POST": {"level": "public", **dict.fromkeys(BROWSER_ACTORS, "404")},  # no such confirmation
        **_email_link(key="made-up"),
    },
    "account_reset_password": {FORM: "public"},
    "account_reset_password_done": {"GET": "public"},
    # An invalid link's page, whatever the method.
    "account_reset_password_from_key": {
        "GET,POST,PUT,PATCH,DELETE": "public",
        **_email_link(uidb36="0", key="made-up"),
    },
    "account_reset_password_from_key_done": {"GET": "public"},
    "account_confirm_login_code": {FORM: SIGN_IN_STEP},
    "mfa_authenticate": {FORM: SIGN_IN_STEP},
    "socialaccount_signup": {FORM: NO_SOCIAL_SIGN_UP},
    "socialaccount_login_cancelled": {"GET": "public"},
    "socialaccount_login_error": {"GET": {"level": "public", **dict.fromkeys(BROWSER_ACTORS, "401")}},
    "accounts/social/*": {"GET": "public"},  # allauth's old addresses, redirected to the new ones
    "*_login": {FORM: _social_login()},
    "*_callback": {FORM: _social_login()},
    "google_login_by_token": {"POST": _social_login()},
    # The signed-in user's own account.
    "account_reauthenticate": {FORM: "signed in"},
    "account_email": {FORM: "signed in"},
    "account_change_password": {FORM: "signed in"},
    "account_set_password": {FORM: "signed in"},
    "socialaccount_connections": {FORM: "signed in"},
    "mfa_index": {"GET": "signed in"},
    "mfa_reauthenticate": {FORM: "signed in"},
    "mfa_activate_totp": {FORM: "signed in"},
    "mfa_generate_recovery_codes": {FORM: "signed in"},
    "mfa_deactivate_totp": {FORM: TWO_FACTOR},
    "mfa_view_recovery_codes": {"GET": TWO_FACTOR},
    "mfa_download_recovery_codes": {"GET": TWO_FACTOR},
}


def populate(world) -> None:
    """Every user of the world has a verified primary address, as after sign-up; the staff user also has
    two-factor authentication (an authenticator app and recovery codes)."""
    for user in world.users.values():
        if user is not None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # Stored as allauth stores them (its activation helpers are internal): a base32 secret, a hex seed.
    staff = world.users["staff"]
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)})
    seed = encrypt(secrets.token_hex(40))
    Authenticator.objects.create(
        user=staff, type=Authenticator.Type.RECOVERY_CODES, data={"seed": seed, "used_mask": 0}
    )
