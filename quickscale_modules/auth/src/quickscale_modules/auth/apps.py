from django.apps import AppConfig
from django.core import checks


class QuickScaleAuthConfig(AppConfig):
    name = "quickscale_modules.auth"
    label = "quickscale_auth"
    verbose_name = "QuickScale auth"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from quickscale_modules.auth.checks import check_rate_limits

        checks.register(check_rate_limits, checks.Tags.security)
