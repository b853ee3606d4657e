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
            # Team keys stay true to their team: revoked when it is deleted (by the teams services, which run
            # lifecycle.delete_team_data, or any other way: the admin) or when their user leaves it.
            from django.db.models.signals import pre_delete

            from quickscale_modules.teams.models import Team
            from quickscale_modules.teams.signals import member_removed

            pre_delete.connect(revoke_keys_of_deleted_team, sender=Team, dispatch_uid="quickscale_api_team_deleted")
            member_removed.connect(revoke_keys_of_former_member, dispatch_uid="quickscale_api_member_removed")


def revoke_keys_of_deleted_team(sender, instance, **kwargs) -> None:
    from quickscale_modules.api.lifecycle import delete_team_data

    delete_team_data(instance)


def revoke_keys_of_former_member(sender, team, user, **kwargs) -> None:
    from quickscale_modules.api.services import revoke_team_keys

    revoke_team_keys(team.pk, user)
