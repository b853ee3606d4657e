from django.apps import AppConfig, apps
from django.conf import settings
from django.core import checks
from django.db.models.signals import pre_delete


class QuickScaleBillingConfig(AppConfig):
    name = "quickscale_modules.billing"
    label = "quickscale_billing"
    verbose_name = "QuickScale billing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from quickscale_modules.billing.admin import replace_djstripe_admin
        from quickscale_modules.billing.checks import check_settings, check_stripe_keys
        from quickscale_modules.billing.lifecycle import team_deleted, user_deleted

        checks.register(check_stripe_keys, checks.Tags.security, deploy=False)
        checks.register(check_settings)
        if apps.is_installed("django.contrib.admin"):
            replace_djstripe_admin()
        # Whatever deletes a payer (the lifecycle hooks, the admin, a shell) cancels its subscription first.
        pre_delete.connect(user_deleted, sender=settings.AUTH_USER_MODEL, dispatch_uid="quickscale_billing_user")
        if apps.is_installed("quickscale_modules.teams"):
            pre_delete.connect(team_deleted, sender="quickscale_teams.Team", dispatch_uid="quickscale_billing_team")
            self._follow_team_members()

    def _follow_team_members(self) -> None:
        """Per-seat billing: a team's subscription quantity follows its member count."""
        from quickscale_modules.billing.seats import on_member_change
        from quickscale_modules.teams.signals import member_added, member_removed

        member_added.connect(on_member_change, dispatch_uid="quickscale_billing_member_added")
        member_removed.connect(on_member_change, dispatch_uid="quickscale_billing_member_removed")
