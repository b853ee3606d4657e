"""System checks of the notifications module (registered in apps.py)."""

from __future__ import annotations

from django.core.checks import Error, Tags, register

from quickscale_modules.notifications.webhooks import tracking_is_authenticated, tracking_provider


@register(Tags.security, deploy=True)
def tracking_webhook_is_authenticated(app_configs, **kwargs) -> list[Error]:
    provider = tracking_provider()
    if not provider or tracking_is_authenticated():
        return []
    return [
        Error(
            f"The {provider} delivery-tracking webhook is not authenticated, so it refuses every request and "
            "bounces and complaints are never recorded.",
            hint=f"Set ANYMAIL_WEBHOOK_SECRET to a user:password and give the provider the webhook address with it: "
            f"https://user:password@<your-domain>/notifications/anymail/{provider}/tracking/.",
            id="quickscale_notifications.E001",
        )
    ]
