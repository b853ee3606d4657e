from django.apps import AppConfig


class QuickScaleNotificationsConfig(AppConfig):
    name = "quickscale_modules.notifications"
    label = "quickscale_notifications"
    verbose_name = "QuickScale notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connect the anymail tracking-webhook receiver and the user-deletion receiver; register the checks.
        from quickscale_modules.notifications import checks, lifecycle, tracking  # noqa: F401
