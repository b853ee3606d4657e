from django.apps import AppConfig


class QuickScaleFormsConfig(AppConfig):
    name = "quickscale_modules.forms"
    label = "quickscale_forms"
    verbose_name = "Forms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from quickscale_modules.forms import checks  # noqa: F401 (registers the system checks)

        # Forms defined in code: each installed app's site_forms.py registers its own (registry.py).
        autodiscover_modules("site_forms")
