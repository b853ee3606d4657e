from django.apps import AppConfig
from django.core import checks


class QuickScaleApiConfig(AppConfig):
    name = "quickscale_modules.api"
    label = "quickscale_api"
    verbose_name = "QuickScale API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from quickscale_modules.api.checks import check_settings

        checks.register(check_settings)
