"""EMAIL_PROVIDER and each provider's keys from the environment, as Django and anymail settings.

The project's settings assign each setting they get from here by name (EMAIL_PROVIDER, the module's
email backend, ANYMAIL); switching provider is a change of environment variables, never of code.
Variable names follow anymail's settings (ANYMAIL_<NAME> in the environment).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

BACKENDS: dict[str, str] = {
    # Empty: the project's own EMAIL_BACKEND (EMAIL_URL; the console locally).
    "": "",
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "postmark": "anymail.backends.postmark.EmailBackend",
    "sendgrid": "anymail.backends.sendgrid.EmailBackend",
    "mailgun": "anymail.backends.mailgun.EmailBackend",
    "amazon_ses": "anymail.backends.amazon_ses.EmailBackend",
    "resend": "anymail.backends.resend.EmailBackend",
    "brevo": "anymail.backends.brevo.EmailBackend",
}

# The anymail settings each provider reads (sending keys, then tracking-webhook signature keys).
PROVIDER_KEYS: dict[str, tuple[str, ...]] = {
    "postmark": ("POSTMARK_SERVER_TOKEN",),
    "sendgrid": ("SENDGRID_API_KEY", "SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY"),
    "mailgun": ("MAILGUN_API_KEY", "MAILGUN_SENDER_DOMAIN", "MAILGUN_API_URL", "MAILGUN_WEBHOOK_SIGNING_KEY"),
    "amazon_ses": ("AMAZON_SES_CONFIGURATION_SET_NAME",),
    "resend": ("RESEND_API_KEY", "RESEND_SIGNING_SECRET"),
    "brevo": ("BREVO_API_KEY",),
}


# Each provider's delivery-tracking webhook view (anymail's). The module mounts the configured provider's alone.
TRACKING_VIEWS: dict[str, str] = {
    "postmark": "anymail.webhooks.postmark.PostmarkTrackingWebhookView",
    "sendgrid": "anymail.webhooks.sendgrid.SendGridTrackingWebhookView",
    "mailgun": "anymail.webhooks.mailgun.MailgunTrackingWebhookView",
    "amazon_ses": "anymail.webhooks.amazon_ses.AmazonSESTrackingWebhookView",
    "resend": "anymail.webhooks.resend.ResendTrackingWebhookView",
    "brevo": "anymail.webhooks.brevo.BrevoTrackingWebhookView",
}

# The anymail setting of the key with which anymail checks a provider's own webhook signature, where it has one.
SIGNING_KEYS: dict[str, str] = {
    "sendgrid": "SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY",
    "mailgun": "MAILGUN_WEBHOOK_SIGNING_KEY",
    "resend": "RESEND_SIGNING_SECRET",
}


def email_provider(env: Callable[..., str]) -> str:
    """The provider named by EMAIL_PROVIDER, lower-cased; empty when unset."""
    provider = env("EMAIL_PROVIDER", default="").strip().lower()
    if provider not in BACKENDS:
        choices = ", ".join(name for name in BACKENDS if name)
        raise ImproperlyConfigured(f"EMAIL_PROVIDER={provider!r} is not a provider; use one of: {choices}.")
    return provider


def email_backend(provider: str) -> str:
    """The Django email backend of a provider; empty for the project's own EMAIL_BACKEND."""
    return BACKENDS[provider]


def anymail_settings(env: Callable[..., str], provider: str) -> dict[str, object]:
    """The ANYMAIL setting: the webhook secret and the provider's own keys that are set in the environment."""
    anymail: dict[str, object] = {}
    if secret := env("ANYMAIL_WEBHOOK_SECRET", default=""):
        anymail["WEBHOOK_SECRET"] = secret
    for name in PROVIDER_KEYS.get(provider, ()):
        if value := env(f"ANYMAIL_{name}", default=""):
            anymail[name] = value
    if provider == "amazon_ses" and (region := env("AWS_REGION", default="")):
        anymail["AMAZON_SES_CLIENT_PARAMS"] = {"region_name": region}
    return anymail


def webhook_is_authenticated(provider: str, anymail: dict[str, object]) -> bool:
    """Whether anymail can tell the provider's webhook requests from forged ones: the basic auth of
    WEBHOOK_SECRET, or the provider's own signature. Without either anymail accepts any request."""
    return bool(anymail.get("WEBHOOK_SECRET") or anymail.get(SIGNING_KEYS.get(provider, "")))
