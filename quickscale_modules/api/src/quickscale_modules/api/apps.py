from django.apps import AppConfig, apps
from django.core import checks


class QuickScaleApiConfig(AppConfig):
    name = "quickscale_modules.api"
    label = "quickscale_api"
    verbose_name = "QuickScale API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from quickscale_modules.api.checks import check_settings

        checks.register(check_settings)
        if apps.is_installed("quickscale_modules.teams"):
            # Team keys stay true to their team: revoked when it is deleted or their user leaves it.
            from django.db.models.signals import post_delete

            from quickscale_modules.teams.models import Team
            from quickscale_modules.teams.signals import member_removed

            post_delete.connect(revoke_keys_of_deleted_team, sender=Team, dispatch_uid="quickscale_api_team_deleted")
            member_removed.connect(revoke_keys_of_former_member, dispatch_uid="quickscale_api_member_removed")


def revoke_keys_of_deleted_team(sender, instance, **kwargs) -> None:
    from quickscale_modules.api.services import revoke_team_keys

    revoke_team_keys(instance.pk)


def revoke_keys_of_former_member(sender, team, user, **kwargs) -> None:
    from quickscale_modules.api.services import revoke_team_keys

    revoke_team_keys(team.pk, user)
