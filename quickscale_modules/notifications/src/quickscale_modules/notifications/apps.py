from django.apps import AppConfig


class QuickScaleNotificationsConfig(AppConfig):
    name = "quickscale_modules.notifications"
    label = "quickscale_notifications"
    verbose_name = "QuickScale notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the anymail tracking-webhook receiver.
        from quickscale_modules.notifications import tracking  # noqa: F401
