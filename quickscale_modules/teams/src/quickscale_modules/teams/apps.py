from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import pre_delete


class QuickScaleTeamsConfig(AppConfig):
    name = "quickscale_modules.teams"
    label = "quickscale_teams"
    verbose_name = "QuickScale teams"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from quickscale_modules.teams import receivers

        pre_delete.connect(
            receivers.withdraw_invitations_of_deleted_user,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="quickscale_teams_inviter_deleted",
        )
        # A personal team on sign-up exists only with the auth module (allauth's sign-up flow).
        if apps.is_installed("allauth.account"):
            from allauth.account.signals import user_signed_up

            user_signed_up.connect(receivers.create_personal_team, dispatch_uid="quickscale_teams_personal_team")
