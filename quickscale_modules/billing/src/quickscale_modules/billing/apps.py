from django.apps import AppConfig, apps
from django.core import checks


class QuickScaleBillingConfig(AppConfig):
    name = "quickscale_modules.billing"
    label = "quickscale_billing"
    verbose_name = "QuickScale billing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from quickscale_modules.billing.admin import replace_djstripe_admin
        from quickscale_modules.billing.checks import check_settings, check_stripe_keys

        checks.register(check_stripe_keys, checks.Tags.security, deploy=False)
        checks.register(check_settings)
        if apps.is_installed("django.contrib.admin"):
            replace_djstripe_admin()
        if apps.is_installed("quickscale_modules.teams"):
            self._follow_team_members()

    def _follow_team_members(self) -> None:
        """Per-seat billing: a team's subscription quantity follows its member count."""
        from quickscale_modules.billing.seats import on_member_change
        from quickscale_modules.teams.signals import member_added, member_removed

        member_added.connect(on_member_change, dispatch_uid="quickscale_billing_member_added")
        member_removed.connect(on_member_change, dispatch_uid="quickscale_billing_member_removed")
