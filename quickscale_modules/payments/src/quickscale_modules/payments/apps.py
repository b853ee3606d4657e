from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import pre_delete


class QuickScalePaymentsConfig(AppConfig):
    name = "quickscale_modules.payments"
    label = "quickscale_payments"
    verbose_name = "QuickScale payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from quickscale_modules.billing import webhooks as intake
        from quickscale_modules.payments.lifecycle import team_deleted, user_deleted
        from quickscale_modules.payments.webhooks import HANDLERS

        # Stripe's one endpoint is the billing module's (verified, each event once); payments adds its events.
        for event_type, handler in HANDLERS.items():
            intake.register(event_type, handler)
        # Whatever deletes a payer (the lifecycle hooks, the admin, a shell), its purchases lose its name first.
        pre_delete.connect(user_deleted, sender=settings.AUTH_USER_MODEL, dispatch_uid="quickscale_payments_user")
        if apps.is_installed("quickscale_modules.teams"):
            pre_delete.connect(team_deleted, sender="quickscale_teams.Team", dispatch_uid="quickscale_payments_team")
