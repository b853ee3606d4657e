"""Who may reach the auth module's URLs (its own and django-allauth's), for the project's authorization test
(tests/urlaccess.py in a generated project explains the format)."""

from allauth.account.models import EmailAddress

# Form pages answer PUT as they answer POST (Django's ProcessFormView), so the rows list both.
FORM = "GET,POST,PUT"

ROWS = {
    "quickscale_auth:account": {"GET": "signed in"},
    # Signing in, signing up and resetting a password: open to everyone (a signed-in user is sent on).
    "account_login": {FORM: "public"},
    "account_signup": {FORM: "public"},
    "account_logout": {"GET,POST": "public"},
    "account_inactive": {"GET": "public"},
    "account_email_verification_sent": {"GET": "public"},
    "account_confirm_email": {"GET,POST": "public", "kwargs": lambda target: {"key": "no-such-key"}},
    "account_reset_password": {FORM: "public"},
    "account_reset_password_done": {"GET": "public"},
    "account_reset_password_from_key": {
        FORM: "public",
        "kwargs": lambda target: {"uidb36": "0", "key": "no-such-key"},
    },
    "account_reset_password_from_key_done": {"GET": "public"},
    "account_confirm_login_code": {FORM: "public"},
    "mfa_authenticate": {FORM: "public"},
    "socialaccount_login_cancelled": {"GET": "public"},
    "socialaccount_login_error": {"GET": "public"},
    "socialaccount_signup": {FORM: "public"},
    "accounts/social/*": {"GET": "public"},
    "*_login": {"GET,POST": "public"},
    "*_callback": {"GET,POST": "public"},
    "google_login_by_token": {"POST": "public"},
    # The signed-in user's own account.
    "account_reauthenticate": {FORM: "signed in"},
    "account_email": {FORM: "signed in"},
    "account_change_password": {FORM: "signed in"},
    "account_set_password": {FORM: "signed in"},
    "socialaccount_connections": {FORM: "signed in"},
    "mfa_index": {"GET": "signed in"},
    "mfa_reauthenticate": {FORM: "signed in"},
    "mfa_activate_totp": {FORM: "signed in"},
    "mfa_deactivate_totp": {FORM: "signed in"},
    "mfa_view_recovery_codes": {"GET": "signed in"},
    "mfa_generate_recovery_codes": {FORM: "signed in"},
    "mfa_download_recovery_codes": {"GET": "signed in"},
}


def populate(world) -> None:
    """Every user of the world has a verified primary address, as after sign-up."""
    for user in world.users.values():
        if user is not None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
