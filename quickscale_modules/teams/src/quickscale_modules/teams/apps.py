from django.apps import AppConfig, apps


class QuickScaleTeamsConfig(AppConfig):
    name = "quickscale_modules.teams"
    label = "quickscale_teams"
    verbose_name = "QuickScale teams"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A personal team on sign-up exists only with the auth module (allauth's sign-up flow).
        if apps.is_installed("allauth.account"):
            from allauth.account.signals import user_signed_up

            from quickscale_modules.teams.receivers import create_personal_team

            user_signed_up.connect(create_personal_team, dispatch_uid="quickscale_teams_personal_team")
