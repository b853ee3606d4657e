from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "todo"
    verbose_name = "Tasks"
    default_auto_field = "django.db.models.BigAutoField"
